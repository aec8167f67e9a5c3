"""A person's History page: who changed their account, roles, milestones, coaching and
reports, with the old and new values side by side, for those who may see that person."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import ProgressReport
from pathway.models import CoachProfile
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("pathway:person_history", args=[person.pk])


def changes_of(response, action="Changed"):
    return [
        (entry.record, [(c.label, c.old, c.new) for c in entry.changes])
        for entry in response.context["entries"]
        if entry.action == action
    ]


def test_an_email_change_shows_who_made_it_and_both_addresses(world, as_user):
    person = world.resident
    old = person.email
    person.email = "rosa.new@example.org"
    person._history_user = world.coordinator
    person.save()
    response = as_user(world.director).get(url(person))
    assert response.status_code == 200
    entry = [e for e in response.context["entries"] if e.action == "Changed"][0]
    assert entry.who == world.coordinator
    assert ("Email address", old, "rosa.new@example.org") in [
        (c.label, c.old, c.new) for c in entry.changes
    ]
    assert "rosa.new@example.org" in response.content.decode()


def test_a_role_given_and_taken_away_is_in_the_history(world, as_user):
    person = world.other_resident
    profile = CoachProfile.objects.create(user=person)
    profile.delete()
    records = [
        (e.action, e.record) for e in as_user(world.director).get(url(person)).context["entries"]
    ]
    assert ("Created", "Kpo coach profile") in records or ("Created", "Coach profile") in records
    assert any(action == "Deleted" for action, _ in records)


def test_a_waived_milestone_shows_the_reason_and_who(world, as_user):
    milestone = f.MilestoneFactory(resident=world.resident.resident_profile, template__name="SBP")
    as_user(world.director).post(
        reverse("pathway:milestone_waive", args=[milestone.pk]), {"waive-reason": "Done before"}
    )
    response = as_user(world.coordinator).get(url(world.resident))
    waived = [e for e in response.context["entries"] if e.record == "Milestone: SBP"]
    assert waived[0].who == world.director
    labels = {c.label: c.new for c in waived[0].changes}
    assert labels["Waived reason"] == "Done before"


def test_a_coach_assignment_is_in_the_residents_history(world, as_user):
    response = as_user(world.director).get(url(world.resident))
    records = [e.record for e in response.context["entries"]]
    assert any(record.startswith("Coach assignment") for record in records)


def test_a_draft_report_stays_out_of_the_directors_view(world, as_user):
    f.ProgressReportFactory(resident=world.resident.resident_profile, work_done="Secret draft")
    assert ProgressReport.objects.exists()
    response = as_user(world.director).get(url(world.resident))
    assert "Secret draft" not in response.content.decode()


def test_other_programs_staff_get_404_and_residents_403(world, as_user):
    assert as_user(world.other_director).get(url(world.resident)).status_code == 404
    assert as_user(world.resident).get(url(world.resident)).status_code == 403


def test_posting_is_refused(world, as_user):
    assert as_user(world.director).post(url(world.resident)).status_code == 405


@pytest.mark.parametrize("size", [2, 10])
def test_the_history_page_costs_the_same_queries_at_two_sizes(world, as_user, size):
    resident = world.resident.resident_profile
    for i in range(size):
        milestone = f.MilestoneFactory(resident=resident, template__name=f"Step {i}")
        milestone.completed_evidence = "done"
        milestone.save()
        world.resident.title = f"Title {i}"
        world.resident.save()
    client = as_user(world.director)
    client.get(url(world.resident))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(world.resident))
    assert response.status_code == 200
    assert len(response.context["entries"]) >= 2 * size
    assert len(queries) <= 20, [q["sql"][:120] for q in queries]
