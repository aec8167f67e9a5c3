"""The API's fixtures: tokens for the personas of tests/conftest.py's world, and one set of data
that every persona sees a different part of."""

from dataclasses import dataclass

import pytest

from capstone.models import DataType
from pathway.people.services import api_token_create
from tests import factories as f
from tests.capstone.conftest import make_project
from tests.pathway.faults import on_postgres  # noqa: F401 - a fixture (the PostgreSQL-only tests')


def token_for(user) -> str:
    return api_token_create(user=user, name="tests")[1]


def bearer(raw) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@dataclass
class ApiData:
    project: object  # world.resident's, coached by world.coach, sponsored by world.sponsor
    measure: object
    other_project: object  # world.other_resident's: program staff only
    other_measure: object
    foreign_project: object  # the other program's
    foreign_measure: object
    foreign_lead: object
    milestone: object  # world.resident's
    other_milestone: object
    report: object  # world.resident's, submitted, on `project`
    draft: object  # world.resident's draft: theirs alone
    other_report: object  # world.other_resident's, submitted
    foreign_report: object


def make_api_data(world) -> ApiData:
    project = make_project(world)
    measure = f.MeasureFactory(project=project)
    f.measure_series(measure, [14, 15, 13, 16, 14, 15, 17, 12, 14, 15, 16, 14])
    other_project = f.ProjectFactory(lead=world.other_resident.resident_profile)
    other_measure = f.MeasureFactory(project=other_project, data_type=DataType.COUNT, unit="falls")
    foreign_lead = f.ResidentFactory(program=world.other_program, pgy=2)
    foreign_project = f.ProjectFactory(lead=foreign_lead)
    foreign_measure = f.MeasureFactory(project=foreign_project)
    resident = world.resident.resident_profile
    return ApiData(
        project=project,
        measure=measure,
        other_project=other_project,
        other_measure=other_measure,
        foreign_project=foreign_project,
        foreign_measure=foreign_measure,
        foreign_lead=foreign_lead,
        milestone=f.MilestoneFactory(resident=resident),
        other_milestone=f.MilestoneFactory(resident=world.other_resident.resident_profile),
        report=f.ProgressReportFactory(resident=resident, project=project, submitted=True),
        draft=f.ProgressReportFactory(resident=resident, project=project),
        other_report=f.ProgressReportFactory(
            resident=world.other_resident.resident_profile, submitted=True
        ),
        foreign_report=f.ProgressReportFactory(resident=foreign_lead, submitted=True),
    )


@pytest.fixture
def api_data(world):
    return make_api_data(world)


@pytest.fixture
def api(client):
    """api(user) -> a function get/post(url, ...) sending that user's new token (None: none)."""

    class Api:
        def __init__(self, user):
            self.headers = bearer(token_for(user)) if user is not None else {}

        def get(self, url, data=None):
            return client.get(url, data or {}, **self.headers)

        def post(self, url, data):
            return client.post(url, data, content_type="application/json", **self.headers)

    return Api


def api_url_names():
    from tests.test_access_matrix import url_names

    return [name for name in url_names() if name.startswith("api:")]
