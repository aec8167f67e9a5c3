"""The A3: a printable page and a PDF, both generated from the record with no retyping."""

import base64
import io
import re
import time
import zlib
from datetime import date

import pytest
from django.urls import reverse

from capstone.models import Stage
from tests import factories as f
from tests.capstone.conftest import make_project


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF. reportlab writes each page's content stream ASCII85-encoded
    and zlib-compressed; undo both, then collect the shown strings."""
    chunks = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = stream.strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            chunks.append(zlib.decompress(raw))
        except zlib.error:
            chunks.append(raw)
    text = b"".join(chunks).decode("latin-1")
    # Text is shown as (…) Tj strings; join them so phrases can be searched.
    return "".join(re.findall(r"\((.*?)(?<!\\)\)\s*Tj", text))


# The A3's eight boxes, in the order the page and the PDF show them.
A3_HEADINGS = (
    "Background",
    "Current condition",
    "Goal",
    "Analysis",
    "Countermeasures",
    "Results",
    "Plan and follow-up",
    "Lessons and spread",
)
DOCUMENT_PAGES = [
    "capstone:a3",
    "capstone:a3_pdf",
    "capstone:poster_pdf",
    "capstone:deck_pptx",
    "capstone:abstract_docx",
]


@pytest.fixture
def project(world):
    project = make_project(world, Stage.CLOSED, title="Discharge before noon on 5 West")
    f.CauseFactory(project=project, text="Pharmacy opens at 9")
    return project


def test_the_a3_page_has_every_box_filled_from_the_record(world, as_user, project):
    response = as_user(world.sponsor).get(reverse("capstone:a3", args=[project.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    for heading in A3_HEADINGS:
        assert f"<h2>{heading}</h2>" in page
    assert "Discharges are late." in page  # the problem statement
    assert project.aim_sentence in page
    assert "Why are discharges late? Because the discharge summary" in page  # 5 Whys
    assert "Waiting (1)" in page  # wastes
    assert "Pharmacy opens at 9" in page  # causes
    assert "Identify tomorrow&#x27;s discharges" in page  # the adopted idea
    assert "Train night nurses on the checklist" in page  # the action plan
    assert "90-day follow-up held " in page
    assert "Discharges before noon" in page  # the measure
    assert reverse("capstone:a3_pdf", args=[project.pk]) in page


def test_an_idea_is_a_countermeasure_only_once_a_test_adopts_it(world, project):
    from capstone.documents import a3_content, load_for_documents

    f.IdeaFactory(project=project, idea="Rejected idea", decision="rejected", rejected_reason="x")
    content = a3_content(load_for_documents(project.pk))
    countermeasures = next(s for s in content.sections if s.key == "countermeasures")
    items = [item for block in countermeasures.blocks for item in block.get("items", [])]
    assert not any("Rejected idea" in item for item in items)
    assert any("Identify tomorrow" in item for item in items)


def test_an_empty_project_says_what_is_not_recorded_yet(world, as_user):
    project = make_project(world)
    page = as_user(world.resident).get(reverse("capstone:a3", args=[project.pk])).content.decode()
    assert "No change adopted yet." in page
    assert "No action plan or follow-ups yet." in page


def test_the_pdf_is_a_pdf_with_the_title_and_the_record(world, as_user, project):
    response = as_user(world.resident).get(reverse("capstone:a3_pdf", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="A3-discharge-before-noon-on-5-west.pdf"'
    )
    data = response.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "A3: Discharge before noon on 5 West" in text
    assert "Countermeasures" in text
    assert "Train night nurses on the checklist" in text


def test_the_pdf_of_an_empty_project_still_renders(world, as_user):
    project = make_project(world, title="Fresh start")
    response = as_user(world.resident).get(reverse("capstone:a3_pdf", args=[project.pk]))
    assert response.content.startswith(b"%PDF")
    assert "A3: Fresh start" in pdf_text(response.content)


def test_text_that_looks_like_markup_is_printed_as_typed(world, as_user):
    project = make_project(world, title="Time <to> antibiotics & fluids")
    response = as_user(world.resident).get(reverse("capstone:a3_pdf", args=[project.pk]))
    assert "Time <to> antibiotics & fluids" in pdf_text(response.content)


@pytest.mark.parametrize("name", DOCUMENT_PAGES)
def test_another_resident_and_program_get_404(name, world, as_user, project):
    assert as_user(world.other_resident).get(reverse(name, args=[project.pk])).status_code == 404
    assert as_user(world.other_director).get(reverse(name, args=[project.pk])).status_code == 404


@pytest.mark.parametrize("name", DOCUMENT_PAGES)
def test_the_a3_and_the_other_documents_refuse_post(name, world, as_user, project):
    assert as_user(world.resident).post(reverse(name, args=[project.pk])).status_code == 405


@pytest.mark.parametrize("rows", [1, 8])
def test_a3_queries_do_not_grow_with_the_record(
    rows, world, as_user, django_assert_max_num_queries
):
    project = make_project(world, Stage.CLOSED)
    for _ in range(rows):
        f.ProcessStepFactory(project=project)
        f.WhyStepFactory(project=project)
        f.ActionItemFactory(project=project)
        f.TestOfChangeFactory(project=project).ideas.add(f.IdeaFactory(project=project))
        f.DataPointFactory(measure=project.measures.first())
    client = as_user(world.resident)
    for name in (
        "capstone:a3",
        "capstone:a3_pdf",
        "capstone:poster_pdf",
        "capstone:deck_pptx",
        "capstone:abstract_docx",
    ):
        with django_assert_max_num_queries(30):
            client.get(reverse(name, args=[project.pk]))


def test_the_a3_follow_up_compares_centres_and_says_whether_a_signal_supports_the_change(world):
    from capstone.documents import a3_content, load_for_documents

    project = make_project(world, Stage.CLOSED)
    measure = f.MeasureFactory(project=project, name="Minutes to antibiotic", unit="minutes")
    measure.direction = "down"
    measure.save()
    f.measure_series(
        measure, [150, 138, 146, 131, 155, 142, 139, 148, 98, 84, 76, 71], phase_after=8
    )
    content = a3_content(load_for_documents(project.pk))
    results = content.by_key["results"]
    sentences = [item for block in results.blocks for item in block.get("items", [])]
    assert (
        "Minutes to antibiotic: mean 143.6 minutes at baseline (n=8) and 82.2 minutes after the "
        "event (n=4), a change of -61.4 minutes (-42.7%), better; a signal on the chart supports "
        "the change."
    ) in sentences


# The A3 tells the whole story on one full page (issue 15) ------------------------------------


def a3_bytes(project):
    from capstone.documents import a3_content, a3_pdf, load_for_documents

    return a3_pdf(a3_content(load_for_documents(project.pk)))


def test_tests_adopted_or_adapted_are_countermeasures_even_without_an_idea(world):
    from capstone.documents import a3_content, load_for_documents

    project = make_project(world, Stage.POST_EVENT)
    project.tests_of_change.all().delete()
    f.TestOfChangeFactory(project=project, title="Night-before discharge list", act="adopt")
    f.TestOfChangeFactory(project=project, title="Pharmacy runner at 9", act="adapt")
    f.TestOfChangeFactory(project=project, title="Fax the summary", act="abandon")
    content = a3_content(load_for_documents(project.pk))
    countermeasures = next(s for s in content.sections if s.key == "countermeasures")
    items = [item for block in countermeasures.blocks for item in block.get("items", [])]
    assert any("Night-before discharge list" in item for item in items)
    assert any("Pharmacy runner at 9" in item for item in items)
    assert not any("Fax the summary" in item for item in items)


def test_the_pdf_is_one_full_a3_landscape_page_with_the_whole_story(world, project):
    from pypdf import PdfReader

    from tests.capstone.documents_helpers import pdf_flat

    project.results_spread = "Spread to 4 North next spring."
    project.save()
    measure = project.measures.first()
    f.measure_series(measure, [14, 15, 13, 16, 14, 12, 15, 14, 30, 32, 31, 35], phase_after=8)
    data = a3_bytes(project)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (1191, 842)  # A3 landscape
    text = pdf_flat(data)
    for phrase in (
        *A3_HEADINGS,
        "Discharges are late.",
        "Afternoon discharge huddle, one team (adopted",
        "90-day follow-up held",
        "Start with the night before.",
        "Spread to 4 North next spring.",
        "Baseline",  # the chart's phases
        "Post-event",
    ):
        assert phrase in text, phrase
    assert "a signal on the chart supports the change" in text


def test_the_key_measure_chart_is_drawn_as_vectors_not_a_picture(world, project):
    from pypdf import PdfReader

    measure = project.measures.first()
    f.measure_series(measure, [14, 15, 13, 16, 14, 12, 15, 14, 30, 32, 31, 35], phase_after=8)
    page = PdfReader(io.BytesIO(a3_bytes(project))).pages[0]
    assert not page.images
    content = page.get_contents().get_data().decode("latin-1")
    # The series is a path of line segments: at least one "l" operator per point.
    assert len(re.findall(r"-?[\d.]+ -?[\d.]+ l(?=\s)", content)) >= 12
    assert "Discharges before noon" in page.extract_text()


def test_the_follow_ups_say_which_were_held_and_which_are_still_due(world):
    from tests.capstone.documents_helpers import pdf_flat

    project = make_project(world, Stage.IMPLEMENTATION)
    project.follow_ups.all().delete()
    f.FollowUpFactory(project=project, day=30, held_on=date(2026, 11, 2), sustained="partly")
    f.FollowUpFactory(project=project, day=60, due_on=date(2099, 1, 5))
    text = pdf_flat(a3_bytes(project))
    assert "30-day follow-up held 2 Nov 2026: partly sustained" in text
    assert "60-day follow-up due 5 Jan 2099" in text


def test_a_project_at_every_fields_limit_builds_in_under_two_seconds_on_one_page(world):
    from pypdf import PdfReader

    from tests.capstone.documents_helpers import pdf_flat, project_at_every_limit

    project = project_at_every_limit(world)
    started = time.perf_counter()
    data = a3_bytes(project)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"the A3 took {elapsed:.2f} s"
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_flat(data)
    assert "(continued in the app)" in text
    assert "Lessons and spread" in text  # the last box is still there, cut, not lost


def test_each_box_of_the_a3_page_says_where_its_facts_are_recorded(world, as_user, project):
    page = as_user(world.resident).get(reverse("capstone:a3", args=[project.pk])).content
    page = page.decode()
    assert "From the record: Charter: problem statement; Charter: why it matters" in page
    assert "From the record: Event: tests of change (PDSA) and their Act decision" in page
