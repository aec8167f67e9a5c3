"""Item 10 of the security review: plain-text emails showed HTML escapes (&lt;, &quot;). Text
templates are not auto-escaped; HTML ones still are."""

import pytest
from django.core import mail
from django.urls import reverse

from pathway.core.emails import email_send

pytestmark = pytest.mark.django_db

NAME = 'Ana "Ana" <O\'Hara> & Co'


def test_a_plain_text_email_shows_names_as_typed_and_the_html_escapes_them(
    world, django_capture_on_commit_callbacks
):
    world.resident.full_name = NAME
    world.resident.preferred_name = NAME
    # The email goes through the outbox and out once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        email_send(
            to="ana@example.org",
            template="pathway/invitation",
            context={
                "user": world.resident,
                "program": world.program,
                "link": "http://x/?a=1&b=2",
            },
        )
    message = mail.outbox[-1]
    assert NAME in message.body
    assert "http://x/?a=1&b=2" in message.body
    assert "&lt;" not in message.body and "&quot;" not in message.body
    html = message.alternatives[0][0]
    assert "<O'Hara>" not in html and "&lt;O&#x27;Hara&gt;" in html


def test_the_password_reset_text_is_not_escaped(world, client):
    world.resident.preferred_name = NAME
    world.resident.save()
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": world.resident.email})
    message = mail.outbox[-1]
    assert NAME in message.body
    assert "&lt;" not in message.body and "&amp;" not in message.body
