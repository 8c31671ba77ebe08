"""Registry import: layouts, tolerances, errors, all-or-nothing commit, re-import, audit."""

import datetime
import random
import re

import pytest

from fupin.audit.models import AuditEntry
from fupin.registry.identity import make_id_number
from fupin.registry.importing.running import import_file
from fupin.registry.models import Household, ImportedRange, Member
from fupin.registry.queries import household_history, import_entry_for, member_history
from fupin.registry.tests.factories import fresh_id_number, household_with_members
from fupin.registry.tests.import_files import HEADER, household_rows, write_csv, write_xls, write_xlsx


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def messages(result):
    return [e["message"] for e in result["errors"]]


def test_clean_template_file_creates_households_and_members(town_user, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", household_rows(3, 2))

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    assert result["committed"] is True
    assert result["households"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert result["members"] == {"created": 6, "updated": 0, "unchanged": 0}
    household = Household.objects.get(number="H00000001")
    assert household.region_id == "440703101201"
    assert household.main_cause == "01"
    assert household.members.count() == 2
    assert set(Member.objects.values_list("region_code", flat=True)) == {"440703101201"}
    member = household.members.order_by("id").first()  # columns not in the file take the defaults
    assert (member.ethnicity, member.schooling, member.work_status, member.work_months) == (
        "01",
        "01",
        "00",
        0,
    )
    assert (member.medical_insurance, member.pension_insurance, member.education, member.phone) == (
        True,
        False,
        "",
        "",
    )


def test_dry_run_writes_nothing_and_counts_what_would_change(town_user, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", household_rows(2, 3))

    result = import_file(path, by=town_user, dry_run=True)

    assert result["committed"] is False
    assert result["members"]["created"] == 6
    assert Household.objects.count() == 0
    assert Member.objects.count() == 0


def test_reimporting_the_same_file_changes_nothing(town_user, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", household_rows(3, 2))
    import_file(path, by=town_user, dry_run=False)
    audit_count = AuditEntry.objects.count()
    stamps = list(Member.objects.order_by("id").values_list("updated_at", "version"))

    result = import_file(path, by=town_user, dry_run=False)

    assert result["households"] == {"created": 0, "updated": 0, "unchanged": 3}
    assert result["members"] == {"created": 0, "updated": 0, "unchanged": 6}
    assert list(Member.objects.order_by("id").values_list("updated_at", "version")) == stamps
    assert AuditEntry.objects.count() == audit_count + 1  # only the summary of the run


def test_changed_values_update_records_and_keep_their_before_values_in_the_audit(town_user, tmp_path):
    rows = household_rows(1, 2)
    import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=False)
    rows[1][5] = "改名"
    rows[0][4] = "6800"
    rows[1][4] = "6800"

    result = import_file(
        write_xlsx(tmp_path / "b.xlsx", rows), by=town_user, dry_run=False, source="import:77"
    )

    assert result["households"]["updated"] == 1
    assert result["members"] == {"created": 0, "updated": 1, "unchanged": 1}
    member = Member.objects.with_id_number(rows[1][6]).get()
    assert member.name == "改名"
    assert member.version == 2
    entry = AuditEntry.objects.get(action="registry.member.updated", target_id=str(member.pk))
    assert entry.changes == {"name": ["成员1-1", "改名"]}
    assert entry.source == "import:77"
    assert entry.actor == town_user
    household_entry = AuditEntry.objects.get(action="registry.household.updated")
    assert household_entry.changes == {"income_per_capita": ["5200.00", "6800.00"]}


def test_created_records_point_to_the_import_in_their_history(town_user, tmp_path):
    """Households of two villages interleaved in the file: one `registry.import.created` entry per village,
    and every created household's and member's history shows its village's entry."""
    first, second = household_rows(2, 2), household_rows(1, 3, village="440703101202", start=3)
    rows = first[:2] + second + first[2:]
    import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=False, source="import:5")

    entries = {e.region_code: e for e in AuditEntry.objects.filter(action="registry.import.created")}
    assert set(entries) == {"440703101201", "440703101202"}
    one, two = entries["440703101201"], entries["440703101202"]
    assert one.changes == {"households": [None, 2], "members": [None, 4]}
    assert two.changes == {"households": [None, 1], "members": [None, 3]}
    assert (one.target_type, one.target_id, one.target_label) == (
        "regions.region",
        "440703101201",
        "测试一村",
    )
    assert one.source == "import:5" and "SHA-256" in one.note and one.actor == town_user
    assert not AuditEntry.objects.filter(target_type__in=["registry.household", "registry.member"]).exists()
    for household in Household.objects.all():
        expected = entries[household.region_id]
        assert list(household_history(household)) == [expected]
        for member in household.members.all():
            assert list(member_history(member)) == [expected]
    summary = AuditEntry.objects.get(action="registry.import.committed")
    assert summary.changes["members"][1]["created"] == 7
    assert "SHA-256" in summary.note


def test_each_import_is_found_for_the_records_it_created_and_for_no_other(town_user, tmp_path):
    from fupin.registry import services

    import_file(
        write_xlsx(tmp_path / "a.xlsx", household_rows(2, 1)), by=town_user, dry_run=False, source="import:1"
    )
    later = services.add_member(
        Household.objects.get(number="H00000001"),
        by=town_user,
        name="后来",
        id_number=fresh_id_number(),
        relation="03",
        labor_ability="1",
    )
    import_file(
        write_xlsx(tmp_path / "b.xlsx", household_rows(1, 2, start=3)),
        by=town_user,
        dry_run=False,
        source="import:2",
    )

    def source_of(model, pk):
        entry = import_entry_for(model, pk)
        return None if entry is None else AuditEntry.objects.get(pk=entry).source

    for household in Household.objects.all():
        expected = "import:2" if household.number == "H00000003" else "import:1"
        assert source_of(ImportedRange.HOUSEHOLD, household.pk) == expected
        for member in household.members.exclude(pk=later.pk):
            assert source_of(ImportedRange.MEMBER, member.pk) == expected
    assert source_of(ImportedRange.MEMBER, later.pk) is None  # added between the two imports
    assert [e.action for e in member_history(later)] == ["registry.member.added"]


def test_ids_drawn_by_another_transaction_meanwhile_split_the_runs_but_each_record_finds_its_import(
    town_user, tmp_path, monkeypatch
):
    """On PostgreSQL the import draws ids from the sequences that other writers use at the same time: the
    ids it gets may have gaps. Every created record must still find its import, and an id in a gap none."""
    from fupin.registry.importing import committing

    drawn = {}

    def with_gaps(model, count):
        ids = [1000 * (len(drawn) + 1) + i + (i // 2) * 5 for i in range(count)]  # a gap after every 2nd
        drawn[model] = ids
        return ids

    monkeypatch.setattr(committing, "allocate_ids", with_gaps)
    import_file(write_xlsx(tmp_path / "a.xlsx", household_rows(5, 3)), by=town_user, dry_run=False)

    entry = AuditEntry.objects.get(action="registry.import.created").pk
    assert ImportedRange.objects.filter(model=ImportedRange.HOUSEHOLD).count() == 3  # 5 ids in runs of 2
    for household in Household.objects.all():
        assert import_entry_for(ImportedRange.HOUSEHOLD, household.pk) == entry
    for member in Member.objects.all():
        assert import_entry_for(ImportedRange.MEMBER, member.pk) == entry
    gap = drawn[Member][1] + 1
    assert gap not in drawn[Member] and import_entry_for(ImportedRange.MEMBER, gap) is None


def test_a_member_imported_into_a_registered_household_has_its_own_entry(town_user, tmp_path):
    rows = household_rows(1, 2)
    import_file(write_xlsx(tmp_path / "a.xlsx", rows[:1]), by=town_user, dry_run=False, source="import:1")

    result = import_file(
        write_xlsx(tmp_path / "b.xlsx", rows), by=town_user, dry_run=False, source="import:2"
    )

    assert result["members"] == {"created": 1, "updated": 0, "unchanged": 1}
    head, child = Member.objects.order_by("id")
    own = AuditEntry.objects.for_target("registry.member", child.pk).get()
    assert (own.action, own.source) == ("registry.member.imported", "import:2")
    assert list(member_history(child)) == [own]  # the first import did not create it
    assert [e.source for e in member_history(head)] == ["import:1"]
    assert not AuditEntry.objects.filter(action="registry.import.created", source="import:2").exists()


def test_one_bad_row_among_999_good_ones_writes_nothing_and_reports_exactly_that_row(town_user, tmp_path):
    rows = household_rows(333, 3)
    rows = rows[:999]
    bad = random.Random(7).randrange(1, 999)
    rows[bad] = list(rows[bad])
    rows[bad][6] = rows[bad][6][:17] + ("0" if rows[bad][6][17] != "0" else "1")
    path = write_xlsx(tmp_path / "a.xlsx", rows)

    result = import_file(path, by=town_user, dry_run=False)

    assert result["committed"] is False
    assert [(e["row"], e["column"]) for e in result["errors"]] == [(bad + 2, "公民身份号码")]
    assert "校验位" in result["errors"][0]["message"]
    assert "*" in result["errors"][0]["value"]
    assert Household.objects.count() == 0
    assert Member.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_csv_in_utf8_with_bom_utf8_and_gbk_all_read(town_user, tmp_path):
    for n, encoding in enumerate(["utf-8-sig", "utf-8", "gbk", "gb18030"]):
        rows = household_rows(1, 2, start=n + 1)
        path = write_csv(tmp_path / f"{encoding}.csv", rows, encoding=encoding)
        result = import_file(path, by=town_user, dry_run=False)
        assert result["errors"] == [], encoding
    assert Member.objects.filter(name="成员4-1").exists()
    assert Household.objects.count() == 4


def test_old_binary_xls_is_read(town_user, tmp_path):
    path = write_xls(tmp_path / "a.xls", household_rows(2, 2))

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    assert result["members"]["created"] == 4


def test_title_rows_reporting_unit_line_totals_and_notes_are_skipped(town_user, tmp_path):
    rows = household_rows(2, 2)
    path = write_xlsx(
        tmp_path / "a.xlsx",
        rows,
        above=[["蓬江区建档立卡贫困户花名册"], ["填报单位：棠下镇", "", "", "填报日期：2020年3月15日"]],
        below=[[], ["合计", "", "", "", "", "4人"], ["注：本表由村委会填写。"]],
    )

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    assert result["members"]["created"] == 4
    assert result["rows"] == 4


def test_errors_report_rows_as_excel_shows_them_below_a_title(town_user, tmp_path):
    rows = household_rows(1, 2)
    rows[1][8] = "很能干"
    path = write_xlsx(tmp_path / "a.xlsx", rows, above=[["花名册"], ["填报单位：测试"]])

    result = import_file(path, by=town_user, dry_run=True)

    assert [(e["sheet"], e["row"], e["column"]) for e in result["errors"]] == [("贫困户", 5, "劳动能力")]
    assert "代码表" in result["errors"][0]["message"]


def test_two_row_merged_header_is_understood(town_user, tmp_path):
    upper = ["户编号", "村区划代码", "主要致贫原因", "识别年度", "家庭成员", "", "", "", "帮扶责任人", ""]
    lower = ["", "", "", "", "姓名", "证件号码", "与户主关系", "劳动技能", "姓名", "单位"]
    rows = [r[:4] + r[5:] + ["张帮扶", "市人社局"] for r in household_rows(1, 2)]
    path = write_xlsx(tmp_path / "a.xlsx", rows, header=upper, above=[], below=[])
    # insert the lower header row under the upper one
    import openpyxl

    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    sheet.insert_rows(2)
    for col, value in enumerate(lower, start=1):
        sheet.cell(row=2, column=col, value=value or None)
    workbook.save(path)

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    household = Household.objects.get()
    assert household.cadre_name == "张帮扶"
    assert household.cadre_unit == "市人社局"
    assert household.members.count() == 2


def test_collection_form_with_household_columns_only_on_the_first_row(town_user, tmp_path):
    rows = household_rows(2, 3)
    for row in rows:
        if row[7] != "户主":
            row[0:5] = ["", "", "", "", ""]
    path = write_xlsx(tmp_path / "a.xlsx", rows)

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    assert [h.members.count() for h in Household.objects.order_by("number")] == [3, 3]


def test_vertically_merged_household_cells_are_read_as_one_household(town_user, tmp_path):
    import openpyxl

    rows = household_rows(1, 3)
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    for col in "ABCDE":
        sheet.merge_cells(f"{col}2:{col}4")
    workbook.save(path)

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    assert Household.objects.get().members.count() == 3


def test_synonym_headers_full_width_spaces_lowercase_x_and_label_or_code(town_user, tmp_path):
    header = [
        "户号",
        "行政区划代码",
        "致贫原因",
        "首次识别时间",
        "人均纯收入",
        "成员姓名",
        "身份证号码",
        "家庭关系",
        "劳动技能",
    ]
    birth = datetime.date(1980, 5, 6)
    head_id = fresh_id_number("440703", birth, "1")
    while not head_id.endswith("X"):
        head_id = fresh_id_number("440703", birth, "1")
    child_id = fresh_id_number("440703", datetime.date(2005, 1, 2), "2")
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in child_id)
    rows = [
        [
            "Ｈ0001",
            "４４０７０３１０１２０１",
            "01",
            "2016年",
            "3,500元",
            " 张 三 ",
            head_id.lower(),
            "01",
            "1",
        ],
        ["Ｈ0001", "", "", "", "", "张小妹", " " + full_width + " ", "之女", "无劳动力"],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, header=header)

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    household = Household.objects.get()
    assert household.number == "H0001"
    assert str(household.income_per_capita) == "3500.00"
    assert household.year_identified == 2016
    head = Member.objects.get(relation="01")
    assert head.id_number == head_id
    assert head.name == "张 三"
    assert Member.objects.get(relation="04").id_number == child_id


@pytest.mark.parametrize(
    "written",
    [
        "2020.3.15",
        "2020/03/15",
        "2020年3月15日",
        "2020-03-15",
        43905,
        datetime.datetime(2020, 3, 15),
        "20200315",
    ],
)
def test_birth_dates_in_every_form_are_read(town_user, tmp_path, written):
    header = [*HEADER, "出生日期"]
    rows = household_rows(1, 1)
    rows[0][6] = make_id_number("440703", datetime.date(2020, 3, 15), 11)
    rows[0].append(written)

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows, header=header), by=town_user, dry_run=False)

    assert result["errors"] == []
    assert Member.objects.get().birth_date == datetime.date(2020, 3, 15)


def test_birth_date_and_sex_must_agree_with_the_id(town_user, tmp_path):
    header = [*HEADER, "出生日期", "性别"]
    rows = household_rows(1, 1)
    rows[0] += ["1961-01-01", "女"]

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows, header=header), by=town_user, dry_run=True)

    assert {e["column"] for e in result["errors"]} == {"出生日期", "性别"}


