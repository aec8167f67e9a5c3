"""The SCIM tokens page: a program director creates a token (shown once, stored as a hash) and
revokes it; a site administrator does so for any program; nobody else sees it."""

from django.urls import reverse

from pathway.models import ScimToken
from pathway.models.api_tokens import api_token_hash
from tests.pathway.scim.conftest import Scim

PAGE = "/scim/tokens/"


def test_a_director_creates_a_token_shown_once_and_stored_as_a_hash(as_user, world, client):
    page = as_user(world.director)

    response = page.post(PAGE, {"name": "Entra ID"}, follow=True)

    raw = response.context["new_token"]
    assert raw.startswith("qipscim_")
    assert raw in response.content.decode()
    token = ScimToken.objects.get()
    assert (token.program, token.created_by, token.name) == (
        world.program,
        world.director,
        "Entra ID",
    )
    assert token.key_hash == api_token_hash(raw)
    assert raw not in {token.hint, token.key_hash}
    again = page.get(PAGE)
    assert raw not in again.content.decode()
    assert "Entra ID" in again.content.decode()
    assert "/scim/v2" in again.content.decode()  # the tenant URL to paste into Entra ID
    assert Scim(client, raw).get("/Users").status_code == 200


def test_a_token_needs_a_name_and_nothing_is_saved_without_one(as_user, world):
    response = as_user(world.director).post(PAGE, {"name": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert not ScimToken.objects.exists()


def test_a_program_has_at_most_five_active_tokens(as_user, world):
    page = as_user(world.director)
    for n in range(5):
        page.post(PAGE, {"name": f"IdP {n}"})

    response = page.post(PAGE, {"name": "one more"})

    assert "already has 5 active SCIM tokens" in response.content.decode()
    assert ScimToken.objects.count() == 5


def test_a_site_administrator_creates_a_token_for_the_program_they_choose(as_user, world):
    as_user(world.superuser).post(PAGE, {"name": "Okta", "program": world.other_program.pk})

    assert ScimToken.objects.get().program == world.other_program


def test_a_director_sees_and_revokes_only_their_programs_tokens(as_user, world):
    page = as_user(world.director)
    page.post(PAGE, {"name": "Ours"})
    as_user(world.other_director).post(PAGE, {"name": "Theirs"})
    ours, theirs = ScimToken.objects.get(name="Ours"), ScimToken.objects.get(name="Theirs")

    page = as_user(world.director)
    assert list(page.get(PAGE).context["tokens"]) == [ours]
    assert page.post(reverse("scim:token_revoke", args=[theirs.pk])).status_code == 404
    assert page.post(reverse("scim:token_revoke", args=[ours.pk])).status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.revoked_at is not None and theirs.revoked_at is None


def test_a_coordinator_may_not_open_the_page(as_user, world):
    assert as_user(world.coordinator).get(PAGE).status_code == 403
