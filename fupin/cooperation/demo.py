"""Demo data of the cooperation with Chongzuo: the plan file (four Jiangmen districts with the four counties,
their indicators, 天等's exit criteria), 携手奔小康 town pairs and 百企联百村 enterprise–village pairs, targets
set so that some indicators are met and some are late, monthly entries with evidence (a text, and a PDF file
on the first of each indicator; most approved, some waiting), 天等's office confirming some figures and
checking its exit criteria. Everything goes through the services as the demo accounts, so it is audited like
real work."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.accounts.models import User
from fupin.cooperation import queries, services
from fupin.cooperation.choices import JIANGMEN_FIGURES, Rule
from fupin.cooperation.models import ExitCriterion, Indicator, Pairing
from fupin.core.errors import DomainError
from fupin.regions.models import Region, RegionLevel

DISTRICT_USERS = {
    "440703": "demo_district_pengjiang",
    "440704": "demo_district_jianghai",
    "440705": "demo_district_xinhui",
    "440781": "demo_district_taishan",
}
COUNTERPART = "demo_paired_tiandeng"
ENTERPRISES = ["江门市{}食品有限公司", "江门{}电子科技有限公司", "{}农业发展有限公司", "江门市{}建材有限公司"]
WORDS = ["恒达", "新丰", "侨乡", "五邑", "锦江", "银洲", "圭峰", "潭江"]
EVIDENCE = [
    "会议纪要及签到表（扫描件），新闻报道链接",
    "组织部选派文件、挂职人员名单及报到证明",
    "专业技术人才派驻通知、工作日志",
    "互访对接座谈记录、照片",
]


def build_demo(rng, log):
    city = User.objects.filter(username="demo_city").first()
    if city is None or Indicator.objects.exists():
        log("cooperation: no demo city account, or indicators already made: nothing to do")
        return 0
    made = services.load_plan(by=city)
    pairs = _pairs(rng, city)
    _targets(rng, city)
    entries = _entries(rng, city)
    confirmed = _confirm_and_check()
    log(
        f"cooperation: {made['pairings']} county pairings, {pairs} town and enterprise pairs, "
        f"{made['indicators']} indicators, {entries} monthly entries, {confirmed} confirmations"
    )
    return made["indicators"]


def _villages(county, n, rng):
    codes = list(
        Region.objects.filter(level=RegionLevel.VILLAGE, code__startswith=county[:6])
        .order_by("code")
        .values_list("code", flat=True)
    )
    return rng.sample(codes, min(n, len(codes)))


def _pairs(rng, city):
    made = 0
    for county in Pairing.objects.filter(kind="county").order_by("region_code"):
        helper_towns = list(
            Region.objects.filter(level=RegionLevel.TOWN, parent_id=county.helper_code).values_list(
                "code", flat=True
            )
        )
        towns = list(
            Region.objects.filter(level=RegionLevel.TOWN, parent_id=county.region_code).values_list(
                "code", flat=True
            )
        )
        for town, helper in zip(rng.sample(towns, min(2, len(towns))), helper_towns, strict=False):
            services.create_pairing(
                by=city, kind="town", region_code=town, helper_code=helper, helper_unit=Region.objects.get(code=helper).name,
                year=2020, gift=Decimal(rng.randint(5, 30) * 10000), gift_note="携手奔小康帮扶资金",
            )  # fmt: skip
            made += 1
        for village in _villages(county.region_code, rng.randint(3, 7), rng):
            name = rng.choice(ENTERPRISES).format(rng.choice(WORDS))
            services.create_pairing(
                by=city, kind="enterprise", region_code=village, helper_code=county.helper_code,
                helper_unit=county.helper_unit, enterprise=name, year=2020,
                gift=Decimal(rng.randint(2, 20) * 10000), gift_note=rng.choice(["捐建村道", "产业帮扶资金", "助学金", "购置农机"]),
            )  # fmt: skip
            made += 1
    return made


def _targets(rng, city):
    """Computed indicators get a target near what the work reads: about half met, the rest late."""
    indicators = list(Indicator.objects.exclude(rule=Rule.ENTERED).order_by("pk"))
    for reading in queries.readings(indicators, today=datetime.date(2020, 12, 31)):
        indicator, live = reading["indicator"], reading["live"]
        share = Decimal(str(rng.choice([0.6, 0.8, 0.95, 1.2, 1.5])))
        target = max(Decimal(1), (live * share).quantize(Decimal(1))) if live else indicator.target
        services.update_indicator(indicator, by=city, version=indicator.version, target=target)


def _entries(rng, city):
    made = 0
    for indicator in Indicator.objects.filter(rule=Rule.ENTERED).order_by("pk"):
        user = User.objects.filter(username=DISTRICT_USERS.get(indicator.helper_code[:6], "")).first() or city
        months = sorted(rng.sample(range(3, 11), rng.randint(1, 3)))
        for i, month in enumerate(months):
            entry = services.enter_entry(
                indicator, by=user, month=datetime.date(2020, month, 1), value=Decimal(1),
                evidence=rng.choice(EVIDENCE),
            )  # fmt: skip
            if i == 0:  # a scanned file of evidence beside the text (fupin.core.attachments checks it)
                services.add_entry_file(entry, by=user, upload=_scan(f"{indicator.pk}-{month:02d}"))
            entry = services.move_entry(entry, by=user, version=entry.version, action="submit")
            if i < len(months) - 1 or rng.random() < 0.6:
                services.move_entry(entry, by=city, version=entry.version, action="approve")
            made += 1
    return made


def _scan(label):
    """A one-page PDF standing for a scanned document (the demo's evidence file)."""
    text = f"BT /F1 18 Tf 72 720 Td (Fupin demo evidence {label}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return SimpleUploadedFile(f"佐证扫描件-{label}.pdf", body, content_type="application/pdf")


def _confirm_and_check():
    """天等's office confirms its training and funds figures (the labour figure waits for it) and checks the
    exit criteria read from its households."""
    counterpart = User.objects.filter(username=COUNTERPART).first()
    if counterpart is None:
        return 0
    done = 0
    for indicator in Indicator.objects.filter(region_code="451425000000", rule__in=JIANGMEN_FIGURES).exclude(
        rule__in=[Rule.PLACED, Rule.PLACED_CITY, Rule.PLACED_NEAR]
    ):
        services.confirm_indicator(indicator, by=counterpart, version=indicator.version)
        done += 1
    for criterion in ExitCriterion.objects.filter(region_code="451425000000").order_by("kind"):
        figure = {"villages": Decimal(100), "satisfaction": Decimal("93.5")}.get(criterion.kind)
        try:
            services.check_criterion(
                criterion, by=counterpart, version=criterion.version, figure=figure, evidence="第三方评估报告"
            )
        except DomainError:
            continue
    return done
