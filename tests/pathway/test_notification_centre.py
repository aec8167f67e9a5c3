"""The notification centre: the bell's unread count, the list, mark as read, mark all read."""

import pytest
from django.urls import reverse

from pathway.models import Notification
from pathway.notifications.services import notification_send
from tests import factories as f

pytestmark = pytest.mark.django_db


def send(user, text="“Select a sponsor” is due in 7 days", link="/milestones/"):
    return notification_send(users=[user], kind="due_7", text=text, link=link)[0]


def test_the_bell_shows_the_unread_count_on_every_page(world, as_user):
    send(world.resident)
    send(world.resident)

    html = as_user(world.resident).get(reverse("home")).content.decode()

    assert 'aria-label="Notifications, 2 unread"' in html
    assert '<span class="badge rounded-pill bell-count">2</span>' in html


def test_the_bell_has_no_badge_when_nothing_is_unread(world, as_user):
    html = as_user(world.resident).get(reverse("home")).content.decode()
    assert 'aria-label="Notifications"' in html and "bell-count" not in html


def test_the_bell_costs_no_query(world, as_user, django_assert_max_num_queries):
    """The count lives on the signed-in user, who is loaded anyway."""
    client = as_user(world.coordinator)
    client.get(reverse("pathway:notification_preferences"))
    send(world.coordinator)
    with django_assert_max_num_queries(6) as captured:
        client.get(reverse("pathway:notification_preferences"))
    assert not any('"pathway_notification"' in q["sql"] for q in captured.captured_queries)


def test_the_list_shows_only_my_notifications_newest_first(world, as_user):
    send(world.resident, "older")
    send(world.resident, "newer")
    send(world.other_resident, "someone else's")

    html = as_user(world.resident).get(reverse("pathway:notification_list")).content.decode()

    assert html.index("newer") < html.index("older")
    assert "someone else" not in html


def test_the_unread_filter(world, as_user):
    read = send(world.resident, "seen it")
    send(world.resident, "not yet")
    client = as_user(world.resident)
    client.post(reverse("pathway:notification_read", args=[read.pk]))

    html = client.get(reverse("pathway:notification_list"), {"show": "unread"}).content.decode()
    assert "not yet" in html and "seen it" not in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, as_user):
    notice = send(world.resident, link="/milestones/")

    response = as_user(world.resident).post(
        reverse("pathway:notification_read", args=[notice.pk]), {"open": "1"}
    )

    assert response.status_code == 302 and response.url == "/milestones/"
    notice.refresh_from_db()
    world.resident.refresh_from_db()
    assert notice.read_at is not None
    assert world.resident.unread_notifications == 0


def test_mark_as_read_returns_to_the_list(world, as_user):
    notice = send(world.resident)
    response = as_user(world.resident).post(reverse("pathway:notification_read", args=[notice.pk]))
    assert response.url == reverse("pathway:notification_list")


def test_a_link_to_another_site_is_never_followed(world, as_user):
    notice = send(world.resident, link="https://evil.example.com/")
    response = as_user(world.resident).post(
        reverse("pathway:notification_read", args=[notice.pk]), {"open": "1"}
    )
    assert response.url == reverse("pathway:notification_list")


@pytest.mark.parametrize("persona", ["other_resident", "director", "superuser"])
def test_nobody_else_can_mark_my_notification(persona, world, as_user):
    notice = send(world.resident)
    response = as_user(getattr(world, persona)).post(
        reverse("pathway:notification_read", args=[notice.pk])
    )
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_mark_all_as_read(world, as_user):
    for _ in range(3):
        send(world.resident)
    send(world.other_resident)

    response = as_user(world.resident).post(reverse("pathway:notification_read_all"), follow=True)

    assert "Marked 3 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(user=world.resident, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.other_resident, read_at__isnull=True).exists()
    world.resident.refresh_from_db()
    assert world.resident.unread_notifications == 0


def test_wrong_methods_are_refused(world, as_user):
    notice = send(world.resident)
    client = as_user(world.resident)
    assert client.post(reverse("pathway:notification_list")).status_code == 405
    assert client.get(reverse("pathway:notification_read", args=[notice.pk])).status_code == 405
    assert client.get(reverse("pathway:notification_read_all")).status_code == 405


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("pathway:notification_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("size", [2, 40])
def test_the_list_makes_the_same_number_of_queries_for_few_or_many(
    size, world, as_user, django_assert_max_num_queries
):
    f.NotificationFactory.create_batch(size, user=world.resident)
    client = as_user(world.resident)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("pathway:notification_list"))
    assert response.content.decode().count("notification-unread") == min(size, 30)
