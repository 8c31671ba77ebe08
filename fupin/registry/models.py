"""The registry of poor households (建档立卡贫困户) and their members."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.crypto import BlindIndexField, EncryptedCharField, blind_index, indexer, normalize
from fupin.core.fields import check_rule, unique_rule, user_field
from fupin.core.models import ScopedQuerySet, TimeStampedModel, VersionedModel
from fupin.registry.choices import (
    DisabilityGrade,
    DisabilityKind,
    Education,
    Ethnicity,
    HouseholdCategory,
    HousingGrade,
    LaborAbility,
    MonitoringMark,
    PovertyCause,
    PovertyStatus,
    Relation,
    Schooling,
    Sex,
    WorkStatus,
)


def _domain_households():
    """The households each city department's domain covers (U2; accounts.roles.Domain): Q per domain."""
    from fupin.registry.choices import LABOR_ABLE

    def causes(*codes):
        return (
            models.Q(main_cause__in=codes)
            | models.Q(other_cause_1__in=codes)
            | models.Q(other_cause_2__in=codes)
        )

    def with_members(**lookups):
        return lambda: models.Q(pk__in=Member.objects.filter(**lookups).values("household_id"))

    return {
        "labor": with_members(labor_ability__in=LABOR_ABLE),
        "housing": lambda: models.Q(housing_grade__in=[HousingGrade.C, HousingGrade.D]),
        "water": lambda: models.Q(water_safe=False) | causes(PovertyCause.LACK_WATER),
        "medical": lambda: (
            causes(PovertyCause.ILLNESS, PovertyCause.DISABILITY) | with_members(medical_insurance=False)()
        ),
        "education": lambda: (
            causes(PovertyCause.SCHOOLING)
            | models.Q(pk__in=Member.objects.exclude(schooling=Schooling.NONE).values("household_id"))
        ),
        "civil": lambda: models.Q(category__in=[HouseholdCategory.SUBSISTENCE, HouseholdCategory.EXTREME]),
        "industry": lambda: causes(PovertyCause.LACK_SKILLS, PovertyCause.LACK_FUNDS, PovertyCause.LACK_LAND),
    }


class HouseholdQuerySet(ScopedQuerySet):
    region_field = "region__code"  # region_id__range is not a lookup of a ForeignKey; this needs no join
    domains = _domain_households()

    def with_status(self, status):
        return self.filter(status=status)

    def search(self, text, *, id_prefixes=None):
        """By 户编号, by a member's resident ID (all 18 characters, or its last 4 or 6), or by a member's
        name (exact or prefix). docs/performance.md, "Registry search", says what each form costs.

        An ID or ID tail matches only members under `id_prefixes` (where the searcher may see full IDs;
        None: anywhere): otherwise the search would confirm digits that the searcher may not read.
        """
        text = (text or "").strip()
        if not text:
            return self
        upper = "".join(text.split()).upper()
        if upper.isdigit() or _looks_like_id(upper):
            found = models.Q(number=text)
            members = Member.objects.with_id_number(upper) if len(upper) == 18 else None
            if len(upper) in ID_TAILS:
                members = Member.objects.with_id_tail(upper)
            if members is not None and (id_prefixes is None or id_prefixes):
                if id_prefixes is not None:
                    members = members.in_prefixes(id_prefixes)
                found |= models.Q(pk__in=members.values("household_id"))
            return self.filter(found)
        return self.filter(pk__in=Member.objects.with_name_prefix(text).values("household_id"))


# The tails of a resident ID that the household search finds (后四位, 后六位), each through its own keyed
# index: the ID is sealed at rest, so no other fragment can be searched without opening every ID.
ID_TAILS = (4, 6)


def _looks_like_id(text):
    """An 18-character ID or a tail of one: digits with an optional final check character X."""
    return len(text) in (18, *ID_TAILS) and text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X")


class IdTailIndexField(BlindIndexField):
    """The blind index (keyed, fupin.core.crypto) of the last `tail` characters of a resident ID: what the
    search by 身份证后四位/后六位 looks up. Equal tails give equal indexes; without the key it reveals no digit."""

    def __init__(self, *args, tail, **kwargs):
        self.tail = tail
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["tail"] = self.tail
        return name, path, args, kwargs

    def index_of(self, value):
        return id_tail_index(value, self.tail)


