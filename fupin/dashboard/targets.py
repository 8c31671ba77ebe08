"""The board of every target of the plan against its figure today and its deadline (requirement X1).

Each target code of the plan is read by one function below, over the app that owns the figure and within
the user's scope; the mapping is explicit (`READINGS`). A target no app records yet (consumption bases,
loans) is listed with "no data" rather than left out, so the board shows what the system does not track.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fupin.plan.queries import active_plan

DUE_SOON_DAYS = 30


class Status(models.TextChoices):
    MET = "met", _("已完成")
    LATE = "late", _("逾期未完成")
    DUE_SOON = "due_soon", _("临近时限")
    ON_TRACK = "on_track", _("推进中")
    NO_DATA = "no_data", _("暂无数据")
    CITY_ONLY = "city_only", _("全市目标")


@dataclass(frozen=True)
class Reading:
    """A target's figure within the user's scope, in the target's unit."""

    value: Decimal | None
    detail: str = ""
    url: str = ""
    progress: Decimal | None = None  # percent done, when it is not value / target (a floor for every village)
    unit: str | None = None  # when the value is not in the target's unit


@dataclass(frozen=True)
class TargetRow:
    code: str
    measure: int | None
    label: str
    unit: str
    target: Decimal
    at_least: bool
    deadline: date | None
    value: Decimal | None
    value_unit: str
    progress: Decimal | None  # percent of the target reached, at most 100
    status: str
    detail: str
    url: str

    @property
    def status_label(self):
        return Status(self.status).label


def _decimal(number):
    return None if number is None else Decimal(str(number))


def _percent(part, whole):
    """fupin.plan.queries.rate (percent, one decimal, None without a whole) as a Decimal."""
    from fupin.plan.queries import rate

    return _decimal(rate(part, whole))


def _exit_rate(user):
    """People exited through the exit procedure (销号 by the chain of fupin.monitoring, the household still
    out of poverty) among those people and the registered poor people still to exit (未脱贫, 返贫). A status
    set to exited outside the procedure (before Fupin, or by a one-step change) is no exit of the plan's:
    left out of both, and named in the detail."""
    from fupin.monitoring.queries import exit_progress
    from fupin.registry.choices import EXITED_STATUSES
    from fupin.registry.queries import registered_poor_people

    people = registered_poor_people(user)
    exited = exit_progress(user)["people"]
    remaining = sum(n for status, n in people.items() if status not in EXITED_STATUSES)
    elsewhere = max(sum(people.get(s, 0) for s in EXITED_STATUSES) - exited, 0)
    total = exited + remaining
    detail = gettext("经退出程序销号 %(a)s 人 / 应退出 %(b)s 人") % {"a": f"{exited:,}", "b": f"{total:,}"}
    if elsewhere:
        detail += gettext("（另有 %(c)s 人未经退出程序标为已脱贫，未计入）") % {"c": f"{elsewhere:,}"}
    url = reverse("monitoring:exit_list") + "?step=closed"
    return Reading(_percent(exited, total), detail if total else "", url)


def _supervised(group):
    """Targets done in the unit of the plan's figure: people for the 950 unstable-income people (a household
    target counts its members), households for water and housing (`ledgers.queries.supervised_figures`)."""

    def read(user):
        from fupin.ledgers.models import SupervisionTarget
        from fupin.ledgers.queries import supervised_figures

        listed, done = supervised_figures(SupervisionTarget.objects.visible_to(user), group)
        if not listed:
            return Reading(None)
        detail = gettext("已完成 %(d)s / 列入督战 %(n)s") % {"d": done, "n": listed}
        url = reverse("ledgers:supervision_list") + f"?group={group}"
        return Reading(Decimal(done), detail, url)

    return read


def _old_revolutionary_villages(user):
    """Old revolutionary villages of the village register whose 饮水难 and 行路难 ledger items are settled."""
    from fupin.ledgers.queries import old_revolutionary_progress

    figures = old_revolutionary_progress(user)
    if not figures["villages"]:
        return Reading(None)
    text = gettext("整改完成 %(s)s 个村 / 革命老区村 %(v)s 个；饮水难、行路难事项已销号 %(c)s / %(i)s 条")
    detail = text % {
        "s": figures["settled"],
        "v": figures["villages"],
        "c": figures["closed"],
        "i": figures["items"],
    }
    url = reverse("ledgers:village_list") + "?old_revolutionary=true"
    return Reading(Decimal(figures["settled"]), detail, url)


