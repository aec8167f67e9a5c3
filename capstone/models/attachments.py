"""Files attached to a project. Stored in private storage, outside MEDIA_ROOT (the public web
root), and served only through a view that checks the project is visible to the person asking."""

import os
import uuid

from django.conf import settings
from django.db import models

from capstone.models.project import Project, ProjectPartQuerySet
from pathway.core.uploads import UploadValidator
from pathway.models.records import private_storage

ATTACHMENT_KINDS = ("pdf", "png", "jpg", "xlsx", "pptx")
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
attachment_validator = UploadValidator(ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# Shown in the browser; the others download.
INLINE_KINDS = frozenset({"pdf", "png", "jpg"})


def attachment_path(instance, filename):
    """A random name, so that stored paths reveal nothing and never collide."""
    extension = os.path.splitext(filename)[1].lower()
    return f"capstone/{instance.project_id}/{uuid.uuid4().hex}{extension}"


class Section(models.TextChoices):
    CURRENT_STATE = "current_state", "Current state"
    EVENT = "event", "Two-day event"
    IMPLEMENTATION = "implementation", "Implementation"
    RESULTS = "results", "Results"
    DISSEMINATION = "dissemination", "Dissemination"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PROCESS_MAP = "process_map", "Process map"
        VALUE_STREAM_MAP = "value_stream_map", "Value stream map"
        PHOTO = "photo", "Photo"
        SPREADSHEET = "spreadsheet", "Spreadsheet"
        SLIDES = "slides", "Slides"
        DOCUMENT = "document", "Document"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    section = models.CharField(max_length=20, choices=Section.choices)
    kind = models.CharField("what it is", max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def content_type(self):
        return CONTENT_TYPES.get(self.file_type, "application/octet-stream")

    @property
    def inline(self):
        return self.file_type in INLINE_KINDS