def id_tail_index(value, tail):
    """The keyed index of the last `tail` characters of a resident ID (None for a shorter value)."""
    text = normalize(value) if value else ""
    return blind_index(text[-tail:], f"id_tail{tail}") if len(text) >= tail else None


def id_tail_indexer():
    """A function returning (last-4 index, last-6 index) of an ID (keys read once: for bulk writers)."""
    full4, full6 = indexer("id_tail4"), indexer("id_tail6")

    def tails(value):
        text = normalize(value) if value else ""
        # A slice of normal ASCII text is normal: not normalized again (the IDs of a registry, all but never).
        index4, index6 = (full4.of_normal, full6.of_normal) if text.isascii() else (full4, full6)
        return (index4(text[-4:]) if len(text) >= 4 else None, index6(text[-6:]) if len(text) >= 6 else None)

    return tails


class Household(TimeStampedModel, VersionedModel):
    """A registered poor household (户), living in a village."""

    view_permission = "registry.view_household"

    number = models.CharField(_("户编号"), max_length=32, unique=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在村"),
        on_delete=models.PROTECT,
        db_column="region_code",
        related_name="+",
    )
    address = models.CharField(_("住址"), max_length=255, blank=True)
    category = models.CharField(
        _("贫困户属性"), max_length=2, choices=HouseholdCategory.choices, default=HouseholdCategory.GENERAL
    )
    status = models.CharField(
        _("脱贫状态"), max_length=1, choices=PovertyStatus.choices, default=PovertyStatus.NOT_EXITED
    )
    main_cause = models.CharField(_("主要致贫原因"), max_length=2, choices=PovertyCause.choices)
    other_cause_1 = models.CharField(
        _("其他致贫原因一"), max_length=2, choices=PovertyCause.choices, blank=True
    )
    other_cause_2 = models.CharField(
        _("其他致贫原因二"), max_length=2, choices=PovertyCause.choices, blank=True
    )
    monitoring_mark = models.CharField(
        _("监测对象标识"),
        max_length=1,
        choices=MonitoringMark.choices,
        blank=True,
        default="",
        db_default="",  # the bulk writers (import, demo) insert without naming it
    )
    year_identified = models.PositiveSmallIntegerField(_("识别年度"))
    year_exited = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True)
    income_per_capita = models.DecimalField(_("年人均纯收入(元)"), max_digits=10, decimal_places=2, default=0)
    housing_grade = models.CharField(
        _("住房安全等级"), max_length=1, choices=HousingGrade.choices, default=HousingGrade.A
    )
    water_safe = models.BooleanField(_("饮水安全"), default=True)
    phone = EncryptedCharField(_("联系电话"), max_length=32, blank=True)
    cadre_name = models.CharField(_("帮扶责任人"), max_length=64, blank=True)
    cadre_unit = models.CharField(_("帮扶责任人单位"), max_length=128, blank=True)
    cadre_phone = models.CharField(_("帮扶责任人电话"), max_length=32, blank=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("贫困户")
        ordering = ["number"]
        indexes = [
            models.Index(fields=["region", "status"], name="household_region_status"),
            models.Index(fields=["region", "number"], name="household_region_number"),
            # The list's sorts by a column (?sort=status|income|year_identified, the row id last): read in
            # index order instead of sorting a city's 400,000 rows for one page.
            models.Index(fields=["status", "id"], name="household_status_sort"),
            models.Index(fields=["income_per_capita", "id"], name="household_income_sort"),
            models.Index(fields=["year_identified", "id"], name="household_year_sort"),
        ]
        constraints = [
            check_rule(
                models.Q(year_exited__isnull=True) | models.Q(year_exited__gte=models.F("year_identified")),
                "household_exit_after_identification",
                _("脱贫年度不能早于识别年度。"),
            ),
            check_rule(
                ~models.Q(other_cause_1=models.F("main_cause")) | models.Q(other_cause_1=""),
                "household_other_cause_differs",
                _("其他致贫原因不能与主要致贫原因相同。"),
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def region_code(self):
        return self.region_id

    @property
    def causes(self):
        return [c for c in (self.main_cause, self.other_cause_1, self.other_cause_2) if c]


def _domain_members():
    """The members a department's domain covers: those of its households (the labour domain: the members who
    can work)."""
    from fupin.registry.choices import LABOR_ABLE

    def of_households(domain):
        return lambda: models.Q(household__in=Household.objects.filter(HouseholdQuerySet.domains[domain]()))

    members = {domain: of_households(domain) for domain in HouseholdQuerySet.domains}
    members["labor"] = lambda: models.Q(labor_ability__in=LABOR_ABLE)
    return members


class MemberQuerySet(ScopedQuerySet):
    domains = _domain_members()

    def with_id_number(self, number):
        """The member with this resident ID (exact, through the blind index; the column is sealed)."""
        return self.filter(id_index=blind_index(number))

    def with_id_tail(self, tail):
        """Members whose resident ID ends with `tail` (4 or 6 characters), through its keyed index."""
        field = f"id_tail{len(tail)}_index"
        return self.filter(**{field: id_tail_index(tail, len(tail))})

    def with_name_prefix(self, text):
        """Members whose name is `text` or starts with it, read from the name index: a range over it as
        well as the LIKE, since SQLite serves no index from Django's `LIKE … ESCAPE`."""
        return self.filter(name__gte=text, name__lt=text + "\U0010ffff", name__startswith=text)

    def with_id_numbers(self, numbers):
        return self.filter(id_index__in=[i for i in map(blind_index, numbers) if i])

    def labor_able(self):
        from fupin.registry.choices import LABOR_ABLE

        return self.filter(labor_ability__in=LABOR_ABLE)


class Member(TimeStampedModel, VersionedModel):
    """A person in a registered household. The resident ID is unique across the whole registry."""

    view_permission = "registry.view_household"

    household = models.ForeignKey(
        Household, verbose_name=_("所属户"), on_delete=models.CASCADE, related_name="members"
    )
    # Copied from the household by the services: the scope and shard key of this table.
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    # Indexed with the household (member_name_household below): a name search reads its households from the
    # index alone, without a lookup of each matching member's row (docs/performance.md, "Registry search").
    name = models.CharField(_("姓名"), max_length=64)
    # Stored sealed (fupin.core.crypto); found and kept unique through its blind index.
    id_number = EncryptedCharField(_("公民身份号码"), max_length=18)
    id_index = BlindIndexField(_("身份证号索引"), source="id_number", unique=True)
    id_tail4_index = IdTailIndexField(_("身份证后四位索引"), source="id_number", purpose="id_tail4", tail=4)
    id_tail6_index = IdTailIndexField(_("身份证后六位索引"), source="id_number", purpose="id_tail6", tail=6)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    relation = models.CharField(_("与户主关系"), max_length=2, choices=Relation.choices)
    ethnicity = models.CharField(_("民族"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN)
    education = models.CharField(_("文化程度"), max_length=1, choices=Education.choices, blank=True)
    schooling = models.CharField(
        _("在校生情况"), max_length=2, choices=Schooling.choices, default=Schooling.NONE
    )
    health = models.CharField(
        _("健康状况"), max_length=16, default="1", help_text=_("可多选，以逗号分隔的代码，如 2,4")
    )
    disability_kind = models.CharField(
        _("残疾类别"), max_length=1, choices=DisabilityKind.choices, blank=True
    )
    disability_grade = models.CharField(
        _("残疾等级"), max_length=1, choices=DisabilityGrade.choices, blank=True
    )
    labor_ability = models.CharField(_("劳动能力"), max_length=1, choices=LaborAbility.choices)
    work_status = models.CharField(
        _("务工情况"), max_length=2, choices=WorkStatus.choices, default=WorkStatus.NOT_WORKING
    )
    work_months = models.PositiveSmallIntegerField(_("务工时间(月)"), default=0)
    work_employer = models.CharField(_("务工企业"), max_length=128, blank=True)
    medical_insurance = models.BooleanField(_("参加基本医疗保险"), default=True)
    pension_insurance = models.BooleanField(_("参加基本养老保险"), default=False)
    phone = EncryptedCharField(_("联系电话"), max_length=32, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭成员")
        ordering = ["household_id", "relation", "birth_date"]
        indexes = [models.Index(fields=["name", "household"], name="member_name_household")]
        constraints = [
            unique_rule(
                ["household"],
                "member_one_head_per_household",
                _("每户只能有一名户主。"),
                condition=models.Q(relation="01"),
            ),
            check_rule(
                models.Q(work_months__lte=12), "member_work_months_at_most_12", _("务工时间不能超过12个月。")
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def health_codes(self):
        return [c for c in self.health.split(",") if c]

    @property
    def is_head(self):
        return self.relation == Relation.HEAD


class StatusChange(models.Model):
    """A household's poverty-status change with its reason (also in the audit trail)."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="status_changes")
    region_code = models.CharField(max_length=12, db_index=True)
    old_status = models.CharField(_("原状态"), max_length=1, choices=PovertyStatus.choices)
    new_status = models.CharField(_("新状态"), max_length=1, choices=PovertyStatus.choices)
    reason = models.TextField(_("原因"))
    changed_by = user_field(blank=False)
    changed_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    view_permission = "registry.view_household"

    class Meta:
        verbose_name = _("状态变更")
        ordering = ["-changed_at"]

    def __str__(self):
        return f"{self.household_id}: {self.old_status}->{self.new_status}"


class MemberRemoval(models.Model):
    """A member removed from a household (death, marriage out, wrongly registered...) with the reason.

    The member row is deleted; this keeps which household it belonged to, so the household's history
    still lists the former member's changes (never read back from the audit trail)."""

    household = models.ForeignKey(
        Household, verbose_name=_("所属户"), on_delete=models.CASCADE, related_name="member_removals"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    member_id = models.BigIntegerField(_("成员编号"))
    name = models.CharField(_("姓名"), max_length=64)
    reason = models.TextField(_("原因"))
    removed_by = user_field(blank=False)
    removed_at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    view_permission = "registry.view_household"

    class Meta:
        verbose_name = _("成员移除")

    def __str__(self):
        return f"{self.household_id}: {self.name} ({self.member_id})"


class HouseholdTally(models.Model):
    """Households and their members per village, poverty status and category: the counts of the home page
    and the region tree, summed over a few thousand rows instead of counted over the registry.

    Maintained by the registry services (`fupin.registry.tally.apply_delta`, in the same transaction as
    every write to a household or a member) and recomputed from the registry by `rebuild_tallies`
    (`fupin.registry.tally.rebuild`), which bulk writers (the import, the demo generator) call for the
    villages they touched. The unique constraint's index (region_code first) serves the subtree ranges.
    """

    view_permission = "registry.view_household"

    region_code = models.CharField(_("所在村代码"), max_length=12)
    status = models.CharField(_("脱贫状态"), max_length=1, choices=PovertyStatus.choices)
    category = models.CharField(_("贫困户属性"), max_length=2, choices=HouseholdCategory.choices)
    households = models.IntegerField(_("户数"), default=0)
    members = models.IntegerField(_("人数"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("户数统计")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "status", "category"], name="household_tally_unique"
            ),
        ]

    def __str__(self):
        return f"{self.region_code} {self.status}/{self.category}: {self.households}/{self.members}"


class ImportedRange(models.Model):
    """A run of consecutive ids that one import created in one village, and the audit entry that records it.

    How a record created by an import finds the import in its history: instead of one audit entry per
    created household (400,000 rows into the audit table, with its indexes, for a province file), the
    import writes one entry per village (`registry.import.created`, with the counts, the file and its
    SHA-256) and a row here per village and model. Ids are allocated in village order, so a village's
    created households form one run, and so do their members. Ids are never reused, so runs never overlap:
    the run holding an id is the one with the greatest `first_id` not above it
    (`fupin.registry.queries.import_entry_for`).
    """

    HOUSEHOLD, MEMBER = "registry.household", "registry.member"

    entry = models.ForeignKey(
        "audit.AuditEntry", on_delete=models.PROTECT, related_name="+", verbose_name=_("审计记录")
    )
    region_code = models.CharField(_("所在村代码"), max_length=12)
    model = models.CharField(_("对象类型"), max_length=32)
    first_id = models.BigIntegerField(_("起始编号"))
    last_id = models.BigIntegerField(_("结束编号"))

    objects = ScopedQuerySet.as_manager()
    view_permission = "registry.view_household"

    class Meta:
        verbose_name = _("导入新增记录范围")
        indexes = [models.Index(fields=["model", "first_id"], name="imported_range_start")]

    def __str__(self):
        return f"{self.model} {self.first_id}–{self.last_id} ({self.region_code})"
