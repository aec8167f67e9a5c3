"""A project's audit history: the project and every part of it, read from the historical
tables (capstone/models/history.py registers them). Parts deleted since stay in it."""

from capstone.models import Measure, Project
from capstone.models.history import MEASURE_PARTS, PROJECT_PARTS


def project_histories(project):
    """Historical querysets of a project the caller has checked the viewer may see."""
    measure_ids = Measure.history.filter(project_id=project.pk).values("id")
    return [
        Project.history.filter(id=project.pk),
        *(part.history.filter(project_id=project.pk) for part in PROJECT_PARTS),
        *(part.history.filter(measure_id__in=measure_ids) for part in MEASURE_PARTS),
    ]
