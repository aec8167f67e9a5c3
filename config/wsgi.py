import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their models and URLs) lives as long as the worker:
# frozen, the cyclic collector stops walking it on every full collection, and it collects the
# young generation less often (700 allocations by default; a page makes tens of thousands).
# Profiling `make bench`: collections cost the pages 5-10 % of their time, the 5,000-point
# measure page 18 %.
gc.freeze()
gc.set_threshold(10_000, 10, 10)
