"""The structured abstract: prefilled from the record, edited and saved by the leads, read by
everyone on the project, and downloadable as text."""

import pytest
from django.urls import reverse

from capstone.models import AbstractDraft, Stage
from tests.capstone.conftest import make_project


@pytest.fixture
def project(world):
    return make_project(world, Stage.CLOSED, title="Discharge before noon")


def url(project):
    return reverse("capstone:abstract_draft", args=[project.pk])


def download_url(project):
    return reverse("capstone:abstract_download", args=[project.pk])


def test_an_unsaved_draft_is_prefilled_from_the_record(world, as_user, project):
    response = as_user(world.resident).get(url(project))
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["title"] == "Discharge before noon"
    assert "Discharges are late." in initial["background"]
    assert initial["aim"] == project.aim_sentence
    assert "Virginia Mason Production System" in initial["methods"]
    assert "two-day event" in initial["methods"]
    # One point each side: the I chart's means are the values; no signal can show yet.
    assert (
        "Discharges before noon: mean 14% at baseline (n=1) and 30% after the event (n=1), "
        "a change of +16 percentage points (+114.3%), better; "
        "no signal on the chart supports it yet."
    ) in initial["results"]
    assert "control charts (SPC), with the Anhøj rules for signals" in initial["methods"]
    assert "Discharges before noon rose from 14% to 31%." in initial["results"]
    assert initial["conclusions"] == "Start with the night before."
    assert "not saved yet" in response.content.decode()
    assert not AbstractDraft.objects.exists()


def test_lead_edits_and_saves_the_draft(world, as_user, project):
    data = {
        "title": "Noon discharges",
        "background": "B",
        "aim": "A",
        "methods": "M",
        "results": "R",
        "conclusions": "",
    }
    response = as_user(world.resident).post(url(project), data)
    assert response.status_code == 302
    draft = AbstractDraft.objects.get(project=project)
    assert (draft.title, draft.methods, draft.conclusions) == ("Noon discharges", "M", "")
    assert draft.updated_by == world.resident
    # The saved draft, not the record, is what the page shows now.
    assert as_user(world.resident).get(url(project)).context["form"].initial["methods"] == "M"


def test_refilling_shows_the_record_again_without_saving(world, as_user, project):
    AbstractDraft.objects.create(project=project, title="Mine", methods="Mine")
    response = as_user(world.resident).get(url(project) + "?refill=1")
    assert "Virginia Mason Production System" in response.context["form"].initial["methods"]
    assert AbstractDraft.objects.get().methods == "Mine"


def test_a_title_is_required(world, as_user, project):
    response = as_user(world.resident).post(url(project), {"title": "", "background": "kept"})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert response.context["form"]["background"].value() == "kept"
    assert not AbstractDraft.objects.exists()


def test_the_draft_downloads_as_text(world, as_user, project):
    AbstractDraft.objects.create(
        project=project, title="Noon", background="Late discharges.", aim="35%", methods="VMPS"
    )
    response = as_user(world.sponsor).get(download_url(project))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="abstract-discharge-before-noon.txt"'
    )
    text = response.content.decode()
    assert text.startswith("Noon\n")
    assert "Background\nLate discharges.\n" in text
    assert "Conclusions\n(empty)\n" in text


def test_without_a_saved_draft_the_download_is_the_prefill(world, as_user, project):
    text = as_user(world.resident).get(download_url(project)).content.decode()
    assert "Virginia Mason Production System" in text


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director", "coordinator"])
def test_others_on_the_project_read_the_draft_but_cannot_save_it(persona, world, as_user, project):
    client = as_user(getattr(world, persona))
    response = client.get(url(project))
    assert response.status_code == 200
    assert all(field.disabled for field in response.context["form"].fields.values())
    assert client.post(url(project), {"title": "Mine"}).status_code == 403
    assert not AbstractDraft.objects.exists()


@pytest.mark.parametrize("name", ["capstone:abstract_draft", "capstone:abstract_download"])
def test_another_resident_and_program_get_404(name, world, as_user, project):
    assert as_user(world.other_resident).get(reverse(name, args=[project.pk])).status_code == 404
    assert as_user(world.other_director).get(reverse(name, args=[project.pk])).status_code == 404


def test_wrong_methods_are_refused(world, as_user, project):
    assert as_user(world.resident).put(url(project)).status_code == 405
    assert as_user(world.resident).post(download_url(project)).status_code == 405
