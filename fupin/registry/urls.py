from django.urls import path  # noqa: F401

from fupin.registry.import_urls import urlpatterns as import_urlpatterns

app_name = "registry"
urlpatterns = []
urlpatterns += import_urlpatterns
