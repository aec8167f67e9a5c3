"""What every signed-in page costs and must keep: the signed-in user read fresh on each request
(with its program and role profiles, in one query), and the menus' links."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, override_settings
from django.urls import reverse, set_script_prefix
from django.utils import timezone

from pathway.core.auth import EmailBackend
from pathway.core.sessions import SessionStore
from pathway.models import DirectorProfile, SignedInSession, User
from pathway.models.people import ROLE_PROFILES
from tests import factories as f

pytestmark = pytest.mark.django_db

MINIMAL = "/bench/minimal/"


def field_values(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def profiles(user):
    """Each role profile's field values, or None where the person has none."""
    held = {}
    for name in ROLE_PROFILES.values():
        profile = getattr(user, name, None)  # a missing profile raises an AttributeError
        held[name] = field_values(profile) if profile else None
    return held


@pytest.mark.parametrize(
    "who", ["resident", "coach", "sponsor", "director", "coordinator", "superuser"]
)
def test_the_signed_in_user_is_the_orms_user_with_its_roles_in_one_query(
    world, who, django_assert_num_queries
):
    expected = User.objects.with_roles().get(pk=getattr(world, who).pk)
    # The first use on a connection also PREPAREs the query on PostgreSQL.
    EmailBackend().get_user(world.superuser.pk)

    with django_assert_num_queries(1):
        user = EmailBackend().get_user(expected.pk)
        loaded = (field_values(user), user.program, profiles(user), user.roles)

    assert loaded[0] == field_values(expected)
    assert loaded[1] == expected.program
    assert loaded[2] == profiles(expected)
    assert loaded[3] == expected.roles
    assert user._state.db == expected._state.db and not user._state.adding


def test_an_unknown_or_deactivated_user_is_nobody(world):
    world.sponsor.is_active = False
    world.sponsor.save()

    assert EmailBackend().get_user(world.sponsor.pk) is None
    assert EmailBackend().get_user(10**9) is None


def test_a_removed_role_and_a_deactivation_show_on_the_very_next_request(world, as_user):
    client = as_user(world.director)
    with override_settings(ROOT_URLCONF="config.urls_bench"):
        assert "Cohort board" in client.get(MINIMAL).content.decode()

        DirectorProfile.objects.filter(user=world.director).delete()
        assert "Cohort board" not in client.get(MINIMAL).content.decode()

        User.objects.filter(pk=world.director.pk).update(is_active=False)
        response = client.get(MINIMAL)
    assert response.status_code == 302
    assert "/login/" in response.url


def test_the_minimal_page_runs_the_same_two_queries_with_more_people(
    world, as_user, django_assert_num_queries
):
    for n in range(3):
        program = f.ProgramFactory(name=f"Extra program {n}", slug=f"extra-{n}")
        f.DirectorFactory.create_batch(3, user__program=program)
        f.ResidentFactory.create_batch(5, program=program)
    client = as_user(world.director)
    with override_settings(ROOT_URLCONF="config.urls_bench"):
        client.get(MINIMAL)
        # The session with its user (and their program and roles), and the page's own count.
        with django_assert_num_queries(2):
            response = client.get(MINIMAL)
    assert "5 programs." in response.content.decode()


def test_the_menu_links_follow_the_script_prefix_the_site_is_served_under(world, as_user):
    client = as_user(world.coordinator)
    with override_settings(ROOT_URLCONF="config.urls_bench"):
        board = reverse("pathway:cohort_board")
        plain = client.get(MINIMAL).content.decode()
        set_script_prefix("/qi/")  # as the WSGI handler does for a site served under /qi
        try:
            prefixed = client.get(MINIMAL).content.decode()
        finally:
            set_script_prefix("/")
        plain_again = client.get(MINIMAL).content.decode()

    assert f'href="{board}"' in plain and f'href="{board}"' in plain_again
    assert f'href="/qi{board}"' in prefixed and f'href="{board}"' not in prefixed


def test_sessions_are_database_rows_read_fresh_and_unexpired(world):
    store = SessionStore()
    store["who"] = "rosa"
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"who": "rosa"}

    SignedInSession.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(key)
    assert expired.load() == {}
    assert expired.session_key is None

    SignedInSession.objects.filter(session_key=key).delete()
    assert SessionStore(key).load() == {}
    assert SessionStore("not-a-key").load() == {}


def test_signing_out_ends_the_session_on_the_server(world, client):

    client.force_login(world.coordinator)
    key = client.cookies["sessionid"].value
    assert SignedInSession.objects.filter(session_key=key).exists()

    client.post(reverse("logout"))

    assert not SignedInSession.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # replaying the old cookie signs no one in
    with override_settings(ROOT_URLCONF="config.urls_bench"):
        assert client.get(MINIMAL).status_code == 302


def test_the_session_is_read_with_the_user_its_data_names_and_their_roles(
    world, client, django_assert_num_queries
):
    client.force_login(world.coach)
    key = client.cookies["sessionid"].value
    assert SignedInSession.objects.get(pk=key).user == world.coach
    expected = User.objects.with_roles().get(pk=world.coach.pk)
    SessionStore(client.session.session_key).load()  # prepared on this connection
    store = SessionStore(key)

    with django_assert_num_queries(1):
        assert store[SESSION_KEY] == str(world.coach.pk)
        user = store.user_read_with_session(world.coach.pk)
        loaded = (field_values(user), user.program, profiles(user), user.roles)

    assert loaded == (
        field_values(expected),
        expected.program,
        profiles(expected),
        expected.roles,
    )
    assert store.user_read_with_session(world.director.pk) is None


def test_a_session_whose_data_names_someone_else_than_its_row_signs_in_the_one_its_data_names(
    world, client
):
    client.force_login(world.coach)
    key = client.cookies["sessionid"].value
    # The row names the director; the signed session data still names the coach.
    SignedInSession.objects.filter(pk=key).update(user=world.director)
    with override_settings(ROOT_URLCONF="config.urls_bench"):
        response = client.get(MINIMAL)
    assert response.context["user"] == world.coach
    assert "Cohort board" not in response.content.decode()


def test_a_session_that_signed_out_names_no_one_and_deleting_a_person_ends_their_sessions(
    world, client
):
    client.force_login(world.resident)
    client.post(reverse("logout"))
    client.get(reverse("login"))  # an anonymous session (the CSRF token and messages)
    assert not SignedInSession.objects.filter(user=world.resident).exists()

    other = Client()
    other.force_login(world.sponsor)
    assert SignedInSession.objects.filter(user=world.sponsor).count() == 1
    User.objects.filter(pk=world.sponsor.pk).delete()
    assert not SignedInSession.objects.filter(user_id=world.sponsor.pk).exists()
