"""QI or research: the leads record the determination (QI, exempt, or IRB-approved with its
board, protocol number and date) and may upload the letter; Dissemination needs it."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from capstone.models import Determination, Stage
from tests import factories as f
from tests.capstone.conftest import make_project


def url(project):
    return reverse("capstone:determination_edit", args=[project.pk])


def letter_url(project):
    return reverse("capstone:determination_letter", args=[project.pk])


@pytest.fixture
def results(world):
    return make_project(world, Stage.RESULTS)


def pdf(name="letter.pdf", content=f.TINY_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_lead_records_quality_improvement(world, as_user, results):
    client = as_user(world.resident)
    assert client.get(url(results)).status_code == 200
    response = client.post(url(results), {"kind": "qi"})
    assert response.status_code == 302
    determination = Determination.objects.get(project=results)
    assert (determination.kind, determination.recorded_by) == ("qi", world.resident)
    tab = client.get(reverse("capstone:project_dissemination", args=[results.pk]))
    assert "Quality improvement (not human-subjects research)" in tab.content.decode()


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("board", "An IRB approval needs the review board."),
        ("protocol_number", "An IRB approval needs the protocol number."),
        ("approved_on", "An IRB approval needs the date of approval."),
    ],
)
def test_an_irb_approval_names_board_protocol_and_date(missing, message, world, as_user, results):
    data = {
        "kind": "irb",
        "board": "Virginia Mason IRB",
        "protocol_number": "2025-117",
        "approved_on": "2025-03-03",
    }
    data[missing] = ""
    response = as_user(world.resident).post(url(results), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Determination.objects.exists()


def test_an_irb_approval_dated_in_the_future_is_refused(world, as_user, results):
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"kind": "irb", "board": "VM IRB", "protocol_number": "1", "approved_on": tomorrow}
    response = as_user(world.resident).post(url(results), data)
    assert "The approval date cannot be in the future." in response.content.decode()
    assert not Determination.objects.exists()


def test_a_complete_irb_approval_is_summarised(world, as_user, results):
    data = {
        "kind": "irb",
        "board": "VM IRB",
        "protocol_number": "2025-117",
        "approved_on": "2025-03-03",
    }
    as_user(world.resident).post(url(results), data)
    determination = Determination.objects.get(project=results)
    assert determination.approved_on == date(2025, 3, 3)
    assert determination.summary == "IRB-approved: VM IRB, protocol 2025-117, 3 Mar 2025"


def test_a_letter_is_stored_privately_and_served_to_the_project_only(world, as_user, results):
    as_user(world.resident).post(url(results), {"kind": "exempt", "letter": pdf()})
    determination = Determination.objects.get(project=results)
    assert determination.letter_name == "letter.pdf"
    stored = Path(determination.letter.path)
    assert stored.exists()
    assert Path(settings.MEDIA_ROOT) not in stored.parents  # no web server serves it by URL
    response = as_user(world.sponsor).get(letter_url(results))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f.TINY_PDF
    assert as_user(world.other_director).get(letter_url(results)).status_code == 404


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("letter.pdf", b"MZ\x90\x00binary"), "not an accepted type"),
        (SimpleUploadedFile("letter.exe", f.TINY_PDF), "does not match its content"),
        (
            SimpleUploadedFile("big.pdf", f.TINY_PDF + b"0" * (10 * 1024 * 1024)),
            "the limit is",
        ),
    ],
    ids=["not-a-document", "name-lies", "too-large"],
)
def test_a_bad_letter_is_refused_and_nothing_is_saved(upload, message, world, as_user, results):
    response = as_user(world.resident).post(url(results), {"kind": "qi", "letter": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Determination.objects.exists()


def test_a_new_choice_keeps_the_stored_letter(world, as_user, results):
    client = as_user(world.resident)
    client.post(url(results), {"kind": "exempt", "letter": pdf()})
    client.post(url(results), {"kind": "qi"})
    determination = Determination.objects.get(project=results)
    assert determination.kind == "qi" and determination.letter_name == "letter.pdf"


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director"])
def test_only_the_leads_record_it(persona, world, as_user, results):
    response = as_user(getattr(world, persona)).post(url(results), {"kind": "qi"})
    assert response.status_code == 403
    assert not Determination.objects.exists()


def test_dissemination_needs_the_determination(world):
    project = make_project(world, Stage.RESULTS, ready_for_next=True)
    assert project.missing_for(Stage.DISSEMINATION) == []
    project.determination.delete()
    project = type(project).objects.get(pk=project.pk)
    labels = [r.label for r in project.missing_for(Stage.DISSEMINATION)]
    assert labels == ["The QI-or-research determination (QI, exempt, or IRB-approved)"]


def test_the_letter_download_needs_a_letter(world, as_user, results):
    Determination.objects.create(project=results, kind="qi")
    assert as_user(world.resident).get(letter_url(results)).status_code == 404
