"""Every document states the project's QI-versus-research determination once it is recorded,
in the words the scholarly export uses, and says nothing about it before."""

from datetime import date

import pytest

from capstone.documents.a3 import a3_content, load_for_documents
from capstone.documents.abstract import abstract_prefill, abstract_text
from capstone.documents.story import project_story
from capstone.models import Determination, Stage
from tests import factories as f

pytestmark = pytest.mark.django_db


def story_of(project):
    return project_story(load_for_documents(project.pk))


def test_without_a_determination_no_document_mentions_one(world):
    project = f.project_at(Stage.RESULTS, lead=world.resident.resident_profile)
    story = story_of(project)
    assert story.determination == ""
    text = abstract_text(story, abstract_prefill(story))
    assert "Determination" not in text


def test_an_irb_determination_is_named_with_its_board_protocol_and_date(world):
    project = f.project_at(Stage.RESULTS, lead=world.resident.resident_profile)
    Determination.objects.create(
        project=project,
        kind=Determination.Kind.IRB,
        board="Virginia Mason IRB",
        protocol_number="VM-2026-117",
        approved_on=date(2026, 3, 9),
    )
    story = story_of(project)
    expected = "Determination: IRB-approved: Virginia Mason IRB, protocol VM-2026-117, 9 Mar 2026."
    assert story.determination == expected
    assert expected in abstract_text(story, abstract_prefill(story))
    assert story.determination == f"Determination: {project.determination.summary}."


def test_a_qi_determination_reaches_the_a3(world):
    project = f.project_at(Stage.RESULTS, lead=world.resident.resident_profile)
    Determination.objects.create(project=project, kind=Determination.Kind.QI)
    content = a3_content(story_of(project))
    words = str([box for box in vars(content).values()])
    assert "Quality improvement (not human-subjects research)" in words
