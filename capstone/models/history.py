"""Which capstone records keep an audit history (django-simple-history): the project and
every part of it a person edits. Stage changes keep their own domain history (StageChange),
which the History tab shows alongside. Registered in one place so the list is easy to read."""

import simple_history

from .attachments import Attachment
from .current_state import Cause, ProcessStep, TimeObservation, WasteObservation, WhyStep
from .drivers import Driver
from .event import Idea, ReportOut, TestOfChange
from .implementation import ActionItem, FollowUp, StandardWorkDoc
from .measures import DataPoint, Measure, MeasureAnnotation
from .project import Project, TeamMember
from .results import AbstractDraft, AbstractSubmission, Presentation, Publication

# The parts whose history is read through a `project` foreign key; DataPoint and
# MeasureAnnotation hang off a measure instead.
PROJECT_PARTS = (
    TeamMember,
    ProcessStep,
    WasteObservation,
    TimeObservation,
    WhyStep,
    Cause,
    Driver,
    Idea,
    TestOfChange,
    ReportOut,
    ActionItem,
    StandardWorkDoc,
    FollowUp,
    Measure,
    Presentation,
    AbstractSubmission,
    Publication,
    AbstractDraft,
    Attachment,
)
MEASURE_PARTS = (DataPoint, MeasureAnnotation)

# Timestamps the history row already has; a version is written for what a person changed.
BOOKKEEPING = {"created_at", "updated_at", "uploaded_at"}


def _bookkeeping(model):
    return [f.name for f in model._meta.concrete_fields if f.name in BOOKKEEPING]


for audited in (Project, *PROJECT_PARTS, *MEASURE_PARTS):
    simple_history.register(audited, excluded_fields=_bookkeeping(audited))
