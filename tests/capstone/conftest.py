"""Shared capstone fixtures: world.resident's project, coached by world.coach and sponsored by
world.sponsor, and a project of another program that nobody here may see."""

from datetime import date

import pytest

from capstone.models import Stage
from tests import factories as f

# A kaizen event on 3–4 March 2025, so that data points dated around it fall before or after it.
EVENT_DAYS = {"event_first_day": date(2025, 3, 3), "event_second_day": date(2025, 3, 4)}


def make_project(world, stage=Stage.SELECTION, **kwargs):
    kwargs.setdefault("lead", world.resident.resident_profile)
    kwargs.setdefault("coach", world.coach)
    kwargs.setdefault("sponsor", world.sponsor)
    return f.project_at(stage, **kwargs)


@pytest.fixture
def project(world):
    return make_project(world)


@pytest.fixture
def measure(project):
    return f.MeasureFactory(project=project)


@pytest.fixture
def foreign_project(world):
    """A project in the other program."""
    lead = f.ResidentFactory(program=world.other_program, pgy=2)
    return f.ProjectFactory(lead=lead)


@pytest.fixture
def other_project(world):
    """Same program, led by world.other_resident, with no link to world.coach or sponsor."""
    return f.ProjectFactory(lead=world.other_resident.resident_profile)
