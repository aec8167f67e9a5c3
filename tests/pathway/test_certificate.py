"""The printable completion certificate."""

from django.conf import settings
from django.urls import reverse

from tests import factories as f
from tests.pathway import curriculum_setup as cs


def test_certificate_names_the_resident_course_date_and_director(world, as_user):
    completion = cs.completion(world)
    f.CourseClassFactory(course=completion.course, title="The 8 wastes")
    world.director.title = "Program Director"
    world.director.save()
    response = as_user(world.resident).get(reverse("pathway:certificate", args=[completion.pk]))
    body = response.content.decode()
    assert "Certificate of completion" in body
    assert "Rosa Resident" in body and completion.course.name in body
    assert completion.completed_on.strftime("%-d %B %Y") in body
    assert "The 8 wastes" in body and "Dina Director" in body
    # Printable: a print stylesheet (a static file: the Content-Security-Policy allows no
    # inline style), and the controls hidden from the printout.
    assert "/static/css/certificate.css" in body
    assert "@media print" in (settings.BASE_DIR / "static/css/certificate.css").read_text()
    assert 'class="d-flex justify-content-between align-items-center mt-3 no-print"' in body


def test_staff_and_the_coach_may_open_it_but_not_other_residents(world, as_user):
    completion = cs.completion(world)
    url = reverse("pathway:certificate", args=[completion.pk])
    for user in (world.coach, world.director, world.coordinator):
        assert as_user(user).get(url).status_code == 200
    for user in (world.other_resident, world.sponsor, world.other_director):
        assert as_user(user).get(url).status_code == 404


def test_certificate_is_read_only(world, as_user):
    completion = cs.completion(world)
    assert (
        as_user(world.resident)
        .post(reverse("pathway:certificate", args=[completion.pk]))
        .status_code
        == 405
    )
