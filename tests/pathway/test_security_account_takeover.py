"""Item 1 of the security review: a coordinator must not take over another account by setting
its email address to one they read, then resetting the password from the sign-in page."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pathway.models import User
from pathway.people.forms import PersonForm

pytestmark = pytest.mark.django_db


def edit(client, person, captured, **changes):
    data = {k: v for k, v in PersonForm.initial_for(person).items() if v not in (None, False)}
    data = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in data.items()}
    data.update(changes)
    with captured(execute=True):
        return client.post(reverse("pathway:person_edit", args=[person.pk]), data)


def reset_password_for(client, email):
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": email})
    return [m for m in mail.outbox if email in m.to]


def confirm_link(message):
    return re.search(r"https?://\S+/email/confirm/\S+/", message.body).group(0)


@pytest.fixture
def coordinator_changes_email(world, as_user, django_capture_on_commit_callbacks):
    """The coordinator types a new address for someone: returns the confirmation link sent to
    that address."""

    def change(person, email):
        edit(as_user(world.coordinator), person, django_capture_on_commit_callbacks, email=email)
        return confirm_link(next(m for m in mail.outbox if email in m.to))

    return change


def test_a_coordinator_cannot_change_a_site_administrators_email(
    world, as_user, django_capture_on_commit_callbacks
):
    # A director who is also a site administrator: the form is otherwise valid.
    admin = world.director
    admin.is_superuser = admin.is_staff = True
    admin.save()
    edit(
        as_user(world.coordinator),
        admin,
        django_capture_on_commit_callbacks,
        email="mine@attacker.example",
    )
    assert User.objects.get(pk=admin.pk).email == admin.email
    assert not reset_password_for(as_user(None), "mine@attacker.example")


def test_a_coordinator_cannot_change_a_site_administrators_roles(
    world, as_user, django_capture_on_commit_callbacks
):
    staff = world.director
    staff.is_staff = True
    staff.save()
    edit(
        as_user(world.coordinator),
        staff,
        django_capture_on_commit_callbacks,
        roles=["sponsor"],
        department="x",
    )
    assert User.objects.get(pk=staff.pk).roles == staff.roles


def test_a_changed_email_waits_for_the_new_address_to_confirm_it(
    world, as_user, django_capture_on_commit_callbacks
):
    old = world.director.email
    mail.outbox.clear()
    response = edit(
        as_user(world.coordinator),
        world.director,
        django_capture_on_commit_callbacks,
        email="mine@attacker.example",
    )
    assert response.status_code == 302
    assert User.objects.get(pk=world.director.pk).email == old
    # A password reset for the typed address reaches nobody: the account is still the old one.
    new_mail = [m for m in mail.outbox if "mine@attacker.example" in m.to]
    told_old = [m for m in mail.outbox if old in m.to]
    assert len(new_mail) == 1 and "Confirm" in new_mail[0].subject
    assert len(told_old) == 1 and "mine@attacker.example" in told_old[0].body
    assert not reset_password_for(as_user(None), "mine@attacker.example")


def test_the_link_alone_does_not_hand_over_an_account_that_has_signed_in(
    world, as_user, client, coordinator_changes_email
):
    User.objects.filter(pk=world.director.pk).update(last_login="2026-01-01T00:00Z")
    link = coordinator_changes_email(world.director, "mine@attacker.example")
    # The coordinator who typed the address opens the link: refused.
    assert as_user(world.coordinator).post(link).status_code == 403
    client.logout()
    assert client.post(link).status_code == 302  # to sign in
    assert User.objects.get(pk=world.director.pk).email != "mine@attacker.example"


def test_the_owner_confirms_the_new_address_and_the_old_one_is_told(
    world, as_user, django_capture_on_commit_callbacks, coordinator_changes_email
):
    old = world.director.email
    User.objects.filter(pk=world.director.pk).update(last_login="2026-01-01T00:00Z")
    link = coordinator_changes_email(world.director, "dina.new@example.org")
    owner = as_user(User.objects.get(pk=world.director.pk))
    assert owner.get(link).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert owner.post(link).status_code == 302
    assert User.objects.get(pk=world.director.pk).email == "dina.new@example.org"
    assert [m.to for m in mail.outbox] == [[old]]
    # Used once: the address in the token is no longer the account's.
    assert owner.post(link).status_code == 400


def test_the_link_alone_does_not_hand_over_a_director_who_never_signed_in(
    world, client, coordinator_changes_email
):
    assert User.objects.get(pk=world.director.pk).last_login is None
    link = coordinator_changes_email(world.director, "mine@attacker.example")
    client.logout()
    assert client.post(link).status_code == 302  # to sign in
    assert User.objects.get(pk=world.director.pk).email != "mine@attacker.example"


def test_an_invited_resident_who_never_signed_in_confirms_with_the_link(
    world, client, coordinator_changes_email
):
    link = coordinator_changes_email(world.resident, "rosa.right@example.org")
    client.logout()
    assert client.post(link).status_code == 302
    assert User.objects.get(pk=world.resident.pk).email == "rosa.right@example.org"
