"""The columns an import understands: header, synonyms found in real ledgers, parser, and level.

`header` is the name in Fupin's own template; `synonyms` are the other names seen in the national
collection form and in county ledgers. Header cells are compared after normalisation
(`fupin.core.importing_rows.normalize_header`): half-width, no spaces, no '*' or '(必填)' marks, brackets
unified.
"""

from dataclasses import dataclass, field

from fupin.core import importing_values as values
from fupin.core.importing_rows import synonyms_of
from fupin.registry import choices

HOUSEHOLD, MEMBER, PLACE = "household", "member", "place"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    level: str
    parse: object = values.text
    synonyms: tuple = ()
    required: bool = False  # required for a new record
    personal: bool = False  # values masked in error reports
    codes: object = None  # TextChoices, for the template's drop-down list
    note: str = ""
    extra: dict = field(default_factory=dict)


def _code_column(key, header, level, code_list, synonyms=(), *, aliases=None, **options):
    """A column of one of `code_list`'s codes, read by code or label or as one of the `aliases` found in
    ledgers ({text: code}); the template offers the list."""
    return Column(
        key, header, level, values.CodeList(code_list, aliases or {}), synonyms, codes=code_list, **options
    )


RELATION_SYNONYMS = {
    "本人": "01",
    "本人或户主": "01",
    "户主本人": "01",
    "妻子": "02",
    "丈夫": "02",
    "子": "03",
    "儿子": "03",
    "女": "04",
    "女儿": "04",
    "儿媳": "05",
    "女婿": "06",
    "孙子": "07",
    "孙女": "08",
    "父亲": "11",
    "母亲": "12",
}

