"""The structured abstract: prefilled from the record, edited and saved by the leads, read by
everyone on the project, and downloadable as text."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import AbstractDraft, Stage
from tests import factories as f
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


# Every fact correct, the resident's word limit, and a DOCX (issue 15) -------------------------


def prefill(project):
    from capstone.documents import abstract_prefill, load_for_documents

    return abstract_prefill(load_for_documents(project.pk))


def held_event(project, first, second):
    project.event_first_day, project.event_second_day = first, second
    project.save()


def test_an_event_across_a_month_boundary_names_both_months(world, project):
    held_event(project, date(2026, 11, 30), date(2026, 12, 1))
    methods = prefill(project)["methods"]
    assert "A two-day event on 30 November and 1 December 2026 generated" in methods


def test_an_event_across_a_year_boundary_names_both_years(world, project):
    held_event(project, date(2025, 12, 31), date(2026, 1, 1))
    assert "on 31 December 2025 and 1 January 2026 generated" in prefill(project)["methods"]


def test_an_event_within_a_month_names_the_month_once(world, project):
    held_event(project, date(2026, 3, 9), date(2026, 3, 10))
    assert "on 9 and 10 March 2026 generated" in prefill(project)["methods"]


def test_only_the_follow_ups_actually_held_are_reported(world, project):
    project.follow_ups.all().delete()
    f.FollowUpFactory(project=project, day=30, held_on=date(2026, 2, 10), sustained="yes")
    f.FollowUpFactory(project=project, day=60, due_on=date(2026, 3, 12))
    draft = prefill(project)
    text = " ".join(draft.values())
    assert "30, 60 and 90 days" not in text
    assert (
        "A follow-up was held at 30 days (10 February 2026, the change was sustained)."
        in (draft["results"])
    )
    assert "60 days" not in text


def test_a_planned_event_is_not_reported_as_held(world):
    project = make_project(world, Stage.EVENT_PREP)
    held_event(project, date(2099, 11, 30), date(2099, 12, 1))
    methods = prefill(project)["methods"]
    assert "A two-day event is planned for 30 November and 1 December 2099." in methods
    assert "generated" not in methods


def test_the_results_give_the_engines_numbers_with_their_units(world, project):
    measure = project.measures.first()
    measure.name, measure.unit, measure.direction = "Minutes to antibiotic", "minutes", "down"
    measure.save()
    measure.data_points.all().delete()
    f.measure_series(
        measure, [150, 138, 146, 131, 155, 142, 139, 148, 98, 84, 76, 71], phase_after=8
    )
    assert (
        "Minutes to antibiotic: mean 143.6 minutes at baseline (n=8) and 82.2 minutes after the "
        "event (n=4), a change of -61.4 minutes (-42.7%), better"
    ) in prefill(project)["results"]


def test_the_resident_chooses_the_word_limit_and_the_page_counts_against_it(
    world, as_user, project
):
    client = as_user(world.resident)
    response = client.post(
        url(project),
        {"title": "Noon", "word_limit": "250", "background": "one two three", "aim": "four"},
    )
    assert response.status_code == 302
    assert AbstractDraft.objects.get().word_limit == 250
    page = client.get(url(project)).content.decode()
    assert "<span data-words>4</span> of <span data-limit>250</span> words" in page
    assert "capstone/word-count.js" in page
    assert "<script>" not in page  # no inline script: the count is a static file (CSP)


def test_the_word_limit_defaults_to_300_and_refuses_nonsense(world, as_user, project):
    client = as_user(world.resident)
    assert client.get(url(project)).context["form"]["word_limit"].value() == 300
    response = client.post(url(project), {"title": "Noon", "word_limit": "5"})
    assert response.status_code == 200
    assert "word_limit" in response.context["form"].errors
    assert not AbstractDraft.objects.exists()


def test_a_draft_over_the_limit_says_by_how_much(world, as_user, project):
    client = as_user(world.resident)
    client.post(url(project), {"title": "Noon", "word_limit": "50", "methods": "word " * 60})
    page = client.get(url(project)).content.decode()
    assert "over the limit by 10" in page
    text = client.get(download_url(project)).content.decode()
    assert "(60 of 50 words, 10 over the limit)" in text


def test_the_prefill_stays_within_the_default_limit_when_the_record_allows(world, project):
    from capstone.documents import word_count

    assert word_count(prefill(project)) <= 300


def test_the_docx_has_the_squire_headings_and_the_facts(world, as_user, project):
    from tests.capstone.documents_helpers import docx_paragraphs

    held_event(project, date(2026, 11, 30), date(2026, 12, 1))
    response = as_user(world.resident).get(reverse("capstone:abstract_docx", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="abstract-discharge-before-noon.docx"'
    )
    paragraphs = docx_paragraphs(response.content)
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading 2")]
    assert headings == ["Background", "Aim", "Methods", "Results", "Conclusions"]
    title = next(p for p in paragraphs if p.style.name == "Heading 1")
    assert title.text == "Discharge before noon"
    text = "\n".join(p.text for p in paragraphs)
    assert "A two-day event on 30 November and 1 December 2026" in text
    assert project.aim_sentence in text
    assert "words)" in paragraphs[-1].text


def test_the_docx_is_the_saved_draft_once_saved(world, as_user, project):
    from tests.capstone.documents_helpers import docx_paragraphs

    client = as_user(world.resident)
    client.post(url(project), {"title": "Noon", "word_limit": "200", "results": "Better."})
    response = client.get(reverse("capstone:abstract_docx", args=[project.pk]))
    text = [p.text for p in docx_paragraphs(response.content)]
    assert text[0] == "Noon"
    assert "Better." in text
    assert text[-1] == "(1 of 200 words)"
