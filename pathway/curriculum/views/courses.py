"""The course catalog: everyone in a program reads it; the coordinator edits it."""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import coordinator_required
from pathway.curriculum.defaults import curriculum_defaults_load
from pathway.curriculum.forms.courses import (
    ClassSessionForm,
    CourseClassForm,
    CourseForm,
    OfferingForm,
)
from pathway.curriculum.services.courses import (
    CurriculumError,
    course_class_delete,
    course_class_save,
    offering_save,
    session_delete,
)
from pathway.curriculum.views.common import acting_program, member_required, post_data, visible
from pathway.models import (
    ClassSession,
    Course,
    CourseClass,
    CourseCompletion,
    Enrollment,
    EnrollmentStatus,
    Offering,
    Role,
)


def offerings_with_seats(queryset):
    return queryset.select_related("instructor").annotate(
        seats_taken=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.ENROLLED)),
        waiting=Count("enrollments", filter=Q(enrollments__status=EnrollmentStatus.WAITLISTED)),
    )


def waitlist_positions(enrollments) -> dict:
    """Waitlist place (1 = next) of each waitlisted enrollment given, in one query."""
    waiting = [e for e in enrollments if e.status == EnrollmentStatus.WAITLISTED]
    if not waiting:
        return {}
    # Counts everyone waiting, visible or not, to give a place; only the places are shown.
    queue = Enrollment.objects.waitlist().filter(offering__in={e.offering_id for e in waiting})
    positions, counters = {}, {}
    for offering_id, pk in queue.values_list("offering_id", "pk"):
        counters[offering_id] = counters.get(offering_id, 0) + 1
        positions[pk] = counters[offering_id]
    return {e.pk: positions.get(e.pk) for e in waiting}


def resident_places(user) -> tuple[dict, dict, dict]:
    """For a resident: active enrollment by offering, waitlist places, completions by course."""
    if not user.has_role(Role.RESIDENT):
        return {}, {}, {}
    profile = user.resident_profile
    mine = list(Enrollment.objects.visible_to(user).active().filter(resident=profile))
    completions = {
        c.course_id: c for c in CourseCompletion.objects.visible_to(user).filter(resident=profile)
    }
    return {e.offering_id: e for e in mine}, waitlist_positions(mine), completions


def _can_manage_catalog(user):
    return user.is_superuser or user.has_role(Role.COORDINATOR)


@require_safe
@member_required
def course_list(request):
    user = request.user
    manage = _can_manage_catalog(user)
    courses = Course.objects.visible_to(user)
    if not manage:
        courses = courses.filter(is_active=True)
    courses = courses.select_related("program").prefetch_related(
        Prefetch("classes", queryset=CourseClass.objects.select_related("assignment")),
        Prefetch(
            "offerings",
            queryset=offerings_with_seats(Offering.objects.upcoming()).order_by("starts_on"),
            to_attr="upcoming",
        ),
    )
    mine, positions, completions = resident_places(user)
    return render(
        request,
        "pathway/curriculum/course_list.html",
        {
            "courses": courses,
            "manage": manage,
            "mine": mine,
            "positions": positions,
            "completions": completions,
        },
    )


@require_safe
@member_required
def course_detail(request, pk):
    course = visible(Course, request.user, pk=pk)
    classes = course.classes.select_related("assignment")
    offerings = offerings_with_seats(course.offerings.all()).order_by("-starts_on")
    mine, positions, completions = resident_places(request.user)
    return render(
        request,
        "pathway/curriculum/course_detail.html",
        {
            "course": course,
            "classes": classes,
            "offerings": offerings,
            "manage": course.can_manage(request.user),
            "mine": mine,
            "positions": positions,
            "completion": completions.get(course.pk),
        },
    )


@require_POST
@coordinator_required
def curriculum_defaults(request):
    program = acting_program(request)
    if program is None:
        messages.error(request, "Choose the program to load the standard curriculum into.")
        return redirect("pathway:course_list")
    created = curriculum_defaults_load(program=program)
    if any(created.values()):
        messages.success(
            request,
            f"Added the standard curriculum: {created['courses']} courses, "
            f"{created['classes']} classes, {created['requirements']} SBP activities.",
        )
    else:
        messages.info(request, "The catalog already holds the standard courses.")
    return redirect("pathway:course_list")


