"""Homework files and CVs are served only through views that check visibility."""

import pytest
from django.urls import reverse

from tests.pathway import curriculum_setup as cs


def test_the_resident_coach_and_staff_download_the_file_as_an_attachment(world, as_user):
    submission = cs.submission(world, with_file=True)
    url = reverse("pathway:submission_file", args=[submission.pk])
    for user in (world.resident, world.coach, world.director, world.coordinator):
        response = as_user(user).get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="work.pdf"' in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_other_residents_and_programs_get_a_404(world, as_user):
    submission = cs.submission(world, with_file=True)
    url = reverse("pathway:submission_file", args=[submission.pk])
    for user in (world.other_resident, world.sponsor, world.other_director):
        assert as_user(user).get(url).status_code == 404


def test_a_submission_without_a_file_has_nothing_to_download(world, as_user):
    submission = cs.submission(world)
    assert (
        as_user(world.resident)
        .get(reverse("pathway:submission_file", args=[submission.pk]))
        .status_code
        == 404
    )


def test_private_files_have_no_public_url(world):
    submission = cs.submission(world, with_file=True)
    with pytest.raises(ValueError, match="no URL"):
        submission.file.url  # noqa: B018


def test_the_cv_is_served_the_same_way(world, as_user):
    application = cs.own_application(world, with_cv=True)
    url = reverse("pathway:application_cv", args=[application.pk])
    response = as_user(world.director).get(url)
    assert response.status_code == 200 and 'filename="cv.pdf"' in response["Content-Disposition"]
    assert as_user(world.other_resident).get(url).status_code == 404
    assert as_user(world.director).post(url).status_code == 405


def test_file_downloads_refuse_writes(world, as_user):
    submission = cs.submission(world, with_file=True)
    url = reverse("pathway:submission_file", args=[submission.pk])
    assert as_user(world.resident).post(url).status_code == 405
