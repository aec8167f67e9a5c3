"""Each person's private ICS feed: the token is the only key; resetting it kills the old URL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pathway.models import CalendarFeed
from pathway.notifications.services import calendar_feed_for
from tests import factories as f

pytestmark = pytest.mark.django_db


def events(response):
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_calendar_page_shows_my_private_address(world, as_user):
    html = as_user(world.resident).get(reverse("pathway:calendar")).content.decode()
    feed = CalendarFeed.objects.get(user=world.resident)
    assert f"/calendar/{feed.token}.ics" in html
    assert "webcal://" in html


def test_the_feed_needs_no_sign_in_and_lists_my_milestones(world, client):
    due = timezone.localdate() + timedelta(days=20)
    milestone = f.MilestoneFactory(
        resident=world.resident.resident_profile, due_on=due, template__name="Select a sponsor"
    )
    f.MilestoneFactory(resident=world.other_resident.resident_profile, template__name="Not mine")
    feed = calendar_feed_for(user=world.resident)

    response = client.get(feed.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    assert set(found) == {"Due: Select a sponsor"}
    event = found["Due: Select a sponsor"]
    assert event.decoded("dtstart") == due
    assert event.decoded("dtend") == due + timedelta(days=1)
    assert str(event["url"]).endswith(milestone.get_absolute_url())


def test_waived_milestones_are_left_out_and_done_ones_marked(world, client):
    today = timezone.localdate()
    f.MilestoneFactory(
        resident=world.resident.resident_profile, template__name="Waived", waived_on=today
    )
    f.MilestoneFactory(
        resident=world.resident.resident_profile, template__name="Finished", completed_on=today
    )
    found = events(client.get(calendar_feed_for(user=world.resident).get_absolute_url()))
    assert set(found) == {"Done: Finished"}


def test_a_coach_sees_the_open_milestones_of_their_coachees(world, client):
    f.MilestoneFactory(resident=world.resident.resident_profile, template__name="Sponsor")
    f.MilestoneFactory(resident=world.other_resident.resident_profile, template__name="Other")
    found = events(client.get(calendar_feed_for(user=world.coach).get_absolute_url()))
    assert set(found) == {f"{world.resident.display_name}: Sponsor due"}


def test_a_bad_token_is_a_404(client):
    assert client.get(reverse("pathway:calendar_feed", args=["not-a-token"])).status_code == 404


def test_a_deactivated_persons_feed_stops(world, client):
    feed = calendar_feed_for(user=world.resident)
    world.resident.is_active = False
    world.resident.save()
    assert client.get(feed.get_absolute_url()).status_code == 404


def test_resetting_gives_a_new_address_and_the_old_one_stops(world, as_user):
    old = calendar_feed_for(user=world.resident).get_absolute_url()
    client = as_user(world.resident)

    response = client.post(reverse("pathway:calendar_reset"), follow=True)

    assert "The old one no longer works" in response.content.decode()
    new = CalendarFeed.objects.get(user=world.resident).get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_wrong_methods_are_refused(world, as_user):
    client = as_user(world.resident)
    feed = calendar_feed_for(user=world.resident)
    assert client.post(feed.get_absolute_url()).status_code == 405
    assert client.get(reverse("pathway:calendar_reset")).status_code == 405
    assert client.post(reverse("pathway:calendar")).status_code == 405


@pytest.mark.parametrize("size", [2, 30])
def test_the_feed_makes_the_same_number_of_queries_for_few_or_many(
    size, world, client, django_assert_max_num_queries
):
    for n in range(size):
        f.MilestoneFactory(resident=world.resident.resident_profile, template__name=f"M{n}")
    url = calendar_feed_for(user=world.coach).get_absolute_url()
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert len(events(response)) == size


def test_the_two_day_event_and_follow_ups_of_my_capstone(world, client):
    first = timezone.localdate() + timedelta(days=30)
    project = f.ProjectFactory(
        lead=world.resident.resident_profile,
        title="Discharge before noon",
        coach=world.coach,
        event_first_day=first,
        event_second_day=first + timedelta(days=1),
        event_location="5 West conference room",
    )
    f.FollowUpFactory(project=project, day=30, due_on=first + timedelta(days=31))
    f.FollowUpFactory(project=project, day=60, due_on=first + timedelta(days=61), held_on=first)

    mine = events(client.get(calendar_feed_for(user=world.resident).get_absolute_url()))
    coach = events(client.get(calendar_feed_for(user=world.coach).get_absolute_url()))
    other = events(client.get(calendar_feed_for(user=world.other_resident).get_absolute_url()))

    event = mine["Two-day event: Discharge before noon"]
    assert event.decoded("dtstart") == first
    assert event.decoded("dtend") == first + timedelta(days=2)
    assert str(event["location"]) == "5 West conference room"
    assert "30-day follow-up: Discharge before noon" in mine
    assert "60-day follow-up: Discharge before noon" not in mine  # held already
    whose = f" ({world.resident.display_name})"
    assert f"Two-day event: Discharge before noon{whose}" in coach
    assert not any("Discharge" in summary for summary in other)


def test_the_class_sessions_i_have_a_seat_in_or_teach(world, client):
    enrollment = f.EnrollmentFactory(
        resident=world.resident.resident_profile, offering__course__program=world.program
    )
    session = f.ClassSessionFactory(
        offering=enrollment.offering, starts_at=timezone.now() + timedelta(days=3)
    )
    f.ClassSessionFactory(course_class__title="Not my class")

    mine = events(client.get(calendar_feed_for(user=world.resident).get_absolute_url()))
    teacher = events(
        client.get(calendar_feed_for(user=enrollment.offering.instructor).get_absolute_url())
    )

    title = f"{session.offering.course.name}: {session.course_class.title}"
    assert set(mine) == set(teacher) == {title}
    assert mine[title].decoded("dtstart") == session.starts_at.replace(microsecond=0)
