"""URL patterns of the registry import pages (included by fupin/registry/urls.py)."""

from django.urls import path

from fupin.registry import import_views

urlpatterns = [
    path("import/", import_views.import_start, name="import_start"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("import/<int:pk>/", import_views.import_detail, name="import_detail"),
    path("import/<int:pk>/commit/", import_views.import_commit, name="import_commit"),
    path("import/<int:pk>/fill/", import_views.import_fill, name="import_fill"),
    path("import/<int:pk>/cancel/", import_views.import_cancel, name="import_cancel"),
    path("import/<int:pk>/errors/", import_views.import_errors, name="import_errors"),
]