def _collective_income(user):
    """Villages whose latest screening found a collective income at or above the plan's figure, among the
    villages screened (the target is a floor for every village)."""
    from fupin.ledgers.choices import ScreeningScope
    from fupin.ledgers.models import ScreeningCheck
    from fupin.plan.queries import target

    floor = target("village-collective-income")
    checks = ScreeningCheck.objects.visible_to(user).filter(
        scope=ScreeningScope.VILLAGE, collective_income__isnull=False
    )
    latest = {}
    for region_code, income in checks.order_by("checked_on", "pk").values_list(
        "region_code", "collective_income"
    ):
        latest[region_code] = income
    if not latest or floor is None:
        return Reading(None)
    reached = sum(1 for income in latest.values() if income >= floor.value)
    detail = gettext("达标 %(a)s 个村 / 已排查 %(b)s 个村") % {"a": reached, "b": len(latest)}
    return Reading(
        Decimal(reached),
        detail,
        reverse("ledgers:home"),
        progress=_percent(reached, len(latest)),
        unit=gettext("个村达标"),
    )


def _enterprise_resumption(user):
    from fupin.employment.queries import resumption

    figures = resumption(user)
    detail = gettext("已复工 %(a)s / %(b)s 家") % {"a": figures["resumed"], "b": figures["total"]}
    judged = figures["judged"]["at_deadline"]  # past the deadline the rate on that day is what counts (R2.4)
    if judged is not None and judged["total"]:
        detail = gettext("期限当日 %(d)s 复工率 %(r)s%%；今日 %(t)s%%（%(a)s / %(b)s 家）") % {
            "d": figures["judged"]["deadline"].isoformat(),
            "r": judged["rate"],
            "t": figures["rate"],
            "a": figures["resumed"],
            "b": figures["total"],
        }
        return Reading(_decimal(judged["rate"]), detail, reverse("employment:home"))
    return Reading(_decimal(figures["rate"]), detail if figures["total"] else "", reverse("employment:home"))


def _training_coverage(user):
    from fupin.training.queries import coverage

    figures = coverage(user)
    detail = gettext("已培训 %(a)s / 有意愿 %(b)s 人") % {"a": figures["trained"], "b": figures["willing"]}
    return Reading(_decimal(figures["rate"]), detail if figures["willing"] else "", reverse("training:home"))


def _industry_coverage(user):
    """Households with labour on at least one industry among households with labour (R3.2)."""
    from fupin.industry.queries import coverage, households_lifted, projects_by_status

    figures = coverage(user)
    projects = " ".join(f"{r['label']} {r['n']}" for r in projects_by_status(user))
    detail = gettext("已覆盖 %(a)s / 有劳动力 %(b)s 户；项目：%(p)s；项目带动 %(l)s 户") % {
        "a": f"{figures['covered']:,}",
        "b": f"{figures['total']:,}",
        "p": projects,
        "l": f"{households_lifted(user):,}",
    }
    return Reading(_decimal(figures["rate"]), detail if figures["total"] else "", reverse("industry:home"))


def _zhengyinbao_volume(user):
    """政银保 loans against their ceiling, the plan's multiple of the fund (city-wide, like the fund)."""
    from fupin.finance.queries import loan_figures

    figures = loan_figures(user, date.today())
    volume, ceiling = figures["zhengyinbao_volume"], figures["zhengyinbao_ceiling"]
    if not ceiling or not volume:
        return Reading(None)
    micro = figures["microcredit"]
    detail = gettext(
        "政银保贷款 %(v)s 元 / 上限 %(c)s 元，带动 %(h)s 户；小额信贷在贷 %(n)s 笔、逾期 %(o)s 笔、延期 %(d)s 笔"
    ) % {
        "v": f"{volume:,.2f}",
        "c": f"{ceiling:,.2f}",
        "h": f"{figures['lifted']:,}",
        "n": f"{micro['outstanding']['n']:,}",
        "o": f"{micro['overdue']['n']:,}",
        "d": f"{micro['deferred']['n']:,}",
    }
    times = (Decimal(15) * volume / ceiling).quantize(Decimal("0.01"))
    return Reading(times, detail, reverse("finance:home"), progress=_percent(volume, ceiling))


