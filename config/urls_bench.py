"""The site's URLs plus the yardstick page `make bench` compares the dashboards with."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns
from pathway.bench.views import minimal_page

urlpatterns = [
    *site_urlpatterns,
    path("bench/minimal/", minimal_page, name="bench_minimal"),
]
