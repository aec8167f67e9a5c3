"""Move the files of existing capstone attachments from MEDIA_ROOT (public) to private storage.

The stored name stays the same; only the folder it lives under changes. Safe to run again: a
file already moved is left alone, a missing one is skipped (the download then says 404)."""

import os
import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations

from pathway.models.records import private_storage


def _roots():
    return Path(settings.MEDIA_ROOT), Path(private_storage().location)


def _move(apps, source, target):
    Attachment = apps.get_model("capstone", "Attachment")
    for name in Attachment.objects.exclude(file="").values_list("file", flat=True).iterator():
        old, new = source / name, target / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(os.fspath(old), os.fspath(new))


def to_private(apps, schema_editor):
    public, private = _roots()
    _move(apps, public, private)


def to_public(apps, schema_editor):
    public, private = _roots()
    _move(apps, private, public)


class Migration(migrations.Migration):
    dependencies = [("capstone", "0008_bounded_text_and_private_attachments")]

    operations = [migrations.RunPython(to_private, to_public)]
