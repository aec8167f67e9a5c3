"""The Django admin lists every mentoring model for site administrators."""

import pytest
from django.urls import reverse

from tests import factories as f

PAGES = [
    "admin:mentoring_coachassignment_changelist",
    "admin:mentoring_coachingsettings_changelist",
    "admin:mentoring_coachingsession_changelist",
    "admin:mentoring_peermentorship_changelist",
    "admin:mentoring_mentorintroduction_changelist",
]


@pytest.mark.parametrize("name", PAGES)
def test_the_admin_lists_open(world, as_user, name):
    f.PrivateCoachingNoteFactory(session__resident=world.resident.resident_profile)
    f.MentoringMeetingFactory()
    f.MentorIntroductionFactory()
    assert as_user(world.superuser).get(reverse(name)).status_code == 200


def test_a_session_opens_in_the_admin_with_its_note_and_actions(world, as_user):
    note = f.PrivateCoachingNoteFactory(text="Admin can read this")
    f.CoachingActionFactory(session=note.session)
    url = reverse("admin:mentoring_coachingsession_change", args=[note.session.pk])
    assert "Admin can read this" in as_user(world.superuser).get(url).content.decode()
