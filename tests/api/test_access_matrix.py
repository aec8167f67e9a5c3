"""The API's access matrix: every endpoint for every persona, with a personal token. A list
answers 200 with exactly the rows that persona may see; a row they may not see is a 404; a row
they may see but not change is a 403; no token is a 401."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from tests.api.conftest import api_url_names, bearer, make_api_data, token_for
from tests.conftest import PERSONAS, make_world

ALL = {p: 200 for p in PERSONAS} | {"anonymous": 401}


def seen(default=200, **overrides):
    return ALL | {p: default for p in PERSONAS if p != "anonymous"} | overrides


@dataclass
class Endpoint:
    name: str
    expect: dict
    args: callable = field(default=lambda w, d: [])
    # persona -> the ids a list must hold exactly (lists only)
    rows: callable = None
    method: str = "get"
    data: callable = field(default=lambda w, d: None)


def by_persona(mine, program, foreign):
    """The rows each persona's list holds, when world.resident's coach and sponsor see what
    the resident sees, the program's staff see the program's, the other program's director
    sees only theirs and the superuser sees all."""
    return {
        "resident": mine,
        "coach": mine,
        "sponsor": mine,
        "director": program,
        "coordinator": program,
        "other_director": foreign,
        "superuser": program | foreign,
    }


def resident_rows(w, d):
    mine = {w.resident.pk}
    return by_persona(mine, mine | {w.other_resident.pk}, {d.foreign_lead.user_id})


def project_rows(w, d, part=lambda p: p.pk):
    mine = {part(d.project)}
    return by_persona(mine, mine | {part(d.other_project)}, {part(d.foreign_project)})


def measure_rows(w, d):
    by_project = {
        d.project.pk: d.measure.pk,
        d.other_project.pk: d.other_measure.pk,
        d.foreign_project.pk: d.foreign_measure.pk,
    }
    return {p: {by_project[i] for i in ids} for p, ids in project_rows(w, d).items()}


def report_rows(w, d):
    program = {d.report.pk, d.other_report.pk}
    return {
        "resident": {d.report.pk, d.draft.pk},
        "coach": {d.report.pk},
        "sponsor": {d.report.pk},
        "director": program,
        "coordinator": program,
        "other_director": {d.foreign_report.pk},
        "superuser": program | {d.draft.pk, d.foreign_report.pk},
    }


THE_PROJECT = seen(200, other_director=404)
POINTS = [{"date": "2025-03-03", "value": 12}, {"date": "2025-03-10", "value": 11}]

ENDPOINTS = {
    "api:resident-list": Endpoint("residents", ALL, rows=resident_rows),
    "api:resident-detail": Endpoint("a resident", THE_PROJECT, args=lambda w, d: [w.resident.pk]),
    "api:project-list": Endpoint("projects", ALL, rows=project_rows),
    "api:project-detail": Endpoint("a project", THE_PROJECT, args=lambda w, d: [d.project.pk]),
    "api:measure-list": Endpoint("measures", ALL, rows=measure_rows),
    "api:measure-detail": Endpoint("a measure", THE_PROJECT, args=lambda w, d: [d.measure.pk]),
    "api:measure-analysis": Endpoint("an analysis", THE_PROJECT, args=lambda w, d: [d.measure.pk]),
    "api:measure-points": Endpoint(
        "a bulk write",
        seen(403, resident=201, superuser=201, other_director=404),
        args=lambda w, d: [d.measure.pk],
        method="post",
        data=lambda w, d: {"points": POINTS},
    ),
    "api:progress_report-list": Endpoint("reports", ALL, rows=report_rows),
    "api:progress_report-detail": Endpoint(
        "a submitted report", THE_PROJECT, args=lambda w, d: [d.report.pk]
    ),
}
# A draft is its author's alone (and the site administrator's, who sees everything).
DRAFT = Endpoint(
    "a draft report",
    seen(404, resident=200, superuser=200),
    args=lambda w, d: [d.draft.pk],
)


def test_every_api_endpoint_has_a_case():
    assert set(api_url_names()) - {"api:schema", "api:docs", "api:redoc"} == ENDPOINTS.keys()


def _call(client, name, endpoint, world, data, headers):
    url = reverse(name, args=endpoint.args(world, data))
    if endpoint.method == "post":
        return client.post(
            url, endpoint.data(world, data), content_type="application/json", **headers
        )
    return client.get(url, **headers)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_api_access(name, persona, client, db):
    endpoint = ENDPOINTS[name]
    world = make_world()
    data = make_api_data(world)
    user = world.persona(persona)
    headers = bearer(token_for(user)) if user is not None else {}
    response = _call(client, name, endpoint, world, data, headers)
    expected = endpoint.expect[persona]
    assert response.status_code == expected, (
        f"{persona} {endpoint.name}: got {response.status_code}, expected {expected}: "
        f"{response.content[:300]}"
    )
    if endpoint.rows and expected == 200:
        ids = {row["id"] for row in response.json()["results"]}
        assert ids == endpoint.rows(world, data)[persona], (
            f"{persona} sees the wrong {endpoint.name}"
        )


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_report_is_only_its_authors(persona, client, db):
    world = make_world()
    data = make_api_data(world)
    user = world.persona(persona)
    headers = bearer(token_for(user)) if user is not None else {}
    response = client.get(reverse("api:progress_report-detail", args=[data.draft.pk]), **headers)
    assert response.status_code == DRAFT.expect[persona]


def test_a_sponsor_sees_the_lead_but_not_the_leads_milestones(api, world, api_data):
    """The resident row comes from ResidentProfile.visible_to, its milestones from
    Milestone.visible_to: a sponsor may see who leads the project, not their milestones."""
    url = reverse("api:resident-detail", args=[world.resident.pk])
    as_sponsor = api(world.sponsor).get(url).json()
    as_coach = api(world.coach).get(url).json()
    assert as_sponsor["full_name"] == "Rosa Resident"
    assert as_sponsor["milestones"] == []
    assert [m["id"] for m in as_coach["milestones"]] == [api_data.milestone.pk]


def test_no_token_is_refused_with_401_and_says_how_to_authenticate(client, world, api_data):
    response = client.get(reverse("api:project-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_signed_in_browser_session_does_not_authenticate_the_api(as_user, world, api_data):
    response = as_user(world.director).get(reverse("api:project-list"))
    assert response.status_code == 401
