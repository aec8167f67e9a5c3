"""Searching the library: ranked full-text search on PostgreSQL, word-by-word on SQLite, over
title, problem, aim, adopted countermeasures and lessons only. Run on both databases."""

import pytest
from django.urls import reverse

from capstone.models import AbstractDraft, Comment, TestOfChange
from tests import factories as f
from tests.capstone.library.helpers import library_entry

LIST = reverse("capstone:library_list")
SECRET = "zanzibar"


def titles(response):
    return [p.title for p in response.context["page"]]


def search(client, user, text, **filters):
    client.force_login(user)
    return client.get(LIST, {"q": text, **filters})


def test_a_title_match_ranks_above_a_match_in_the_lessons(client, world):
    library_entry(
        program=world.program,
        title="Lab draw timing",
        lessons="Huddles only work when the charge nurse leads the huddle.",
    )
    library_entry(program=world.program, title="Morning huddle for discharge planning", lessons="")
    response = search(client, world.director, "huddle")
    assert titles(response) == ["Morning huddle for discharge planning", "Lab draw timing"]


def test_a_match_in_the_problem_ranks_above_a_match_in_the_lessons(client, world):
    library_entry(program=world.program, title="A", lessons="Transport was the bottleneck.")
    library_entry(
        program=world.program, title="B", problem_statement="Patients wait for transport."
    )
    assert titles(search(client, world.director, "transport")) == ["B", "A"]


@pytest.mark.parametrize(
    "word, fields",
    [
        ("triage", {"problem_statement": "Antibiotics arrive late in triage."}),
        ("thousand", {"aim_what": "Falls per thousand patient days"}),
        ("kiosk", {"countermeasure": "Bedside medication kiosk"}),
        ("transport", {"lessons": "Involve transport from day one."}),
    ],
)
def test_each_searched_field_finds_its_project(client, world, word, fields):
    library_entry(program=world.program, title="Found", **fields)
    library_entry(program=world.program, title="Not this one")
    assert titles(search(client, world.coordinator, word)) == ["Found"]


def test_every_word_must_match_and_case_does_not_matter(client, world):
    library_entry(program=world.program, title="Discharge huddle")
    library_entry(program=world.program, title="Discharge lounge")
    assert titles(search(client, world.resident, "DISCHARGE Huddle")) == ["Discharge huddle"]


def test_a_countermeasure_that_was_abandoned_is_not_searched(client, world):
    project = library_entry(program=world.program, title="Clinic flow", countermeasure="")
    f.TestOfChangeFactory(project=project, title="Kiosk check-in", act=TestOfChange.Act.ABANDON)
    assert titles(search(client, world.director, "kiosk")) == []


def _private_word_everywhere(project):
    """The word in every private place: the coach's progress note, the discussion, the abstract
    draft, a coaching note and a progress report about the lead."""
    project.progress_note = f"Ask about {SECRET} at the next session."
    project.save(update_fields=["progress_note"])
    Comment.objects.create(project=project, author=project.lead.user, body=f"{SECRET} draft?")
    AbstractDraft.objects.create(project=project, title=f"{SECRET} abstract", background=SECRET)
    session = f.CoachingSessionFactory(resident=project.lead, notes=f"{SECRET} notes")
    f.PrivateCoachingNoteFactory(session=session, text=f"{SECRET} is struggling")
    f.ProgressReportFactory(resident=project.lead, work_done=f"Worked on {SECRET}.")


def test_a_word_only_in_private_fields_finds_nothing_and_is_never_shown(client, world):
    project = library_entry(lead=world.resident.resident_profile, sponsor=world.sponsor)
    _private_word_everywhere(project)
    for user in (world.director, world.coach, world.resident, world.coordinator):
        response = search(client, user, SECRET)
        assert titles(response) == []
        assert SECRET not in client.get(LIST).content.decode().lower()
        entry = client.get(reverse("capstone:library_entry", args=[project.pk]))
        assert entry.status_code == 200
        assert SECRET not in entry.content.decode().lower()


def test_a_search_with_punctuation_or_query_syntax_is_not_an_error(client, world):
    library_entry(program=world.program, title="Discharge huddle")
    for text in ['"discharge', "huddle & | ! ()", "-discharge", "'; drop table", "%_%"]:
        response = search(client, world.director, text)
        assert response.status_code == 200, text


def test_too_long_a_search_is_refused_with_a_message_and_the_library_still_shows(client, world):
    library_entry(program=world.program, title="Discharge huddle")
    response = search(client, world.director, "word " * 200)
    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert titles(response) == ["Discharge huddle"]