def test_id_stored_as_a_number_is_an_error_that_says_digits_were_lost(town_user, tmp_path):
    rows = household_rows(1, 1)
    rows[0][6] = float(rows[0][6][:17] + "0")

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=True)

    assert len(result["errors"]) == 1
    assert "15位有效数字" in result["errors"][0]["message"]


def test_fifteen_digit_id_is_converted_and_reported_as_a_warning(town_user, tmp_path):
    rows = household_rows(1, 1)
    eighteen = fresh_id_number("440703", datetime.date(1965, 7, 8), "1")
    rows[0][6] = eighteen[:6] + eighteen[8:17]

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=False)

    assert result["errors"] == []
    assert len(result["warnings"]) == 1
    assert "15位" in result["warnings"][0]["message"]
    assert Member.objects.get().id_number == eighteen


def test_the_same_person_twice_in_the_file_is_an_error(town_user, tmp_path):
    rows = household_rows(2, 2)
    rows[3][6] = rows[1][6]

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=True)

    assert [(e["row"], e["column"]) for e in result["errors"]] == [(5, "公民身份号码")]
    assert "第3行" in result["errors"][0]["message"]


def test_person_registered_out_of_scope_is_reported_masked_without_the_place(town_user, villages, tmp_path):
    villages["440703102201"].full_name = "蓬江区荷塘镇测试三村"
    villages["440703102201"].save()
    other = household_with_members(1, region_id="440703102201")
    taken = other.members.get().id_number
    rows = household_rows(1, 2)
    rows[1][6] = taken

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=True)

    assert len(result["errors"]) == 1
    error = result["errors"][0]
    assert error["message"] == "该身份证号已在其他地区登记，请联系上级扶贫部门。"
    assert "测试三村" not in error["message"] and other.number not in error["message"]
    assert taken not in error["value"] and "*" in error["value"]


