"""A resident submits homework (text and an optional file) and resubmits after a revision."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pathway.models import HomeworkSubmission, ReviewDecision, SubmissionStatus
from pathway.models.courses import HOMEWORK_MAX_BYTES
from tests import factories as f
from tests.pathway import curriculum_setup as cs

TEXT = "I walked the discharge process on 7 East and timed every step with the charge nurse."


def _docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def homework(world):
    """An assignment of a course in which world.resident holds a seat."""
    assignment = cs.assignment(world)
    cs.enrollment(world, offering=cs.offering(world, course=assignment.course_class.course))
    return assignment


def _submit(as_user, world, homework, **data):
    url = reverse("pathway:homework_submit", args=[homework.pk])
    return as_user(world.resident).post(url, {"text": TEXT, **data}, follow=True)


def test_resident_submits_text_and_a_pdf(world, as_user, homework):
    upload = SimpleUploadedFile("waste-walk.pdf", f.PDF_BYTES, content_type="application/pdf")
    response = _submit(as_user, world, homework, file=upload)
    assert "Submitted. Your KPO coach or instructor will review it." in response.content.decode()
    submission = HomeworkSubmission.objects.get()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.text == TEXT and submission.file_name == "waste-walk.pdf"
    assert submission.offering.course == homework.course_class.course
    # Stored privately: outside MEDIA_ROOT, under a name that cannot be guessed.
    path = Path(submission.file.path)
    assert Path(settings.MEDIA_ROOT) not in path.parents
    assert "waste-walk" not in path.name
    assert path.read_bytes() == f.PDF_BYTES


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.docx", _docx()),
        ("photo.png", f.PNG_BYTES),
        ("photo.jpg", b"\xff\xd8\xff" + b"0" * 32),
    ],
)
def test_office_documents_and_images_are_accepted(world, as_user, homework, name, content):
    _submit(as_user, world, homework, file=SimpleUploadedFile(name, content))
    assert HomeworkSubmission.objects.get().file_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.pdf", b"MZ\x90\x00 not a pdf at all \x00", "not an accepted type"),
        ("notes.pdf", f.PNG_BYTES, "does not match its content"),
        ("data.csv", b"a,b\n1,2\n", "not an accepted type"),
        ("big.pdf", f.PDF_BYTES + b"0" * HOMEWORK_MAX_BYTES, "the limit is 10,485,760 bytes"),
    ],
    ids=["executable", "renamed-image", "csv", "too-large"],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_saved(
    world, as_user, homework, name, content, message
):
    response = _submit(as_user, world, homework, file=SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    # The text is kept in the form so nothing typed is lost.
    assert TEXT in response.content.decode()
    assert not HomeworkSubmission.objects.exists()


def test_the_work_must_be_described(world, as_user, homework):
    response = _submit(as_user, world, homework, text="done")
    assert "at least a couple of sentences" in response.content.decode()
    assert not HomeworkSubmission.objects.exists()


def test_homework_needs_a_seat_in_the_course(world, as_user):
    assignment = cs.assignment(world)
    page = as_user(world.resident).get(reverse("pathway:homework_submit", args=[assignment.pk]))
    assert "Enroll in an offering of" in page.content.decode()
    response = _submit(as_user, world, assignment)
    assert "Enroll in an offering of" in response.content.decode()
    assert not HomeworkSubmission.objects.exists()


def test_a_submission_awaiting_review_cannot_be_replaced(world, as_user, homework):
    _submit(as_user, world, homework)
    response = _submit(as_user, world, homework)
    assert "awaiting review" in response.content.decode()
    assert HomeworkSubmission.objects.count() == 1


def test_after_a_revision_request_the_resident_resubmits_and_the_history_stays(
    world, as_user, homework
):
    _submit(as_user, world, homework)
    first = HomeworkSubmission.objects.get()
    f.HomeworkReviewFactory(
        submission=first,
        reviewer=world.coach,
        decision=ReviewDecision.REVISION_REQUESTED,
        comments="Add the times of each step.",
    )
    first.status = SubmissionStatus.REVISION_REQUESTED
    first.save()
    page = as_user(world.resident).get(reverse("pathway:homework_submit", args=[homework.pk]))
    body = page.content.decode()
    assert "Revision requested." in body and "Add the times of each step." in body
    _submit(as_user, world, homework, text=TEXT + " Now with times.")
    assert list(HomeworkSubmission.objects.values_list("status", flat=True)) == [
        SubmissionStatus.SUBMITTED,
        SubmissionStatus.REVISION_REQUESTED,
    ]
    body = (
        as_user(world.resident)
        .get(reverse("pathway:homework_submit", args=[homework.pk]))
        .content.decode()
    )
    assert body.count("Submitted ") >= 2 and "Add the times of each step." in body


def test_accepted_homework_takes_no_more_submissions(world, as_user, homework):
    _submit(as_user, world, homework)
    submission = HomeworkSubmission.objects.get()
    submission.status = SubmissionStatus.ACCEPTED
    submission.save()
    response = _submit(as_user, world, homework)
    assert "has been accepted" in response.content.decode()
    assert HomeworkSubmission.objects.count() == 1


def test_another_programs_homework_is_not_found(world, as_user):
    assignment = f.HomeworkAssignmentFactory(
        course_class__course=f.CourseFactory(program=world.other_program)
    )
    response = as_user(world.resident).get(reverse("pathway:homework_submit", args=[assignment.pk]))
    assert response.status_code == 404


def test_the_homework_page_refuses_other_methods(world, as_user, homework):
    url = reverse("pathway:homework_submit", args=[homework.pk])
    assert as_user(world.resident).put(url).status_code == 405


def test_the_homework_page_queries_do_not_grow_with_the_history(
    world, as_user, homework, django_assert_max_num_queries
):
    client = as_user(world.resident)
    url = reverse("pathway:homework_submit", args=[homework.pk])
    offering = homework.course_class.course.offerings.get()

    def resubmissions(n):
        for _ in range(n):
            cs.revision_requested(world, homework, offering, reviewer=world.coach)

    resubmissions(2)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    resubmissions(18)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