def _zhengyinbao_rate(user):
    """The highest yearly rate a 政银保 borrower pays in scope: the cap is met while it stays at most 6 %."""
    from fupin.finance.queries import highest_zhengyinbao_rate

    highest = highest_zhengyinbao_rate(user)
    if highest is None:
        return Reading(None)
    detail = gettext("最高年利率 %(r)s%%") % {"r": highest}
    return Reading(
        highest,
        detail,
        reverse("finance:loan_list") + "?kind=zhengyinbao",
        progress=Decimal(100) if highest <= 6 else Decimal(0),
    )


def _insurance_coverage(user):
    from fupin.insurance.queries import coverage

    rows = coverage(user, 2020)
    people = [r for r in rows if r["product"].basis == "person"]
    if not people or not people[0]["total"]:
        return Reading(None)
    best = max(people, key=lambda r: r["insured"])
    detail = "；".join(f"{r['product'].name} {r['insured']:,}/{r['total']:,}" for r in rows)
    return Reading(_decimal(best["rate"]), detail, reverse("insurance:home"))


def _consumption_bases(user):
    """Districts with at least one consumption base among the districts in scope (the target is a floor
    for every district)."""
    from fupin.consumption.queries import base_target_reading

    reached, districts = base_target_reading(user)
    if not districts:
        return Reading(None)
    detail = gettext("有基地 %(a)s 个 / %(b)s 个县(市、区)") % {"a": reached, "b": districts}
    return Reading(
        Decimal(reached),
        detail,
        reverse("consumption:base_list"),
        progress=_percent(reached, districts),
        unit=gettext("个县(市、区)达标"),
    )


READINGS = {
    "poor-exit-rate": _exit_rate,
    "unstable-income-people": _supervised("income"),
    "water-safety-households": _supervised("water"),
    "housing-safety-households": _supervised("housing"),
    "village-collective-income": _collective_income,
    "old-revolutionary-villages": _old_revolutionary_villages,
    "enterprise-resumption-rate": _enterprise_resumption,
    "training-coverage-rate": _training_coverage,
    "consumption-base-per-district": _consumption_bases,
    "household-industry-coverage": _industry_coverage,
    "zhengyinbao-loan-multiplier": _zhengyinbao_volume,
    "zhengyinbao-max-interest": _zhengyinbao_rate,
    "insurance-coverage-rate": _insurance_coverage,
}


def target_board(user, today, plan=None):
    """Every target of the active plan with its figure in the user's scope, how far it is, and its status."""
    plan = plan or active_plan()
    if plan is None:
        return []
    city_wide = user.has_scoped_perm("plan.view_plan", plan.region_code)  # the plan's whole region
    rows = []
    for target in plan.targets.select_related("measure"):
        read = READINGS.get(target.code)
        reading = read(user) if read is not None else Reading(None)
        rows.append(_row(target, _openable(user, reading), today, city_wide))
    return rows


def _openable(user, reading):
    """The reading without its link when the user may not open that page: the right of the navigation entry
    the link falls under (a department reads the pages of its own domain only)."""
    from dataclasses import replace

    from fupin.core.context_processors import NAV

    path = reading.url.split("?")[0]
    entries = [(reverse(name), permission) for name, _label, permission in NAV]
    under = [(url, permission) for url, permission in entries if url != "/" and path.startswith(url)]
    if under:
        _url, permission = max(under, key=lambda entry: len(entry[0]))
        if permission and not user.has_scoped_perm(permission):
            return replace(reading, url="")
    return reading


def _row(target, reading, today, city_wide):
    progress = reading.progress
    if progress is None and reading.value is not None and target.value:
        progress = (Decimal(100) * reading.value / target.value).quantize(Decimal("0.1"))
    comparable = city_wide or target.unit == "%" or reading.progress is not None
    if progress is None:
        status = Status.NO_DATA
    elif not comparable:
        status = Status.CITY_ONLY
    elif progress >= 100:
        status = Status.MET
    elif target.deadline is not None and target.deadline < today:
        status = Status.LATE
    elif target.deadline is not None and target.deadline <= today + timedelta(days=DUE_SOON_DAYS):
        status = Status.DUE_SOON
    else:
        status = Status.ON_TRACK
    return TargetRow(
        code=target.code,
        measure=target.measure.number if target.measure else None,
        label=target.label,
        unit=target.unit,
        target=target.value,
        at_least=target.at_least,
        deadline=target.deadline,
        value=reading.value,
        value_unit=reading.unit if reading.unit is not None else target.unit,
        progress=None if progress is None else min(progress, Decimal(100)),
        status=status,
        detail=reading.detail,
        url=reading.url,
    )
