"""The rows of an import (fupin.core.importing_rows): one header finder, one date parser, one row error and
the all-or-nothing runner every importer goes through."""

import datetime

import pytest
from django.utils import translation

from fupin.core import importing_values as values
from fupin.core.importing_rows import (
    RowError,
    find_header,
    header_missing,
    import_rows,
    records,
    synonyms_of,
)
from fupin.ledgers import services
from fupin.ledgers.models import LedgerItem

pytestmark = pytest.mark.django_db  # the suite's autouse seed fixture reads the database

COLUMNS = {
    "name": ("姓名", "成员姓名"),
    "id_number": ("公民身份号码", "身份证号码", "身份证号"),
    "cadre_name": ("帮扶责任人姓名",),
    "cadre_phone": ("帮扶责任人电话",),
}
SYNONYMS = synonyms_of(COLUMNS)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


def numbered(rows, start=1):
    return list(enumerate(rows, start=start))


def test_the_header_is_found_under_title_rows_by_a_synonym_written_with_marks():
    # given a title, a 填报单位 line, then a header whose names carry '*', '(必填)' and full-width brackets
    sheet = numbered(
        [
            ["蓬江区建档立卡贫困人口花名册"],
            ["填报单位：棠下镇", "", "填报日期：2020年3月"],
            ["序号", "*成员姓名（必填）", "身份证号码"],
            ["1", "张三", "440703199001011234"],
            ["", "", ""],
            ["2", "李四", "440703199002021234"],
        ]
    )

    # when the header is looked for
    header, rows = find_header(sheet, SYNONYMS, required=("name",))

    # then its row and columns are known, and the rows under it are the data, blank ones passed over
    assert header.row_number == 3
    assert header.mapping == {1: "name", 2: "id_number"}
    assert header.names == {"name": "*成员姓名（必填）", "id_number": "身份证号码"}
    assert list(records(header, rows)) == [
        (4, {"name": "张三", "id_number": "440703199001011234"}),
        (6, {"name": "李四", "id_number": "440703199002021234"}),
    ]


def test_a_header_merged_over_two_rows_reads_each_column_under_its_group():
    sheet = numbered(
        [
            ["姓名", "身份证号", "帮扶责任人", ""],
            ["", "", "姓名", "电话"],
            ["张三", "440703199001011234", "王干部", "13800000001"],
        ]
    )

    header, rows = find_header(sheet, SYNONYMS)

    assert header.height == 2 and header.row_number == 2
    assert header.mapping == {0: "name", 1: "id_number", 2: "cadre_name", 3: "cadre_phone"}
    assert [number for number, _cells in rows] == [3]


def test_no_header_is_found_without_a_required_column_or_beyond_the_look_ahead():
    without_id = numbered([["姓名", "电话"], ["张三", "13800000001"]])
    too_low = numbered([[""]] * 5 + [["姓名", "身份证号"]])

    assert find_header(without_id, SYNONYMS, required=("id_number",))[0] is None
    assert find_header(too_low, SYNONYMS, look_ahead=5)[0] is None
    assert find_header(too_low, SYNONYMS)[0].row_number == 6


@pytest.mark.parametrize(
    "cell",
    [
        "2020-03-15",
        "2020.3.15",
        "2020/03/15",
        "2020年3月15日",
        "20200315",
        " 2020-03-15 08:30:00",
        43905,  # an Excel date serial
        43905.0,
        datetime.datetime(2020, 3, 15, 8, 30),
        datetime.date(2020, 3, 15),
    ],
)
def test_the_date_parser_reads_every_way_offices_write_a_date(cell):
    assert values.date(cell) == datetime.date(2020, 3, 15)


@pytest.mark.parametrize("cell", ["2020-13-01", "2020-02-30", "明天", "3/15", 0, 9_999_999])
def test_a_date_it_cannot_read_is_refused_with_the_format_to_use(cell):
    with pytest.raises(ValueError, match="日期格式应为 YYYY-MM-DD"):
        values.date(cell)


def test_a_blank_date_is_no_date():
    assert values.date("") is None and values.date(None) is None and values.date("  ") is None


def test_a_row_error_is_a_row_column_message_triple_shown_in_the_users_language():
    error = RowError(7, "整改时限", "日期格式应为 YYYY-MM-DD", sheet="问题清单", value="2020-13-01")

    assert error == (7, "整改时限", "日期格式应为 YYYY-MM-DD")
    row, column, message = error
    assert (row, column, message) == (error.row, error.column, error.message)
    assert str(error) == "第7行 整改时限：日期格式应为 YYYY-MM-DD"
    assert error.as_dict() == {
        "sheet": "问题清单",
        "row": 7,
        "column": "整改时限",
        "value": "2020-13-01",
        "message": "日期格式应为 YYYY-MM-DD",
    }
    with translation.override("en"):
        assert str(error) == "Row 7, 整改时限: 日期格式应为 YYYY-MM-DD"
        assert header_missing(["区划代码", "问题描述"]).message.startswith("Header not found")


# --- the runner, writing ledger items through their service -----------------------------------------------

HEADER = ["区划代码", "问题描述", "整改时限"]


def _parse(record):
    row, errors = {}, []
    row["region_code"] = values.compact(record["region_code"])
    row["description"] = values.plain(record["description"])
    try:
        row["deadline"] = values.date(record["deadline"])
    except ValueError as exc:
        errors.append(("整改时限", str(exc)))
    if not row["description"]:
        errors.append(("问题描述", "必填"))
    return row, errors


def _run(table, user):
    columns = {"region_code": ("区划代码",), "description": ("问题描述",), "deadline": ("整改时限",)}
    header, rows = find_header(numbered(table), synonyms_of(columns))
    return import_rows(
        records(header, rows),
        _parse,
        lambda row: services.create_item(by=user, source_note="import", **row),
    )


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(town_user):
    result = _run(
        [
            HEADER,
            ["440703101201", "危房未改造", "2020-06-30"],
            ["440703101201", "", "2020-13-01"],
            ["440703101202", "饮水不达标", "2020/06/30"],
            ["440703101202", "", "2020-06-30"],
        ],
        town_user,
    )

    assert not LedgerItem.objects.exists()
    assert result.created == 0
    assert result.errors == [
        (3, "整改时限", "日期格式应为 YYYY-MM-DD"),
        (3, "问题描述", "必填"),
        (5, "问题描述", "必填"),
    ]


def test_a_row_the_service_refuses_undoes_the_rows_written_before_it(town_user):
    # the second row is well formed, but in a town the user cannot see: the service refuses it
    result = _run(
        [
            HEADER,
            ["440703101201", "危房未改造", "2020-06-30"],
            ["440703102201", "饮水不达标", "2020-06-30"],
        ],
        town_user,
    )

    assert not LedgerItem.objects.exists()
    assert [(error.row, error.message) for error in result.errors] == [(3, "记录不存在。")]


def test_a_file_without_errors_is_written_whole(town_user):
    result = _run(
        [
            HEADER,
            ["440703101201", "危房未改造", "2020-06-30"],
            ["440703101202", "饮水不达标", "2020年6月30日"],
        ],
        town_user,
    )

    assert result.errors == [] and result.created == 2
    assert sorted(LedgerItem.objects.values_list("region_code", "deadline")) == [
        ("440703101201", datetime.date(2020, 6, 30)),
        ("440703101202", datetime.date(2020, 6, 30)),
    ]
