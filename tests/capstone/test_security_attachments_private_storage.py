"""Item 9 of the security review: capstone attachments were stored under the public
MEDIA_ROOT while homework and CVs used private storage. They now live in private storage,
are served only through the permission-checked download, and a data migration moves the
files of existing attachments."""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capstone.models import Attachment
from pathway.models.records import private_storage
from tests import factories as f

pytestmark = pytest.mark.django_db
MIGRATION = "capstone.migrations.0009_move_attachment_files_to_private_storage"


def test_an_uploaded_attachment_is_stored_outside_the_public_media_root(world, as_user, project):
    as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "attachment"]),
        {
            "section": "current_state",
            "kind": "process_map",
            "title": "Map",
            "upload": SimpleUploadedFile("map.pdf", f.TINY_PDF),
        },
    )
    attachment = Attachment.objects.get(project=project)
    private = Path(private_storage().location) / attachment.file.name
    public = Path(settings.MEDIA_ROOT) / attachment.file.name
    assert private.is_file()
    assert not public.exists()
    assert not str(private.resolve()).startswith(str(Path(settings.MEDIA_ROOT).resolve()))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - no public address at all


def test_the_download_is_sandboxed_and_still_checks_who_asks(world, as_user, project):
    attachment = f.AttachmentFactory(project=project)
    url = reverse("capstone:attachment_download", args=[project.pk, attachment.pk])
    response = as_user(world.resident).get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == f.TINY_PDF
    assert as_user(world.other_director).get(url).status_code == 404


def test_the_data_migration_moves_existing_files_into_private_storage(project):
    move = importlib.import_module(MIGRATION)
    attachment = f.AttachmentFactory(project=project)
    name = attachment.file.name
    private = Path(private_storage().location) / name
    public = Path(settings.MEDIA_ROOT) / name
    # As before the fix: the file sits under MEDIA_ROOT.
    public.parent.mkdir(parents=True, exist_ok=True)
    private.rename(public)
    move.to_private(apps, None)
    assert private.read_bytes() == f.TINY_PDF
    assert not public.exists()
    move.to_private(apps, None)  # running again changes nothing
    assert private.is_file()
