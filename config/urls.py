from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from fupin.core.health import healthz
from fupin.core.metrics import metrics_view
from fupin.regions.views import region_suggestions

APPS = [
    "regions",
    "accounts",
    "audit",
    "registry",
    "jobs",
    "plan",
    "reports",
    "ledgers",
    "employment",
    "training",
    "funds",
    "consumption",
    "industry",
    "finance",
    "insurance",
    "monitoring",
    "cooperation",
    "dashboard",
]

api_patterns = [path("", include(f"fupin.{app}.api.urls")) for app in APPS]

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", healthz, name="healthz"),  # docs/deploy.md "What to watch"
    path("metrics", metrics_view, name="metrics"),
    path("api/v1/", include(api_patterns)),
    # Behind login (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"]); the docs page sends a browser to sign in, and
    # its Swagger UI set-up comes as a script file of its own (the split view), so CSP needs no inline script.
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("regions/suggest/", region_suggestions, name="region_suggestions"),  # the region picker
    path("regions/", include("fupin.dashboard.region_urls")),
    path("accounts/", include("fupin.accounts.urls")),
    path("audit/", include("fupin.audit.urls")),
    path("households/", include("fupin.registry.urls")),
    path("jobs/", include("fupin.jobs.urls")),
    path("plan/", include("fupin.plan.urls")),
    path("reports/", include("fupin.reports.urls")),
    path("ledgers/", include("fupin.ledgers.urls")),
    path("employment/", include("fupin.dashboard.employment_urls")),  # the board, then employment's pages
    path("training/", include("fupin.training.urls")),
    path("funds/", include("fupin.funds.urls")),
    path("consumption/", include("fupin.consumption.urls")),
    path("industry/", include("fupin.industry.urls")),
    path("finance/", include("fupin.finance.urls")),
    path("insurance/", include("fupin.insurance.urls")),
    path("monitoring/", include("fupin.monitoring.urls")),
    path("cooperation/", include("fupin.cooperation.urls")),
    path("", include("fupin.dashboard.urls")),
]

handler404 = "fupin.core.errorviews.not_found"
handler403 = "fupin.core.errorviews.forbidden"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
