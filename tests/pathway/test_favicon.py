"""Every page has an icon: no 404 for /favicon.ico in each browser's console."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_a_real_icon_for_anyone(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url == "/static/favicon.ico"
    path = finders.find("favicon.ico")
    assert path is not None
    with open(path, "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # the ICO magic number


def test_every_page_links_its_icon_signed_in_or_not(world, client):
    login = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in login
    client.force_login(world.resident)
    html = client.get(reverse("home")).content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in html
    assert '<link rel="apple-touch-icon" href="/static/apple-touch-icon.png"' in html


def test_the_favicon_cannot_be_posted(client):
    assert client.post("/favicon.ico").status_code == 405
