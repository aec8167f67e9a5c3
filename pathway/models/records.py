"""Visibility shared by the curriculum models, and the storage for files only views may serve.

Two shapes of data: a program's catalog (courses, offerings, SBP requirements), which everyone
in the program may read, and a resident's records (enrollments, attendance, homework, rotation
log, applications), which only the resident, their current KPO coach, the instructor of the
offering concerned and their program's staff may read."""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q

from pathway.core.visibility import scoped
from pathway.models.people import ResidentProfile, Role


def coached_resident_ids(user):
    """Ids of the residents `user` currently coaches, as a subquery."""
    return ResidentProfile.objects.coached_by(user).values("pk")


class ProgramCatalogQuerySet(models.QuerySet):
    """Program reference data: visible to every member of the program, never to others."""

    program_field = "program"

    def for_program(self, program):
        return self.filter(**{self.program_field: program})

    def visible_to(self, user):
        # Everyone in the program reads the catalog: every row is "their own".
        return scoped(self, user, program=self.program_field, own=Q())


class ResidentRecordQuerySet(models.QuerySet):
    """A resident's own records.

    `resident_field` is the path to the ResidentProfile; `instructor_field`, when set, the path
    to the user who teaches the offering the record belongs to."""

    resident_field = "resident"
    instructor_field = None

    def for_resident(self, resident):
        return self.filter(**{self.resident_field: resident})

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        mine = Q(**{f"{self.resident_field}__user": user})
        if user.has_role(Role.COACH):
            mine |= Q(**{f"{self.resident_field}__in": coached_resident_ids(user)})
        if self.instructor_field:
            mine |= Q(**{self.instructor_field: user})
        return scoped(self, user, program=f"{self.resident_field}__user__program", own=mine)


def is_current_coach(user, resident) -> bool:
    return (
        user.is_authenticated
        and user.has_role(Role.COACH)
        and resident.coach_assignments.current().filter(coach=user).exists()
    )


def is_program_role(user, program_id, *roles) -> bool:
    """Holds one of `roles` in the given program (site administrators always pass)."""
    return user.is_superuser or (user.program_id == program_id and user.has_role(*roles))


class PrivateStorage(FileSystemStorage):
    """Uploads that carry personal data (homework, CVs). Kept outside MEDIA_ROOT so no web
    server serves them by URL; each is streamed by a view that checks visible_to first.

    The location is read from settings on every use so that tests (and deployments) that move
    MEDIA_ROOT or set PRIVATE_MEDIA_ROOT are honoured."""

    @property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        return (
            Path(configured) if configured else Path(settings.MEDIA_ROOT).parent / "private-media"
        )

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; link to the view that serves them.")


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage
