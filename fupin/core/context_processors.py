"""The navigation bar: each entry shows only to users holding its permission somewhere."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

NAV = [
    ("dashboard:home", _("首页"), None),
    ("dashboard:my_work", _("我的待办"), None),
    ("registry:household_list", _("贫困户"), "registry.view_household"),
    ("regions:region_tree", _("区域"), "regions.view_region"),
    ("reports:home", _("每周跟踪"), "reports.view_assessment"),
    ("ledgers:home", _("台账"), "ledgers.view_item"),
    ("plan:home", _("工作计划"), "plan.view_plan"),
    ("employment:home", _("就业"), "employment.view_laborer"),
    ("training:home", _("培训"), "training.view_class"),
    ("funds:home", _("资金"), "funds.view_fund"),
    ("consumption:home", _("消费扶贫"), "consumption.view_listing"),
    ("consumption:market", _("消费扶贫产品"), "consumption.buy"),
    ("industry:home", _("产业"), "industry.view_project"),
    ("finance:home", _("金融"), "finance.view_loan"),
    ("insurance:home", _("保险"), "insurance.view_policy"),
    ("monitoring:home", _("防返贫监测"), "monitoring.view_signal"),
    ("cooperation:home", _("东西部协作"), "cooperation.view_indicator"),
    ("registry:import_start", _("导入"), "registry.import_household"),
    ("audit:entry_list", _("审计"), "audit.view_auditentry"),
    ("accounts:user_list", _("账号"), "accounts.manage_users"),
]


# Entries with a count beside them, loaded after the page (htmx) so that no page pays for the count.
BADGES = {"dashboard:my_work": "dashboard:my_work_count"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "sign_in_pending", False):
        return {"nav_items": []}
    items = []
    # A buyer organisation's account (fupin.consumption) sees the marketplace and nothing else.
    buyer_only = bool(user.prefixes_for("consumption.buy")) and not user.prefixes_for(
        "consumption.view_listing"
    )
    for url_name, label, permission in NAV:
        if permission and not user.has_scoped_perm(permission):  # a department's domain-limited rights too
            continue
        if buyer_only and permission != "consumption.buy":
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        badge = reverse(BADGES[url_name]) if url_name in BADGES else ""
        items.append({"url": url, "label": label, "active": False, "badge_url": badge})
    # The entry whose URL is the longest prefix of the current path is the active one.
    matches = [
        i for i in items if (request.path.startswith(i["url"]) if i["url"] != "/" else request.path == "/")
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return {"nav_items": items}
