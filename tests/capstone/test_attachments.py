"""Attachments: PDF, images, XLSX and PPTX up to 20 MB, type judged from the content, stored
out of the web root and served only to people who may see the project."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from capstone.models import Attachment
from tests import factories as f


def add_url(project):
    return reverse("capstone:part_add", args=[project.pk, "attachment"])


def download_url(attachment, project=None):
    return reverse(
        "capstone:attachment_download", args=[(project or attachment.project).pk, attachment.pk]
    )


def xlsx_bytes():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Minutes"
    workbook.save(buffer)
    return buffer.getvalue()


def pptx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<presentation/>")
    return buffer.getvalue()


def upload(name, content, **extra):
    data = {"section": "current_state", "kind": "process_map", "title": "", "upload": None}
    data.update(extra)
    data["upload"] = SimpleUploadedFile(name, content)
    return data


@pytest.mark.parametrize(
    ("name", "content", "file_type"),
    [
        ("map.pdf", f.TINY_PDF, "pdf"),
        ("whiteboard.png", f.TINY_PNG, "png"),
        ("times.xlsx", None, "xlsx"),
        ("report-out.pptx", None, "pptx"),
    ],
)
def test_lead_uploads_each_accepted_type(name, content, file_type, world, as_user, project):
    content = content or (xlsx_bytes() if file_type == "xlsx" else pptx_bytes())
    response = as_user(world.resident).post(add_url(project), upload(name, content))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file_type == file_type
    assert attachment.original_name == name
    assert attachment.title == name  # no title given: the file name
    assert attachment.size == len(content)
    assert attachment.uploaded_by == world.resident
    # Stored under a random name, never the uploaded one.
    assert name not in attachment.file.name


def test_the_upload_returns_to_the_tab_of_its_section(world, as_user, project):
    response = as_user(world.resident).post(
        add_url(project), upload("map.pdf", f.TINY_PDF, section="implementation")
    )
    assert response.url == reverse("capstone:project_implementation", args=[project.pk])


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.pdf", b"just some text pretending to be a PDF", "not an accepted type"),
        ("data.csv", b"a,b\n1,2\n", "not an accepted type"),
        ("map.png", f.TINY_PDF, "does not match its content"),
        ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00", "not an accepted type"),
    ],
)
def test_files_of_other_types_are_refused(name, content, words, world, as_user, project):
    response = as_user(world.resident).post(add_url(project), upload(name, content))
    assert response.status_code == 200
    assert words in str(response.context["form"].errors["upload"])
    assert not Attachment.objects.exists()


def test_a_file_over_20_mb_is_refused(world, as_user, project):
    big = f.TINY_PDF + b"0" * (20 * 1024 * 1024)
    response = as_user(world.resident).post(add_url(project), upload("big.pdf", big))
    # Just over the limit, both sizes round to 20.0 MB, so the message gives exact bytes.
    assert "the limit is 20,971,520 bytes (20.0\xa0MB)" in str(
        response.context["form"].errors["upload"]
    )
    assert not Attachment.objects.exists()


def test_a_file_is_required(world, as_user, project):
    response = as_user(world.resident).post(
        add_url(project), {"section": "current_state", "kind": "photo"}
    )
    assert "upload" in response.context["form"].errors


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor", "director", "coordinator"])
def test_everyone_on_the_project_downloads_a_pdf_inline(persona, world, as_user, project):
    attachment = f.AttachmentFactory(project=project)
    response = as_user(getattr(world, persona)).get(download_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == f.TINY_PDF


def test_office_files_download_as_attachments(world, as_user, project):
    from django.core.files.base import ContentFile

    attachment = f.AttachmentFactory(
        project=project,
        file=ContentFile(xlsx_bytes(), name="t.xlsx"),
        file_type="xlsx",
        original_name="times.xlsx",
    )
    response = as_user(world.resident).get(download_url(attachment))
    assert response["Content-Disposition"].startswith('attachment; filename="times.xlsx"')


def test_another_resident_and_another_program_get_404(world, as_user, project):
    attachment = f.AttachmentFactory(project=project)
    assert as_user(world.other_resident).get(download_url(attachment)).status_code == 404
    assert as_user(world.other_director).get(download_url(attachment)).status_code == 404


def test_a_file_is_never_served_through_another_project(world, as_user, project, other_project):
    theirs = f.AttachmentFactory(project=other_project)
    # world.resident may see `project`, but the file belongs to other_project.
    assert as_user(world.resident).get(download_url(theirs, project)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, project):
    attachment = f.AttachmentFactory(project=project)
    response = client.get(download_url(attachment))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_file_missing_from_storage_is_a_404_not_a_crash(world, as_user, project):
    attachment = f.AttachmentFactory(project=project)
    attachment.file.storage.delete(attachment.file.name)
    assert as_user(world.resident).get(download_url(attachment)).status_code == 404


def test_deleting_an_attachment_removes_its_file(
    world, as_user, project, django_capture_on_commit_callbacks
):
    attachment = f.AttachmentFactory(project=project)
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(world.resident).post(
            reverse("capstone:part_delete", args=[project.pk, "attachment", attachment.pk])
        )
    assert not Attachment.objects.exists()
    assert not storage.exists(name)


@pytest.mark.parametrize("persona", ["coach", "sponsor", "director"])
def test_only_the_leads_upload(persona, world, as_user, project):
    response = as_user(getattr(world, persona)).post(add_url(project), upload("m.pdf", f.TINY_PDF))
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_download_refuses_post(world, as_user, project):
    attachment = f.AttachmentFactory(project=project)
    assert as_user(world.resident).post(download_url(attachment)).status_code == 405


def test_standard_work_can_carry_its_document(world, as_user, project):
    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "standard-work"]),
        {"title": "Huddle", "version": "1.0", "file": SimpleUploadedFile("huddle.pdf", f.TINY_PDF)},
    )
    assert response.status_code == 302
    doc = project.standard_work_docs.get()
    assert doc.attachment.section == "implementation"
    assert doc.attachment.file_type == "pdf"


def test_standard_work_refuses_a_bad_document(world, as_user, project):
    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "standard-work"]),
        {"title": "Huddle", "version": "1.0", "file": SimpleUploadedFile("h.pdf", b"text")},
    )
    assert "file" in response.context["form"].errors
    assert not project.standard_work_docs.exists()
    assert not Attachment.objects.exists()
