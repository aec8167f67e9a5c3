"""Helpers for the document tests: open each generated file with its own library, and a
project whose every text field is filled to its limit."""

import io
from datetime import date

from django.db import models
from docx import Document
from pptx import Presentation
from pypdf import PdfReader

from capstone.models import Stage
from tests import factories as f
from tests.capstone.conftest import make_project

# Where a text field has no max_length, a long text: more than any box can show.
UNBOUNDED = 5000


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_flat(data: bytes) -> str:
    """The text of every page, with line breaks and runs of spaces made single spaces, so
    that a phrase wrapped across lines can be searched."""
    return " ".join(" ".join(pdf_pages(data)).split())


def docx_paragraphs(data: bytes) -> list:
    return Document(io.BytesIO(data)).paragraphs


def pptx_slides(data: bytes) -> list[str]:
    """Each slide's text: its shapes' text frames and table cells, in one string."""
    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append(" ".join(" ".join(parts).split()))
    return texts


def long_text(length: int) -> str:
    words = "Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    return (words * (length // len(words) + 1))[:length]


def fill_to_the_limit(instance):
    """Every free-text field at its model max_length (UNBOUNDED where it has none)."""
    for field in instance._meta.concrete_fields:
        if (
            isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and field.editable
            and not field.primary_key
        ):
            setattr(instance, field.name, long_text(field.max_length or UNBOUNDED))
    instance.save()
    return instance


def project_at_every_limit(world, rows=12):
    """A closed project with every text field and many rows filled to their limits."""
    project = make_project(world, Stage.CLOSED)
    project.event_first_day, project.event_second_day = date(2026, 11, 30), date(2026, 12, 1)
    fill_to_the_limit(project)
    for _ in range(rows):
        fill_to_the_limit(f.ProcessStepFactory(project=project))
        fill_to_the_limit(f.WhyStepFactory(project=project))
        fill_to_the_limit(f.CauseFactory(project=project))
        fill_to_the_limit(f.WasteObservationFactory(project=project))
        fill_to_the_limit(f.TimeObservationFactory(project=project))
        fill_to_the_limit(f.ActionItemFactory(project=project))
        test = fill_to_the_limit(f.TestOfChangeFactory(project=project))
        test.ideas.add(fill_to_the_limit(f.IdeaFactory(project=project)))
        fill_to_the_limit(f.TeamMemberFactory(project=project))
    for model in project.follow_ups.all():
        fill_to_the_limit(model)
    for measure in project.measures.all():
        fill_to_the_limit(measure)
        f.measure_series(measure, [10 + (i % 7) for i in range(40)], phase_after=20)
    return project