@require_http_methods(["GET", "POST"])
@coordinator_required
def course_add(request):
    form = CourseForm(post_data(request), program=request.user.program)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        messages.success(request, f"Added {course.name}. Now add its classes.")
        return redirect(course)
    return render(request, "pathway/curriculum/course_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@coordinator_required
def course_edit(request, pk):
    course = visible(Course, request.user, pk=pk)
    form = CourseForm(post_data(request), instance=course, program=course.program)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved {course.name}.")
        return redirect(course)
    return render(request, "pathway/curriculum/course_form.html", {"form": form, "course": course})


def _save_class(request, form, course):
    """Save through the service; a refusal becomes an error on the form."""
    try:
        course_class = course_class_save(
            course_class=form.instance_for_save(), homework=form.homework()
        )
    except CurriculumError as error:
        form.add_error("has_homework", str(error))
        return None
    return course_class


@require_http_methods(["GET", "POST"])
@coordinator_required
def class_add(request, pk):
    course = visible(Course, request.user, pk=pk)
    next_position = (max((c.position for c in course.classes.all()), default=0)) + 1
    form = CourseClassForm(post_data(request), course=course, initial={"position": next_position})
    if request.method == "POST" and form.is_valid():
        course_class = _save_class(request, form, course)
        if course_class is not None:
            messages.success(request, f"Added the class “{course_class.title}”.")
            return redirect(course)
    return render(request, "pathway/curriculum/class_form.html", {"form": form, "course": course})


@require_http_methods(["GET", "POST"])
@coordinator_required
def class_edit(request, pk):
    course_class = visible(CourseClass, request.user, pk=pk)
    course = course_class.course
    form = CourseClassForm(post_data(request), instance=course_class, course=course)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save_class(request, form, course) is not None
    ):
        messages.success(request, f"Saved the class “{course_class.title}”.")
        return redirect(course)
    return render(
        request,
        "pathway/curriculum/class_form.html",
        {"form": form, "course": course, "course_class": course_class},
    )


@require_POST
@coordinator_required
def class_delete(request, pk):
    course_class = visible(CourseClass, request.user, pk=pk)
    course = course_class.course
    try:
        course_class_delete(course_class=course_class)
    except CurriculumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed the class “{course_class.title}”.")
    return redirect(course)


@require_http_methods(["GET", "POST"])
@coordinator_required
def offering_add(request, pk):
    course = visible(Course, request.user, pk=pk)
    form = OfferingForm(post_data(request), course=course)
    if request.method == "POST" and form.is_valid():
        offering = form.instance_for_save()
        offering_save(offering=offering, actor=request.user)
        messages.success(
            request, f"Added the offering {offering.title}. Now schedule its sessions."
        )
        return redirect(offering)
    return render(
        request, "pathway/curriculum/offering_form.html", {"form": form, "course": course}
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def offering_edit(request, pk):
    offering = visible(Offering, request.user, pk=pk)
    form = OfferingForm(post_data(request), instance=offering, course=offering.course)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = offering_save(offering=form.instance_for_save(), actor=request.user)
        except CurriculumError as error:
            form.add_error("capacity", str(error))
        else:
            message = f"Saved {offering.title}."
            if promoted:
                names = ", ".join(e.resident.user.full_name for e in promoted)
                message += f" Freed seats went to the waitlist: {names} (emailed)."
            messages.success(request, message)
            return redirect(offering)
    return render(
        request,
        "pathway/curriculum/offering_form.html",
        {"form": form, "course": offering.course, "offering": offering},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def session_add(request, pk):
    offering = visible(Offering, request.user, pk=pk)
    form = ClassSessionForm(post_data(request), offering=offering)
    if request.method == "POST" and form.is_valid():
        session = form.instance_for_save()
        session.save()
        messages.success(request, f"Scheduled {session}.")
        return redirect(offering)
    return render(
        request, "pathway/curriculum/session_form.html", {"form": form, "offering": offering}
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def session_edit(request, pk):
    session = visible(ClassSession, request.user, pk=pk)
    offering = session.offering
    form = ClassSessionForm(post_data(request), instance=session, offering=offering)
    if request.method == "POST" and form.is_valid():
        form.instance_for_save().save()
        messages.success(request, f"Saved {session}.")
        return redirect(offering)
    return render(
        request,
        "pathway/curriculum/session_form.html",
        {"form": form, "offering": offering, "session": session},
    )


@require_POST
@coordinator_required
def session_remove(request, pk):
    session = visible(ClassSession, request.user, pk=pk)
    try:
        session_delete(session=session)
    except CurriculumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Removed the session {session}.")
    return redirect(session.offering)
