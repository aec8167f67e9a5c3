"""Which capstones are in the library, and what an entry shows: only projects that reached
Results (or were offered early and approved), results only once their move into Results was
approved, the A3, and who to ask."""

from django.urls import reverse
from django.utils import timezone

from capstone.models import LibraryOffer, Stage, StageChange
from tests import factories as f
from tests.capstone.library.helpers import library_entry

LIST = reverse("capstone:library_list")


def entry_url(project):
    return reverse("capstone:library_entry", args=[project.pk])


def titles(client, user):
    client.force_login(user)
    return sorted(p.title for p in client.get(LIST).context["page"])


def test_only_projects_that_reached_results_are_listed(client, world):
    for stage in (Stage.SELECTION, Stage.EVENT, Stage.POST_EVENT):
        library_entry(program=world.program, title=f"At {stage}", stage=stage, approved=False)
    for stage in (Stage.RESULTS, Stage.DISSEMINATION, Stage.CLOSED):
        library_entry(program=world.program, title=f"At {stage}", stage=stage)
    held = library_entry(program=world.program, title="Held after results", approved=False)
    StageChange.objects.create(project=held, kind="advance", to_stage=Stage.RESULTS)
    held.held_from_stage, held.stage = Stage.RESULTS, Stage.ON_HOLD
    held.stage_reason = "Leave"
    held.save()
    assert titles(client, world.resident) == [
        "At closed",
        "At dissemination",
        "At results",
        "Held after results",
    ]


def test_an_earlier_project_is_listed_only_when_offered_and_approved(client, world):
    project = library_entry(
        program=world.program, title="Early", stage=Stage.EVENT, approved=False, outcome=None
    )
    assert titles(client, world.resident) == []
    offer = LibraryOffer.objects.create(project=project, offered_by=project.lead.user)
    assert titles(client, world.resident) == []  # offered, not approved
    offer.approved_by, offer.approved_at = world.director, timezone.now()
    offer.save()
    assert titles(client, world.resident) == ["Early"]


def test_an_entry_shows_the_aim_the_key_chart_the_effect_the_countermeasures_and_who_to_ask(
    client, world
):
    project = library_entry(
        lead=world.resident.resident_profile,
        sponsor=world.sponsor,
        countermeasure="Night-before discharge list",
        lessons="Start with the night before.",
    )
    f.WasteObservationFactory(project=project)
    client.force_login(world.other_resident)
    response = client.get(entry_url(project))
    page = response.content.decode()
    assert "Increase percentage of discharges before noon from 14% to 35%" in page
    assert 'class="chart-box"' in page and "<svg" in page  # the key chart
    assert "at baseline" in page and "after the event" in page  # the effect in words
    assert "Night-before discharge list" in page
    assert "Start with the night before." in page
    assert "Waiting" in page
    for person in (world.resident, world.coach, world.sponsor):
        assert person.display_name in page
        assert f"mailto:{person.email}" in page
    assert reverse("capstone:library_a3", args=[project.pk]) in page


def test_the_a3_is_a_pdf_for_anyone_who_sees_the_entry(client, world):
    project = library_entry(lead=world.resident.resident_profile)
    client.force_login(world.other_resident)  # cannot open the project itself
    assert client.get(project.get_absolute_url()).status_code == 404
    response = client.get(reverse("capstone:library_a3", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_results_not_approved_are_not_presented_as_results(client, world):
    project = library_entry(program=world.program, title="Unapproved", approved=False)
    client.force_login(world.director)
    listing = client.get(LIST).content.decode()
    assert "Results not yet approved" in listing
    assert "a change of" not in listing
    page = client.get(entry_url(project)).content.decode()
    assert "not approved yet" in page
    assert 'class="chart-box"' not in page and "a change of" not in page
    assert reverse("capstone:library_a3", args=[project.pk]) not in page
    assert client.get(reverse("capstone:library_a3", args=[project.pk])).status_code == 404
    assert client.get(LIST, {"outcome": "improved"}).context["page"].object_list == []


def test_a_project_moved_back_before_results_no_longer_presents_its_results(client, world):
    project = library_entry(program=world.program, title="Moved back")
    project.stage = Stage.POST_EVENT
    project.save()
    StageChange.objects.create(project=project, kind="advance", to_stage=Stage.RESULTS)
    client.force_login(world.director)
    page = client.get(entry_url(project)).content.decode()
    assert "Results not yet approved" in page and 'class="chart-box"' not in page


def test_an_entry_outside_the_library_is_not_found(client, world):
    project = library_entry(program=world.program, stage=Stage.EVENT, approved=False)
    client.force_login(world.director)
    assert client.get(entry_url(project)).status_code == 404
    assert client.get(reverse("capstone:library_entry", args=[999999])).status_code == 404


def test_the_library_is_in_the_navigation_bar(client, world):
    client.force_login(world.resident)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{LIST}"' in page
