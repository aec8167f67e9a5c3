"""Signing in and out: email sign-in, throttling, session expiry, passwords, CSRF."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pathway.core.middleware import SESSION_TOUCH_SECONDS, SESSION_TOUCHED_KEY
from pathway.models import Role, SignedInSession
from pathway.people.services import PersonData, person_create, person_deactivate
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LOGIN = reverse("login")
HOME = reverse("home")
WRONG = "Please enter a correct email address and password."
LOCKED = "Too many failed sign-ins"


def sign_in(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": email, "password": password, **extra})


def signed_in_as(client):
    return client.session.get("_auth_user_id")


def fail(client, email, times):
    for _ in range(times):
        response = sign_in(client, email, "wrong-password")
    return response


# --- Email sign-in ---------------------------------------------------------------------------


def test_sign_in_with_the_email_address_goes_to_the_home_page(world, client):
    response = sign_in(client, world.resident.email)
    assert response.status_code == 302
    assert response.url == HOME
    assert signed_in_as(client) == str(world.resident.pk)


def test_the_email_address_is_case_insensitive_and_trimmed(world, client):
    response = sign_in(client, f"  {world.resident.email.upper()} ")
    assert response.status_code == 302
    assert signed_in_as(client) == str(world.resident.pk)


def test_a_wrong_password_shows_the_message(world, client):
    response = sign_in(client, world.resident.email, "not-my-password")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert signed_in_as(client) is None


def test_an_unknown_email_shows_the_same_message(world, client):
    response = sign_in(client, "nobody@example.org")
    assert WRONG in response.content.decode()


def test_sign_in_returns_to_the_page_asked_for(world, client):
    target = reverse("pathway:resident_list")
    response = sign_in(client, world.director.email, next=target)
    assert response.url == target


def test_sign_in_ignores_a_next_address_on_another_site(world, client):
    response = sign_in(client, world.director.email, next="https://evil.example/")
    assert response.url == HOME


def test_a_signed_in_person_opening_the_sign_in_page_goes_home(world, as_user):
    response = as_user(world.resident).get(LOGIN)
    assert response.status_code == 302
    assert response.url == HOME


# --- Throttling ------------------------------------------------------------------------------


def test_four_failures_still_leave_the_form(world, client):
    response = fail(client, world.resident.email, 4)
    assert response.status_code == 200
    assert WRONG in response.content.decode()


def test_five_failures_lock_the_account_with_a_clear_page(world, client):
    response = fail(client, world.resident.email, 5)
    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED in text
    assert "locked for 15 minutes" in text


def test_a_locked_account_refuses_even_the_right_password(world, client):
    fail(client, world.resident.email, 5)
    response = sign_in(client, world.resident.email)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert signed_in_as(client) is None


def test_changing_the_case_of_the_email_does_not_dodge_the_lock(world, client):
    email = world.resident.email
    for variant in (email, email.upper(), email.title(), f" {email}", email.capitalize()):
        response = sign_in(client, variant, "wrong-password")
    assert response.status_code == 429
    assert sign_in(client, email).status_code == 429


def test_the_lock_is_for_that_account_only(world, client):
    fail(client, world.resident.email, 5)
    assert sign_in(client, world.director.email).status_code == 302


def test_failures_on_different_accounts_from_one_address_lock_nobody(world, client):
    # Everyone behind a hospital's proxy shares one IP address.
    for person in (world.coach, world.sponsor, world.director, world.coordinator):
        fail(client, person.email, 1)
    response = sign_in(client, world.resident.email, "wrong-password")
    assert response.status_code == 200
    assert sign_in(client, world.resident.email).status_code == 302


def age_attempts(minutes, seconds=0):
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - timedelta(minutes=minutes, seconds=seconds)
    )


def test_the_lock_still_holds_after_14_minutes(world, client):
    fail(client, world.resident.email, 5)
    age_attempts(14)
    assert sign_in(client, world.resident.email).status_code == 429


def test_the_lock_ends_after_15_minutes(world, client):
    fail(client, world.resident.email, 5)
    age_attempts(15, seconds=1)
    response = sign_in(client, world.resident.email)
    assert response.status_code == 302
    assert signed_in_as(client) == str(world.resident.pk)


def test_a_successful_sign_in_resets_the_failure_count(world, client):
    fail(client, world.resident.email, 4)
    assert sign_in(client, world.resident.email).status_code == 302
    client.post(reverse("logout"))
    response = fail(client, world.resident.email, 4)
    assert response.status_code == 200
    assert sign_in(client, world.resident.email).status_code == 302


def test_the_throttle_settings_are_five_failures_and_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_RESET_ON_SUCCESS


# --- Deactivated people ----------------------------------------------------------------------


def test_a_deactivated_person_cannot_sign_in(world, client):
    person_deactivate(user=world.sponsor)
    response = sign_in(client, world.sponsor.email)
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert signed_in_as(client) is None


# --- Sign out --------------------------------------------------------------------------------


def test_sign_out_is_post_only(world, as_user):
    client = as_user(world.resident)
    assert client.get(reverse("logout")).status_code == 405
    assert signed_in_as(client) == str(world.resident.pk)


def test_sign_out_ends_the_session_and_returns_to_sign_in(world, as_user):
    client = as_user(world.resident)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == LOGIN
    assert signed_in_as(client) is None
    assert client.get(HOME).status_code == 302


# --- Session expiry --------------------------------------------------------------------------


def test_sessions_expire_after_the_configured_inactivity(world, as_user):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client = as_user(world.resident)
    response = client.get(HOME)
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_using_the_site_pushes_the_expiry_forward(world, as_user):
    client = as_user(world.resident)
    key = client.session.session_key
    SignedInSession.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get(HOME)
    expires = SignedInSession.objects.get(pk=key).expire_date
    assert expires > timezone.now() + timedelta(minutes=59)


def test_pages_within_the_same_minute_do_not_rewrite_the_session(world, as_user):
    client = as_user(world.resident)
    client.get(HOME)  # the first page after signing in pushes the expiry forward
    key = client.session.session_key
    pinned = timezone.now() + timedelta(minutes=30)
    SignedInSession.objects.filter(pk=key).update(expire_date=pinned)
    response = client.get(reverse("pathway:notification_list"))
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert SignedInSession.objects.get(pk=key).expire_date == pinned


def test_a_session_in_use_is_written_again_after_a_minute(world, as_user):
    client = as_user(world.resident)
    client.get(HOME)
    key = client.session.session_key
    session = client.session
    session[SESSION_TOUCHED_KEY] -= SESSION_TOUCH_SECONDS
    session.save()
    SignedInSession.objects.filter(pk=key).update(
        expire_date=timezone.now() + timedelta(minutes=30)
    )
    response = client.get(HOME)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    assert SignedInSession.objects.get(pk=key).expire_date > timezone.now() + timedelta(minutes=59)


def test_a_health_check_with_a_session_cookie_does_not_keep_it_alive(world, as_user):
    client = as_user(world.resident)
    key = client.session.session_key
    pinned = timezone.now() + timedelta(minutes=5)
    SignedInSession.objects.filter(pk=key).update(expire_date=pinned)
    assert client.get("/healthz").status_code == 200
    assert SignedInSession.objects.get(pk=key).expire_date == pinned


def test_an_expired_session_must_sign_in_again(world, as_user):
    client = as_user(world.resident)
    SignedInSession.objects.filter(pk=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


# --- Passwords -------------------------------------------------------------------------------

NEW = "a-new-and-longer-passphrase-7"


def test_password_change_replaces_the_old_password(world, client):
    sign_in(client, world.coach.email)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert signed_in_as(client) == str(world.coach.pk)  # still signed in
    client.post(reverse("logout"))
    assert sign_in(client, world.coach.email, PASSWORD).status_code == 200
    assert sign_in(client, world.coach.email, NEW).status_code == 302


def test_password_change_needs_the_old_password(world, as_user):
    response = as_user(world.coach).post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly." in response.content.decode()


def invited(world):
    return person_create(
        program=world.program,
        data=PersonData(
            email="ivy.invited@example.org", full_name="Ivy Invited", roles={Role.COACH}
        ),
        invite=False,
    )


def test_password_reset_reaches_an_invited_person_without_a_password(world, client, mailoutbox):
    person = invited(world)
    assert not person.has_usable_password()
    response = client.post(reverse("password_reset"), {"email": "IVY.Invited@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ivy.invited@example.org"]
    assert message.subject == "Set your QI Pathway password"
    link = re.search(
        re.escape(settings.SITE_URL) + r"(/accounts/password/reset/\S+/)", message.body
    )
    form = client.get(link.group(1), follow=True)
    assert form.context["validlink"]
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert sign_in(client, "ivy.invited@example.org", NEW).status_code == 302


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(
    world, client, mailoutbox
):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []


def test_password_reset_sends_nothing_to_a_deactivated_person(world, client, mailoutbox):
    person_deactivate(user=world.sponsor)
    client.post(reverse("password_reset"), {"email": world.sponsor.email})
    assert mailoutbox == []


# --- CSRF ------------------------------------------------------------------------------------


def test_sign_in_without_a_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = sign_in(client, world.resident.email)
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_sign_in_with_the_forms_csrf_token_works(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = sign_in(client, world.resident.email, csrfmiddlewaretoken=token.group(1))
    assert response.status_code == 302


def test_a_signed_in_post_without_a_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    response = client.post(reverse("pathway:person_set_active", args=[world.resident.pk]))
    assert response.status_code == 403
    world.resident.refresh_from_db()
    assert world.resident.is_active
