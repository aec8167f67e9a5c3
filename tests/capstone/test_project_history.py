"""The project's History tab: the stage history as before, and below it who changed which part
of the record, when, with the old and new values side by side. Bulk writes (an import, the
phases following the event's dates) are in it too."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capstone.models import DataPoint, FollowUp, Phase, StageChange
from capstone.services import followup_update, project_event_update
from tests import factories as f
from tests.capstone.conftest import make_project


def url(project):
    return reverse("capstone:project_history", args=[project.pk])


def entries(response):
    return response.context["entries"]


def test_an_edited_data_point_shows_who_and_the_old_and_new_value(world, as_user, project):
    measure = f.MeasureFactory(project=project, name="Noon discharges")
    point = f.DataPointFactory(measure=measure, period=date(2025, 1, 6), value=Decimal("14"))
    client = as_user(world.resident)
    response = client.post(
        reverse("capstone:part_edit", args=[project.pk, "data-point", point.pk]),
        {"measure": measure.pk, "period": "2025-01-06", "value": "15", "phase": "baseline"},
    )
    assert response.status_code == 302

    page = as_user(world.coach).get(url(project))
    changed = [e for e in entries(page) if e.action == "Changed"]
    assert len(changed) == 1
    entry = changed[0]
    assert entry.who == world.resident
    assert entry.record == "Data point: 6 Jan 2025"
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Value", "14", "15")]
    text = page.content.decode()
    assert "Changes to the record" in text and "Stage history" in text


def test_a_deleted_part_stays_in_the_history(world, as_user, project):
    idea = f.IdeaFactory(project=project, idea="Discharge checklist")
    as_user(world.resident).post(
        reverse("capstone:part_delete", args=[project.pk, "idea", idea.pk])
    )
    records = [(e.action, e.record) for e in entries(as_user(world.resident).get(url(project)))]
    assert ("Deleted", "Idea: Discharge checklist") in records


def test_the_charter_edit_shows_the_old_and_new_title(world, as_user, project):
    project.title = "Old title"
    project.save()
    project.title = "New title"
    project.save()
    changed = [
        e for e in entries(as_user(world.director).get(url(project))) if e.action == "Changed"
    ]
    assert [(c.label, c.old, c.new) for c in changed[0].changes] == [
        ("Title", "Old title", "New title")
    ]


def test_pasted_points_are_recorded_with_who_pasted_them(world, as_user, project):
    measure = f.MeasureFactory(project=project)
    as_user(world.resident).post(
        reverse("capstone:measure_paste", args=[project.pk, measure.pk]),
        {
            "text": "date\tvalue\n2025-01-06\t42\n2025-01-13\t38\n",
            "date_format": "iso",
            "save": "1",
        },
    )
    assert DataPoint.objects.count() == 2
    assert DataPoint.history.filter(history_type="+", history_user=world.resident).count() == 2


def test_moving_the_event_records_the_points_whose_phase_changed(world, project):
    measure = f.MeasureFactory(project=project)
    point = f.DataPointFactory(measure=measure, period=date(2025, 3, 10), phase=Phase.BASELINE)
    project.event_first_day, project.event_second_day = date(2025, 3, 3), date(2025, 3, 4)
    project_event_update(project=project, by=world.resident, fields={})
    point.refresh_from_db()
    assert point.phase == Phase.POST_EVENT
    latest = point.history.latest()
    assert (latest.history_type, latest.phase, latest.history_user) == (
        "~",
        Phase.POST_EVENT,
        world.resident,
    )


def test_the_stage_history_is_still_shown(world, as_user, project):
    StageChange.objects.create(
        project=project, kind="advance", from_stage="selection", to_stage="current_state"
    )
    response = as_user(world.resident).get(url(project))
    # The stage history now holds requests and decisions too (capstone.models.approvals).
    rows = response.context["changes"]
    assert [row.what for row in rows if "→" in row.what or "Current state" in row.what]


@pytest.mark.parametrize("persona", ["other_director", "other_resident"])
def test_people_who_may_not_see_the_project_get_404(world, as_user, other_project, persona):
    viewer = world.other_director if persona == "other_director" else world.resident
    assert as_user(viewer).get(url(other_project)).status_code == 404


def test_posting_to_the_history_is_refused(world, as_user, project):
    assert as_user(world.resident).post(url(project)).status_code == 405


def _fill(project, n):
    measure = f.MeasureFactory(project=project)
    for i in range(n):
        point = f.DataPointFactory(measure=measure, period=date(2025, 1, 1) + timedelta(days=i))
        point.value = Decimal(i)
        point.save()
        f.IdeaFactory(project=project, owner=f.UserFactory(program=project.program))
    f.ActionItemFactory(project=project, owner=f.UserFactory(program=project.program))


@pytest.mark.parametrize("size", [2, 12])
def test_the_history_tab_costs_the_same_queries_at_two_sizes(world, as_user, size):
    project = make_project(world)
    _fill(project, size)
    client = as_user(world.resident)
    client.get(url(project))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(project))
    assert response.status_code == 200
    assert len(entries(response)) >= 3 * size
    # 34: with the stage history's requests and decisions, the lead's coach assignment, and the
    # driver diagram's own audited table.
    assert len(queries) <= 34, [q["sql"][:120] for q in queries]


def test_a_held_follow_up_shows_the_date_and_the_flag_a_service_set(world, as_user, project):
    last = timezone.localdate() - timedelta(days=40)
    project.event_first_day, project.event_second_day = last - timedelta(days=1), last
    project.save()
    follow_up = FollowUp.objects.create(project=project, day=30, due_on=last + timedelta(days=30))
    followup_update(
        follow_up=follow_up,
        by=world.resident,
        fields={"held_on": follow_up.due_on, "due_on": follow_up.due_on + timedelta(days=1)},
    )
    response = as_user(world.coach).get(url(project))
    assert response.status_code == 200
    changed = [e for e in entries(response) if e.record.endswith(": 30-day")]
    labels = {c.label for c in changed[0].changes}
    assert {"Held on", "Due", "Due on edited"} <= labels
