"""Projects ready to ask for a stage, shared by the stage-approval tests."""

from capstone.models import (
    FLOW,
)
from capstone.services import (
    stage_request_create,
)
from tests.capstone.conftest import make_project


def ready(world, stage):
    """A project ready to ask for `stage` (the stage after the one it is in)."""
    return make_project(world, FLOW[FLOW.index(stage) - 1], ready_for_next=True)


def ask(world, stage, note=""):
    project = ready(world, stage)
    return project, stage_request_create(project=project, by=world.resident, note=note)


def stage_of(project):
    project.refresh_from_db()
    return project.stage
