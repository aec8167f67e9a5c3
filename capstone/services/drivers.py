"""Writes to the driver diagram: add, change, delete and reorder drivers. Every write is
checked in full (the model's rules, the text's length, the ideas being this project's) before
anything is saved; a refusal raises DriverError and leaves the diagram as it was."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from capstone.models import DRIVER_TEXT_MAX, Driver, Project
from capstone.services import ProjectError

UP, DOWN = "up", "down"


class DriverError(ProjectError):
    """The driver diagram refused a change; the message says why."""


def _siblings(project_id, parent_id):
    return Driver.objects.filter(project_id=project_id, parent_id=parent_id)


def _checked(driver, ideas):
    driver.text = " ".join(str(driver.text).split())
    if not driver.text:
        raise DriverError("Write the driver: what must change to reach the aim.")
    if len(driver.text) > DRIVER_TEXT_MAX:
        raise DriverError(
            f"Keep a driver to {DRIVER_TEXT_MAX} characters; a short phrase reads best."
        )
    foreign = [idea for idea in ideas if idea.project_id != driver.project_id]
    if foreign:
        raise DriverError("Choose change ideas from this project's ideas.")
    try:
        driver.full_clean(exclude=["position"])
    except ValidationError as error:
        raise DriverError(" ".join(error.messages)) from error


def _touch(project_id):
    Project.objects.filter(pk=project_id).update(updated_at=timezone.now())


@transaction.atomic
def driver_add(*, project, by, text, parent=None, ideas=()) -> Driver:
    """A primary driver (no parent) or a secondary driver under `parent`, placed last."""
    ideas = list(ideas)
    driver = Driver(project=project, parent=parent, text=text)
    _checked(driver, ideas)
    last = _siblings(project.pk, driver.parent_id).aggregate(last=Max("position"))["last"]
    driver.position = (last or 0) + 1
    driver.save()
    driver.ideas.set(ideas)
    _touch(project.pk)
    return driver


@transaction.atomic
def driver_update(*, driver, by, text, parent=None, ideas=()) -> Driver:
    ideas = list(ideas)
    moved = (parent.pk if parent else None) != driver.parent_id
    driver.text, driver.parent = text, parent
    _checked(driver, ideas)
    if moved:
        last = _siblings(driver.project_id, driver.parent_id).aggregate(last=Max("position"))
        driver.position = (last["last"] or 0) + 1
    driver.save()
    driver.ideas.set(ideas)
    _touch(driver.project_id)
    return driver


@transaction.atomic
def driver_delete(*, driver, by) -> None:
    """Delete the driver; a primary driver takes its secondary drivers with it (the change
    ideas themselves stay on the event tab)."""
    project_id = driver.project_id
    driver.delete()
    _touch(project_id)


@transaction.atomic
def driver_move(*, driver, by, direction) -> Driver:
    """Swap the driver with the sibling above or below it; at either end nothing moves."""
    if direction not in (UP, DOWN):
        raise DriverError("Move a driver up or down.")
    siblings = list(_siblings(driver.project_id, driver.parent_id).select_for_update())
    index = next(i for i, d in enumerate(siblings) if d.pk == driver.pk)
    other = index - 1 if direction == UP else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    _touch(driver.project_id)
    return next(d for d in siblings if d.pk == driver.pk)
