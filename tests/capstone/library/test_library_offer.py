"""An earlier capstone joins the library only when both agree: its lead offers it and a
director of its program approves. Either can take it back."""

from django.urls import reverse
from django.utils import timezone

from capstone.models import LibraryOffer, Stage
from tests.capstone.library.helpers import library_entry

LIST = reverse("capstone:library_list")


def offer_url(project):
    return reverse("capstone:library_offer", args=[project.pk])


def decide_url(project):
    return reverse("capstone:library_decide", args=[project.pk])


def titles(client, user):
    client.force_login(user)
    return [p.title for p in client.get(LIST).context["page"]]


def early(world):
    return library_entry(
        lead=world.resident.resident_profile,
        sponsor=world.sponsor,
        title="Early work",
        stage=Stage.EVENT,
        approved=False,
        outcome=None,
    )


def test_the_lead_offers_and_a_director_approves_then_the_program_sees_it(client, world):
    project = early(world)
    client.force_login(world.resident)
    assert "Offer it to the library" in client.get(LIST).content.decode()
    assert client.post(offer_url(project), {"action": "offer"}).status_code == 302
    assert titles(client, world.other_resident) == []
    client.force_login(world.director)
    page = client.get(LIST).content.decode()
    assert "Offered to the library early" in page and "Early work" in page
    assert client.post(decide_url(project), {"action": "approve"}).status_code == 302
    offer = LibraryOffer.objects.get(project=project)
    assert offer.approved_by == world.director
    assert titles(client, world.other_resident) == ["Early work"]


def test_the_lead_can_withdraw_the_offer_and_the_project_leaves_the_library(client, world):
    project = early(world)
    LibraryOffer.objects.create(project=project, approved_by=world.director)
    client.force_login(world.resident)
    client.post(offer_url(project), {"action": "withdraw"})
    assert not LibraryOffer.objects.exists()
    assert titles(client, world.other_resident) == []


def test_a_director_declines_an_offer(client, world):
    project = early(world)
    LibraryOffer.objects.create(project=project, offered_by=world.resident)
    client.force_login(world.director)
    client.post(decide_url(project), {"action": "decline"})
    assert not LibraryOffer.objects.exists()


def test_nobody_but_the_leads_offers_and_nobody_but_a_director_of_the_program_approves(
    client, world
):
    project = early(world)
    for user in (world.coach, world.sponsor, world.director):
        client.force_login(user)
        assert client.post(offer_url(project)).status_code == 403
    assert not LibraryOffer.objects.exists()
    LibraryOffer.objects.create(project=project, offered_by=world.resident)
    client.force_login(world.other_director)
    assert client.post(decide_url(project), {"action": "approve"}).status_code == 404
    for user in (world.resident, world.coach, world.coordinator):
        client.force_login(user)
        assert client.post(decide_url(project), {"action": "approve"}).status_code == 403
    assert LibraryOffer.objects.get().approved_at is None


def test_approving_a_project_nobody_offered_is_not_found(client, world):
    project = early(world)
    client.force_login(world.director)
    assert client.post(decide_url(project), {"action": "approve"}).status_code == 404


def test_a_resident_whose_project_reached_results_is_not_asked_to_offer_it(client, world):
    library_entry(lead=world.resident.resident_profile)
    client.force_login(world.resident)
    assert "Offer it to the library" not in client.get(LIST).content.decode()


def test_a_director_takes_an_early_entry_out_of_the_library_from_its_page(client, world):
    project = early(world)
    LibraryOffer.objects.create(project=project, approved_at=timezone.now())
    entry = reverse("capstone:library_entry", args=[project.pk])
    client.force_login(world.coach)
    assert "Take out of the library" not in client.get(entry).content.decode()
    client.force_login(world.director)
    assert "Take out of the library" in client.get(entry).content.decode()
    client.post(decide_url(project), {"action": "decline"})
    assert client.get(entry).status_code == 404


def test_an_entry_that_reached_results_cannot_be_taken_out(client, world):
    project = library_entry(lead=world.resident.resident_profile)
    LibraryOffer.objects.create(project=project, approved_at=timezone.now())
    client.force_login(world.director)
    page = client.get(reverse("capstone:library_entry", args=[project.pk])).content.decode()
    assert "Take out of the library" not in page


def test_the_consents_are_changed_by_post_only(client, world):
    project = early(world)
    client.force_login(world.resident)
    assert client.get(offer_url(project)).status_code == 405
    client.force_login(world.director)
    assert client.get(decide_url(project)).status_code == 405
    assert not LibraryOffer.objects.exists()