def test_two_heads_in_one_household_is_an_error(town_user, tmp_path):
    rows = household_rows(1, 2)
    rows[1][7] = "户主"

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=True)

    assert [e["row"] for e in result["errors"]] == [3]
    assert "一名户主" in result["errors"][0]["message"]


def test_a_second_head_for_an_existing_household_is_an_error(town_user, tmp_path):
    household = household_with_members(1, region_id="440703101201", number="H00000001")
    assert household.members.get().relation == "01"
    rows = household_rows(1, 1)

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=town_user, dry_run=True)

    assert any("一名户主" in m for m in messages(result))


def test_rows_outside_the_users_scope_are_errors(village_user, tmp_path):
    rows = household_rows(1, 1, village="440703101202")

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=village_user, dry_run=False)

    assert "不在您的管辖范围内" in result["errors"][0]["message"]
    assert Household.objects.count() == 0


def test_existing_household_of_another_village_cannot_be_overwritten(village_user, tmp_path):
    household_with_members(1, region_id="440703101202", number="H00000001")
    rows = household_rows(1, 1)

    result = import_file(write_xlsx(tmp_path / "a.xlsx", rows), by=village_user, dry_run=True)

    assert any("不在您的管辖范围内" in m for m in messages(result))


def test_village_by_town_and_name_and_ambiguous_name_asks_for_the_town(town_user, villages, tmp_path):
    from fupin.regions.models import Region

    Region.objects.create(code="440703102202", name="测试一村", level=5, parent_id="440703102000")
    Region.objects.filter(code="440703101000").update(name="棠下镇")
    header = [
        "户编号",
        "乡镇",
        "行政村",
        "主要致贫原因",
        "识别年度",
        "姓名",
        "公民身份号码",
        "与户主关系",
        "劳动能力",
    ]
    rows = [[r[0], "", "测试一村", *r[2:4], *r[5:]] for r in household_rows(1, 1)]
    district = __import__("fupin.accounts.tests.factories", fromlist=["make_user"]).make_user(
        "district_office", "440703000000", username="d3"
    )

    ambiguous = import_file(write_xlsx(tmp_path / "a.xlsx", rows, header=header), by=district, dry_run=True)
    rows[0][1] = "棠下镇"
    resolved = import_file(write_xlsx(tmp_path / "b.xlsx", rows, header=header), by=district, dry_run=False)
    only_in_town = import_file(
        write_xlsx(tmp_path / "c.xlsx", rows, header=header), by=town_user, dry_run=True
    )

    assert "请填写乡镇" in ambiguous["errors"][0]["message"]
    assert resolved["errors"] == []
    assert Household.objects.get().region_id == "440703101201"
    assert only_in_town["errors"] == []