COLUMNS = [
    Column(
        "number",
        "户编号",
        HOUSEHOLD,
        values.compact,
        ("户号", "贫困户编号", "户编码", "家庭编号"),
        required=True,
        note="必填，同一户的成员填同一户编号",
    ),
    Column(
        "region_code",
        "村区划代码",
        PLACE,
        values.compact,
        ("区划代码", "行政区划代码", "村代码", "行政村代码", "村编码"),
        note="12位区划代码；或填乡镇和行政村名称",
    ),
    Column(
        "town",
        "乡镇",
        PLACE,
        values.text,
        ("乡(镇)", "乡镇(街道)", "镇(街)", "镇街", "镇", "乡镇名称", "所在乡镇"),
    ),
    Column(
        "village",
        "行政村",
        PLACE,
        values.text,
        ("村", "村(居)", "村(社区)", "村名", "所在村", "行政村名称", "村居"),
    ),
    Column("address", "住址", HOUSEHOLD, values.text, ("家庭住址", "地址", "详细地址", "自然村(村民小组)")),
    _code_column(
        "category",
        "贫困户属性",
        HOUSEHOLD,
        choices.HouseholdCategory,
        ("贫困户类型", "户属性", "贫困属性"),
        aliases=dict(一般户="01", 低保户="02", 五保户="03", 特困供养户="03", 五保贫困户="03"),
    ),
    _code_column(
        "status",
        "脱贫状态",
        HOUSEHOLD,
        choices.PovertyStatus,
        ("是否脱贫", "脱贫标志", "贫困户状态", "aar010"),
        note="国家系统代码：0未脱贫、1已脱贫(享受政策)、3返贫、4已脱贫(不再享受政策)",
        aliases=dict(是="1", 否="0", 已脱贫户="1", 已脱贫="1", 享受政策="1", 不再享受政策="4"),
    ),
    _code_column(
        "monitoring_mark",
        "监测对象标识",
        HOUSEHOLD,
        choices.MonitoringMark,
        ("监测对象类型", "防返贫监测对象", "监测户类型"),
        aliases=dict(脱贫监测户="1", 边缘户="2", 已消除风险="3"),
    ),
    _code_column(
        "main_cause",
        "主要致贫原因",
        HOUSEHOLD,
        choices.PovertyCause,
        ("致贫原因", "主要致贫原因(单选)"),
        required=True,
        aliases=dict(缺劳动力="08", 缺发展资金="09", 交通不便="10"),
    ),
    Column(
        "other_causes",
        "其他致贫原因",
        HOUSEHOLD,
        values.MultiCodeList(choices.PovertyCause),
        ("其他致贫原因(复选)",),
        note="最多两项，以逗号分隔",
        codes=choices.PovertyCause,
    ),
    Column(
        "year_identified",
        "识别年度",
        HOUSEHOLD,
        values.year,
        ("首次识别时间", "识别时间", "识别年份", "建档年度"),
        required=True,
    ),
    Column("year_exited", "脱贫年度", HOUSEHOLD, values.year, ("脱贫时间", "脱贫年份")),
    Column(
        "income_per_capita",
        "年人均纯收入(元)",
        HOUSEHOLD,
        values.amount,
        ("年人均纯收入", "人均纯收入", "家庭年人均纯收入", "人均纯收入(元)", "年人均可支配收入"),
    ),
    _code_column(
        "housing_grade",
        "住房安全等级",
        HOUSEHOLD,
        choices.HousingGrade,
        ("危房等级", "住房等级"),
        aliases=dict(A级="A", B级="B", C级="C", D级="D", 安全="A", 基本安全="B", 局部危房="C", 整栋危房="D"),
    ),
    Column("water_safe", "饮水安全", HOUSEHOLD, values.boolean, ("饮水是否安全", "是否饮水安全")),
    Column(
        "phone",
        "联系电话",
        HOUSEHOLD,
        values.compact,
        ("户联系电话", "家庭联系电话", "户主联系电话"),
        personal=True,
    ),
    Column("cadre_name", "帮扶责任人", HOUSEHOLD, values.text, ("帮扶责任人姓名", "帮扶人", "帮扶人姓名")),
    Column(
        "cadre_unit",
        "帮扶责任人单位",
        HOUSEHOLD,
        values.text,
        ("帮扶单位", "帮扶责任人工作单位", "帮扶人单位"),
    ),
    Column(
        "cadre_phone",
        "帮扶责任人电话",
        HOUSEHOLD,
        values.compact,
        ("帮扶责任人联系电话", "帮扶人电话"),
        personal=True,
    ),
    Column("name", "姓名", MEMBER, values.text, ("成员姓名", "家庭成员姓名", "人员姓名"), required=True),
    Column(
        "id_number",
        "公民身份号码",
        MEMBER,
        values.text,
        (
            "身份证号码",
            "身份证号",
            "证件号码",
            "公民身份证号码",
            "身份证件号码",
            "成员证件号码",
            "居民身份证号码",
        ),
        required=True,
        personal=True,
        note="18位，设为文本格式，不能存为数字",
    ),
    _code_column("sex", "性别", MEMBER, choices.Sex, note="可空，按身份证号码"),
    Column(
        "birth_date", "出生日期", MEMBER, values.date, ("出生年月", "出生年月日"), note="可空，按身份证号码"
    ),
    _code_column(
        "relation",
        "与户主关系",
        MEMBER,
        choices.Relation,
        ("家庭关系", "与户主的关系"),
        required=True,
        aliases=RELATION_SYNONYMS,
    ),
    _code_column(
        "ethnicity", "民族", MEMBER, choices.Ethnicity, aliases=dict(汉="01", 壮="08", 瑶="13", 苗="06")
    ),
    _code_column(
        "education",
        "文化程度",
        MEMBER,
        choices.Education,
        ("学历",),
        aliases=dict(文盲="1", 半文盲="1", 大专="5", 本科="5", 本科及以上="5"),
    ),
    _code_column(
        "schooling",
        "在校生情况",
        MEMBER,
        choices.Schooling,
        ("在校生状况",),
        aliases=dict(在校生状况="01", 否="01"),
    ),
    Column(
        "health",
        "健康状况",
        MEMBER,
        values.MultiCodeList(choices.Health, dict(长期慢性病患者="2", 大病="3", 患大病="3", 慢性病="2")),
        (),
        codes=choices.Health,
        note="可多选，以逗号分隔",
    ),
    _code_column("disability_kind", "残疾类别", MEMBER, choices.DisabilityKind, ("残疾类型",)),
    _code_column(
        "disability_grade",
        "残疾等级",
        MEMBER,
        choices.DisabilityGrade,
        (),
        aliases=dict(一="1", 二="2", 三="3", 四="4"),
    ),
    _code_column(
        "labor_ability",
        "劳动能力",
        MEMBER,
        choices.LaborAbility,
        ("劳动技能", "劳动力状况"),
        required=True,
        aliases=dict(弱劳动力="3", 半劳动力="3"),
    ),
    _code_column(
        "work_status",
        "务工情况",
        MEMBER,
        choices.WorkStatus,
        ("务工区域", "务工状况", "外出务工情况"),
        aliases=dict(无="00", 否="00", 不务工="00"),
    ),
    Column("work_months", "务工时间(月)", MEMBER, values.integer, ("务工时间", "务工月数", "务工时间（月）")),
    Column("work_employer", "务工企业", MEMBER, values.text, ("务工企业名称", "务工单位")),
    Column(
        "medical_insurance",
        "参加基本医疗保险",
        MEMBER,
        values.boolean,
        ("是否参加城乡居民基本医疗保险", "是否参加基本医疗保险", "参加城乡居民基本医疗保险", "医疗保险"),
    ),
    Column(
        "pension_insurance",
        "参加基本养老保险",
        MEMBER,
        values.boolean,
        ("是否参加城乡居民基本养老保险", "是否参加基本养老保险", "参加城乡居民基本养老保险", "养老保险"),
    ),
    Column(
        "member_phone",
        "本人电话",
        MEMBER,
        values.compact,
        ("成员联系电话", "本人联系电话", "手机号码"),
        personal=True,
    ),
]

BY_KEY = {column.key: column for column in COLUMNS}

SYNONYMS = synonyms_of({column.key: (column.header, *column.synonyms) for column in COLUMNS})
