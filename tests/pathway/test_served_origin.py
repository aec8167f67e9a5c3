"""`make run HOST=127.0.0.1:8101`: in development, links follow the address actually served."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from pathway.core.emails import absolute_url
from pathway.notifications.services import calendar_feed_for
from tests import factories as f

pytestmark = pytest.mark.django_db
SERVED = "127.0.0.1:8101"


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "pathway.core.middleware.ServedOriginMiddleware"]


def test_in_development_the_calendar_page_gives_the_address_served(world, as_user, development):
    page = as_user(world.resident).get(reverse("pathway:calendar"), HTTP_HOST=SERVED)
    html = page.content.decode()
    assert f"http://{SERVED}/calendar/" in html
    assert f"webcal://{SERVED}/calendar/" in html
    assert "8000" not in html


def test_in_development_the_calendar_feed_links_to_the_address_served(world, client, development):
    f.MilestoneFactory(
        resident=world.resident.resident_profile,
        due_on=timezone.localdate() + timedelta(days=5),
        template__name="Select a sponsor",
    )
    feed = calendar_feed_for(user=world.resident)
    response = client.get(feed.get_absolute_url(), HTTP_HOST=SERVED)
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["url"]).startswith(f"http://{SERVED}/")
    assert str(event["uid"]).endswith(f"@{SERVED}")


def test_in_production_links_keep_site_url_whatever_host_is_asked(world, as_user, settings):
    settings.SITE_URL = "https://qi.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    html = as_user(world.resident).get(reverse("pathway:calendar"), HTTP_HOST=SERVED)
    assert "https://qi.example.org/calendar/" in html.content.decode()


def test_outside_a_request_links_use_site_url_which_make_run_sets_from_host(settings):
    settings.SITE_URL = f"http://{SERVED}"
    assert absolute_url("/milestones/") == f"http://{SERVED}/milestones/"


def test_seed_demo_prints_the_address_it_will_be_served_on(settings):
    settings.SITE_URL = f"http://{SERVED}"
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert f"Sign in at http://{SERVED} with:" in out.getvalue()