def test_several_sheets_are_all_imported(town_user, tmp_path):
    rows = household_rows(1, 2)
    other = [HEADER, *household_rows(1, 2, start=2)]
    path = write_xlsx(tmp_path / "a.xlsx", rows, extra_sheets={"第二村": other, "说明": [["本表说明"]]})

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == []
    assert result["households"]["created"] == 2


def test_error_file_is_the_original_with_a_message_column(town_user, tmp_path):
    import openpyxl

    rows = household_rows(2, 1)
    rows[1][2] = "不知道"
    path = write_xlsx(tmp_path / "a.xlsx", rows, above=[["花名册"]])

    result = import_file(path, by=town_user, dry_run=True, error_file=tmp_path / "errors.xlsx")

    sheet = openpyxl.load_workbook(tmp_path / "errors.xlsx").active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == "花名册"
    assert values[1][0] == "错误信息"
    assert values[1][1:10] == tuple(HEADER)
    assert values[2][0] is None
    assert "主要致贫原因" in values[3][0]
    assert values[3][1] == rows[1][0]
    assert result["error_file"].endswith("errors.xlsx")


def test_user_without_import_permission_is_refused(department_user, tmp_path):
    from fupin.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        import_file(write_xlsx(tmp_path / "a.xlsx", household_rows(1, 1)), by=department_user)


