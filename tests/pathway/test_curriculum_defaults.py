"""The standard curriculum a program starts from."""

from django.urls import reverse

from pathway.curriculum.defaults import curriculum_defaults_load
from pathway.models import Course, CourseClass, CourseKind, HomeworkAssignment, SBPRequirement


def test_the_standard_catalog_has_vmps_for_leaders_leading_at_vm_and_a_further_course(world):
    created = curriculum_defaults_load(program=world.program)
    assert created == {"courses": 3, "classes": 15, "requirements": 6}
    vmps = Course.objects.get(program=world.program, kind=CourseKind.VMPS_FOR_LEADERS)
    assert vmps.name == "VMPS for Leaders"
    assert list(vmps.classes.values_list("title", flat=True)) == [
        "Introduction to VMPS",
        "Standard work",
        "The 8 wastes",
        "Value stream mapping",
        "5S",
        "Mistake-proofing",
        "Kaizen and rapid process improvement workshops",
    ]
    assert HomeworkAssignment.objects.filter(course_class__course=vmps).count() == 7
    leading = Course.objects.get(program=world.program, kind=CourseKind.LEADING_AT_VM)
    assert leading.classes.count() == 5  # five consecutive days
    assert Course.objects.filter(program=world.program, kind=CourseKind.OTHER).count() == 1


def test_the_standard_sbp_targets(world):
    curriculum_defaults_load(program=world.program)
    targets = {
        r.name: (r.target, r.per_week) for r in SBPRequirement.objects.filter(program=world.program)
    }
    assert targets == {
        "Quality-improvement event": (1, False),
        "Patient Safety Alert resolution meeting": (1, False),
        "Flow tour": (1, False),
        "Report-out session": (1, True),
        "Stand-up meeting": (8, False),
        "Meeting with a quality leader": (2, False),
    }


def test_loading_again_adds_nothing_and_keeps_the_programs_edits(world):
    curriculum_defaults_load(program=world.program)
    vmps = Course.objects.get(kind=CourseKind.VMPS_FOR_LEADERS)
    vmps.name = "VMPS for Leaders (our version)"
    vmps.save()
    CourseClass.objects.filter(course=vmps, title="5S").delete()
    SBPRequirement.objects.filter(name="Stand-up meeting").update(target=12)
    assert curriculum_defaults_load(program=world.program) == {
        "courses": 0,
        "classes": 0,
        "requirements": 0,
    }
    assert Course.objects.count() == 3
    assert not CourseClass.objects.filter(title="5S").exists()
    assert SBPRequirement.objects.get(name="Stand-up meeting").target == 12


def test_each_program_gets_its_own_copy(world):
    curriculum_defaults_load(program=world.program)
    curriculum_defaults_load(program=world.other_program)
    assert Course.objects.filter(program=world.other_program).count() == 3
    assert SBPRequirement.objects.filter(program=world.other_program).count() == 6


def test_coordinator_loads_it_into_their_own_program(world, as_user):
    response = as_user(world.coordinator).post(
        reverse("pathway:curriculum_defaults"), {"program": world.other_program.pk}, follow=True
    )
    assert "Added the standard curriculum: 3 courses, 15 classes, 6 SBP activities." in (
        response.content.decode()
    )
    assert Course.objects.filter(program=world.program).count() == 3
    assert not Course.objects.filter(program=world.other_program).exists()
    response = as_user(world.coordinator).post(reverse("pathway:curriculum_defaults"), follow=True)
    assert "already holds the standard courses" in response.content.decode()


def test_site_administrator_must_name_a_program(world, as_user):
    client = as_user(world.superuser)
    response = client.post(reverse("pathway:curriculum_defaults"), follow=True)
    assert "Choose the program" in response.content.decode()
    assert not Course.objects.exists()
    assert client.post(reverse("pathway:curriculum_defaults"), {"program": "x"}).status_code == 404
    client.post(reverse("pathway:curriculum_defaults"), {"program": world.other_program.pk})
    assert Course.objects.filter(program=world.other_program).count() == 3


def test_loading_needs_a_post_by_a_coordinator(world, as_user):
    assert as_user(world.coordinator).get(reverse("pathway:curriculum_defaults")).status_code == 405
    assert as_user(world.director).post(reverse("pathway:curriculum_defaults")).status_code == 403
    assert not Course.objects.exists()
