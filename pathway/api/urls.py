from django.urls import path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from pathway.api import views

app_name = "api"

router = SimpleRouter()
router.register("residents", views.ResidentViewSet, basename="resident")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("progress-reports", views.ProgressReportViewSet, basename="progress_report")

# The schema and its docs describe the API, not anyone's data: open to all, so that a hospital's
# IT team can read them before anyone has a token.
docs = {"authentication_classes": [], "permission_classes": []}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**docs), name="schema"),
    # The split view serves its start-up script as a file of its own: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema", **docs), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", **docs), name="redoc"),
    *router.urls,
]