def test_an_import_keeps_the_home_page_counts_right(town_user, tmp_path):
    from fupin.dashboard.queries import home_counts
    from fupin.registry import tally

    household_with_members(2, region_id="440703101201")
    path = write_xlsx(tmp_path / "a.xlsx", household_rows(3, 2))

    import_file(path, by=town_user, dry_run=False)

    counts = home_counts(town_user)
    assert counts["households"] == 4
    assert counts["members"] == 8
    maintained = tally.maintained()
    tally.rebuild()
    assert maintained == tally.maintained()


def test_a_csv_whose_encoding_changes_after_the_start_is_refused_with_the_line(town_user, tmp_path):
    rows = household_rows(4000, 3)  # more than the first MiB the encoding is detected from
    path = write_csv(tmp_path / "mixed.csv", rows)
    with open(path, "ab") as handle:
        handle.write("H99999999,440703101201,因病,2016,5200,陈大明\n".encode("gbk"))

    result = import_file(path, by=town_user, dry_run=True)

    [error] = result["errors"]  # the file as a whole is refused, near row 12,002, where it changes
    assert error["row"] == 0 and re.search(r"第1[12]\d{3}行附近", error["message"])
    assert result["committed"] is False


def test_a_file_larger_than_one_write_batch_commits_whole(town_user, monkeypatch, tmp_path):
    """Rows and their audit entries are written in batches (COPY on PostgreSQL, one at a time per
    connection): a file of several batches, whose audit entries fill a batch while households are being
    written, commits every row with the defaults of the columns it lacks."""
    from fupin.registry.importing import auditing, committing, copying

    for module in (auditing, committing, copying):
        monkeypatch.setattr(module, "BATCH", 3)
    path = write_csv(tmp_path / "batches.csv", household_rows(7, 2))

    result = import_file(path, by=town_user, dry_run=False)

    assert result["errors"] == [] and result["committed"] is True
    assert result["members"]["created"] == 14
    assert Household.objects.filter(number__startswith="H").count() == 7
    assert AuditEntry.objects.get(action="registry.import.created").changes["households"] == [None, 7]
    assert ImportedRange.objects.count() == 2  # one run of households, one of members
    assert set(Member.objects.values_list("ethnicity", "work_months", "medical_insurance")) == {
        ("01", 0, True)
    }
