"""URL patterns of the registry import pages (included by fupin/registry/urls.py)."""

urlpatterns = []
