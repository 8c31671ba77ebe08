"""The one reader (fupin.core.importing): inspection before parsing, a worker with a memory limit, streaming."""

import dataclasses
import datetime
import resource
import zipfile

import openpyxl
import pytest
from django.utils import translation

from fupin.core.errors import DomainError
from fupin.core.importing import Limits, check_file, read_sheets
from fupin.core.tests.hostile_files import sparse_xlsx, zip_bomb_xlsx
from fupin.core.uploads import SealedFileError, open_sealed, seal_file

GIB = 1024 * 1024  # ru_maxrss is in KiB on Linux
pytestmark = pytest.mark.django_db  # the suite's autouse seed fixture reads the database


@pytest.fixture(autouse=True)
def chinese():
    """The messages are matched in Chinese, whatever language an earlier test left active."""
    with translation.override("zh-hans"):
        yield


def limits(**changes):
    return dataclasses.replace(Limits.from_settings(), **changes)


def workbook(path, sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_a_sparse_sheet_declaring_the_whole_grid_is_refused_before_parsing(tmp_path):
    path = sparse_xlsx(tmp_path / "sparse.xlsx")

    with pytest.raises(DomainError, match=r"A1:XFD1048576 超出上限（最多 200 列）"):
        read_sheets(path)

    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < GIB


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return zip_bomb_xlsx(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", megabytes=150)


def test_a_zip_bomb_is_refused_by_its_compression_ratio(bomb):
    with pytest.raises(DomainError, match=r"sheet1.xml.*压缩比.*疑似压缩炸弹"):
        read_sheets(bomb)

    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < GIB


def test_a_container_too_large_unzipped_or_with_too_many_entries_is_refused(tmp_path):
    path = workbook(tmp_path / "ok.xlsx", {"户": [["户编号"], ["H1"]]})

    with pytest.raises(DomainError, match="解压后"):
        check_file(path, limits=limits(max_unzipped=1000))
    with pytest.raises(DomainError, match="压缩项"):
        check_file(path, limits=limits(max_entries=3))


def test_declared_rows_and_cells_above_their_caps_are_refused(tmp_path):
    path = workbook(tmp_path / "rows.xlsx", {"户": [[n, n, n] for n in range(20)]})

    with pytest.raises(DomainError, match=r"A1:C20 超出上限（最多 10 行）"):
        check_file(path, limits=limits(max_rows=10))
    with pytest.raises(DomainError, match=r"A1:C20 超出上限（最多 50 个单元格）"):
        check_file(path, limits=limits(max_cells=50))


def test_a_file_that_passes_inspection_but_explodes_fails_alone_in_the_worker(tmp_path):
    path = sparse_xlsx(tmp_path / "sparse.xlsx")  # calamine asks for 550 GB: Rust aborts the process
    loose = limits(max_rows=10**8, max_columns=10**6, max_cells=10**15, worker_memory=512 * 1024 * 1024)

    with pytest.raises(DomainError, match="文件过大或格式异常，无法读取"):
        [list(sheet.rows) for sheet in read_sheets(path, limits=loose)]

    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < GIB


def test_every_sheet_streams_from_the_worker_with_its_values_and_declared_height(tmp_path):
    day = datetime.date(2020, 3, 1)
    path = workbook(
        tmp_path / "two.xlsx",
        {"户": [["户编号", "人数"], ["H1", 3], ["H2", 4.5]], "成员": [["姓名", "出生日期"], ["张三", day]]},
    )

    sheets = read_sheets(path)

    assert [(s.name, s.height) for s in sheets] == [("户", 3), ("成员", 2)]
    assert list(sheets[1].rows) == [(1, ["姓名", "出生日期"]), (2, ["张三", day])]  # any order
    assert list(sheets[0].rows) == [(1, ["户编号", "人数"]), (2, ["H1", 3]), (3, ["H2", 4.5])]


def test_a_sheet_longer_than_one_batch_arrives_whole_and_in_order(tmp_path):
    path = workbook(tmp_path / "long.xlsx", {"户": [[f"H{n}", n] for n in range(5000)]})

    [sheet] = read_sheets(path)

    rows = list(sheet.rows)
    assert len(rows) == 5000 and rows[-1] == (5000, ["H4999", 4999])


def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip at all")

    with pytest.raises(DomainError, match="无法读取该Excel文件"):
        read_sheets(path)


def test_a_csv_above_the_size_cap_is_refused_and_one_below_streams(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("户编号,姓名\nH1,张三\n", encoding="utf-8")

    with pytest.raises(DomainError, match="超出上限"):
        read_sheets(path, limits=limits(max_bytes=10))
    assert list(read_sheets(path)[0].rows) == [(1, ["户编号", "姓名"]), (2, ["H1", "张三"])]


def test_a_csv_with_a_monstrous_field_is_refused_with_a_message(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text('户编号\n"' + "x" * 200_000 + '"\n', encoding="utf-8")

    with pytest.raises(DomainError, match="CSV 文件格式异常"):
        list(read_sheets(path)[0].rows)


def test_a_sealed_file_opens_back_and_an_altered_or_cut_one_does_not(tmp_path, settings):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"440703199001011234," * 150_000)  # about 3 MB: three chunks
    sealed = seal_file(plain, tmp_path / "sealed")

    assert b"440703199001011234" not in sealed.read_bytes()
    assert b"".join(open_sealed(sealed)) == plain.read_bytes()
    lines = sealed.read_bytes().splitlines(keepends=True)
    (tmp_path / "cut").write_bytes(b"".join(lines[:-1]))
    (tmp_path / "swapped").write_bytes(b"".join([lines[1], lines[0], *lines[2:]]))
    for name in ("cut", "swapped"):
        with pytest.raises(SealedFileError):
            b"".join(open_sealed(tmp_path / name))
    settings.SECRET_KEY = "another-key"
    settings.FUPIN_DATA_KEY = ""
    with pytest.raises(SealedFileError):
        b"".join(open_sealed(sealed))


def test_the_zip_bomb_builder_makes_a_real_bomb(bomb):
    [entry] = [e for e in zipfile.ZipFile(bomb).infolist() if e.filename.endswith("sheet1.xml")]
    assert entry.file_size > 149 * 1024 * 1024 and bomb.stat().st_size < 2 * 1024 * 1024
