"""Offerings in use: roster and waitlist, enrolling, attendance, a resident's courses and
their completion certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.core.access import coordinator_required
from pathway.curriculum.forms.courses import (
    MARK_CHOICES,
    AttendanceForm,
    BulkEnrollForm,
    MakeUpForm,
    bulk_enrollment_candidates,
)
from pathway.curriculum.progress import course_progress
from pathway.curriculum.services.courses import (
    CurriculumError,
    attendance_make_up,
    attendance_record,
    enrollment_bulk,
    enrollment_request,
    enrollment_withdraw,
)
from pathway.curriculum.views.common import (
    allow,
    member_required,
    post_data,
    resident_required,
    visible,
)
from pathway.curriculum.views.courses import offerings_with_seats, waitlist_positions
from pathway.models import (
    Attendance,
    AttendanceStatus,
    ClassSession,
    Course,
    CourseCompletion,
    CourseKind,
    Enrollment,
    EnrollmentStatus,
    Offering,
    Role,
    User,
)


@require_safe
@member_required
def offering_detail(request, pk):
    user = request.user
    offering = visible(
        offerings_with_seats(Offering.objects.select_related("course__program")), user, pk=pk
    )
    sessions = list(offering.sessions.select_related("course_class"))
    roster = list(
        Enrollment.objects.visible_to(user)
        .filter(offering=offering)
        .select_related("resident__user")
        .order_by("requested_at", "pk")
    )
    enrolled = [e for e in roster if e.status == EnrollmentStatus.ENROLLED]
    marks = {
        (m.resident_id, m.session_id): m
        for m in Attendance.objects.visible_to(user).filter(session__offering=offering)
    }
    grid = [(e, [marks.get((e.resident_id, s.pk)) for s in sessions]) for e in enrolled]
    mine = completion = None
    if user.has_role(Role.RESIDENT):
        completion = (
            CourseCompletion.objects.visible_to(user)
            .filter(resident__user=user, course=offering.course_id)
            .first()
        )
        mine = next(
            (e for e in roster if e.resident.user_id == user.pk and e.status != "withdrawn"), None
        )
    return render(
        request,
        "pathway/curriculum/offering_detail.html",
        {
            "offering": offering,
            "course": offering.course,
            "sessions": sessions,
            "enrolled": enrolled,
            "waitlist": [e for e in roster if e.status == EnrollmentStatus.WAITLISTED],
            "withdrawn": [e for e in roster if e.status == EnrollmentStatus.WITHDRAWN],
            "grid": grid,
            "mine": mine,
            "completion": completion,
            "positions": waitlist_positions([mine] if mine else []),
            "manage": offering.can_manage(user),
            "record_attendance": offering.can_record_attendance(user),
            "now": timezone.now(),
        },
    )


@require_POST
@resident_required
def offering_enroll(request, pk):
    offering = visible(Offering, request.user, pk=pk)
    try:
        enrollment = enrollment_request(
            offering=offering, resident=request.user.resident_profile, actor=request.user
        )
    except CurriculumError as error:
        messages.error(request, str(error))
    else:
        if enrollment.status == EnrollmentStatus.ENROLLED:
            messages.success(request, f"You have a seat in {offering}.")
        else:
            place = waitlist_positions([enrollment])[enrollment.pk]
            messages.warning(
                request,
                f"{offering} is full: you are number {place} on the waitlist. "
                "If a seat frees up it is yours, and we will email you.",
            )
    return redirect(offering)


@require_POST
@member_required
def enrollment_withdraw_view(request, pk):
    enrollment = visible(Enrollment, request.user, pk=pk)
    if enrollment.status == EnrollmentStatus.WITHDRAWN:
        messages.info(request, "This place had already been given up.")
        return redirect(enrollment.offering)
    allow(enrollment.can_withdraw(request.user), "Only the resident or a coordinator can withdraw.")
    was = enrollment.get_status_display().lower()
    promoted = enrollment_withdraw(enrollment=enrollment, actor=request.user)
    who = (
        "You"
        if enrollment.resident.user_id == request.user.pk
        else (enrollment.resident.user.full_name)
    )
    message = f"{who} left the {'waitlist' if was == 'waitlisted' else 'class'}."
    if promoted and enrollment.offering.can_manage(request.user):
        names = ", ".join(e.resident.user.full_name for e in promoted)
        message += f" The seat went to {names}, the next on the waitlist (emailed)."
    messages.success(request, message)
    return redirect(enrollment.offering)


@require_http_methods(["GET", "POST"])
@coordinator_required
def offering_bulk_enroll(request, pk):
    offering = visible(Offering, request.user, pk=pk)
    form = BulkEnrollForm(post_data(request), offering=offering)
    candidates = list(form.fields["residents"].queryset)
    taken = set(
        Enrollment.objects.visible_to(request.user)
        .active()
        .filter(offering__course=offering.course_id)
        .values_list("resident_id", flat=True)
    ) | set(
        CourseCompletion.objects.visible_to(request.user)
        .filter(course=offering.course_id)
        .values_list("resident_id", flat=True)
    )
    available = [r for r in candidates if r.pk not in taken]
    form.fields["residents"].queryset = bulk_enrollment_candidates(offering).exclude(pk__in=taken)
    entry_year = request.GET.get("class", "")
    if request.method == "GET" and entry_year.isdigit():
        form.initial["residents"] = [r.pk for r in available if r.entry_year == int(entry_year)]
    if request.method == "POST" and form.is_valid():
        result = enrollment_bulk(
            offering=offering, residents=form.cleaned_data["residents"], actor=request.user
        )
        parts = [f"Enrolled {len(result.enrolled)}"]
        if result.waitlisted:
            parts.append(f"waitlisted {len(result.waitlisted)} (the offering is full)")
        messages.success(request, "; ".join(parts) + ".")
        for resident, reason in result.skipped:
            messages.warning(request, f"Skipped {resident.user.full_name}: {reason}")
        return redirect(offering)
    classes = sorted({r.entry_year for r in available}, reverse=True)
    return render(
        request,
        "pathway/curriculum/offering_bulk_enroll.html",
        {
            "form": form,
            "offering": offering,
            "classes": classes,
            "hidden": len(candidates) - len(available),
            "has_candidates": bool(available),
            "seats_taken": offering.enrollments.enrolled().count(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def attendance_take(request, pk):
    session = visible(
        ClassSession.objects.select_related("offering__course", "course_class"), request.user, pk=pk
    )
    offering = session.offering
    allow(
        offering.can_record_attendance(request.user),
        "Attendance is recorded by the coordinator or the instructor.",
    )
    enrollments = (
        offering.enrollments.enrolled()
        .select_related("resident__user")
        .order_by("resident__user__full_name")
    )
    marks = {m.resident_id: m for m in session.attendance.all()}
    form = AttendanceForm(post_data(request), enrollments=enrollments, marks=marks)
    if request.method == "POST" and form.is_valid():
        try:
            chosen = form.marks(rest_present="rest_present" in request.POST)
            changed = attendance_record(session=session, marks=chosen, actor=request.user)
        except CurriculumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Attendance saved ({changed} changed).")
            return redirect(offering)
    excused = [m for m in marks.values() if m.status == AttendanceStatus.EXCUSED]
    names = {e.resident_id: e.resident.user.full_name for e in enrollments}
    return render(
        request,
        "pathway/curriculum/attendance_form.html",
        {
            "form": form,
            "session": session,
            "offering": offering,
            "excused": [(m, names.get(m.resident_id, "")) for m in excused],
            "make_up_form": MakeUpForm(initial={"made_up_on": timezone.localdate()}),
            "started": session.starts_at <= timezone.now(),
            "choices": MARK_CHOICES,
        },
    )


@require_POST
@login_required
def attendance_make_up_view(request, pk):
    mark = visible(
        Attendance.objects.select_related("session__offering__course", "resident__user"),
        request.user,
        pk=pk,
    )
    allow(
        mark.session.offering.can_record_attendance(request.user),
        "Make-ups are recorded by the coordinator or the instructor.",
    )
    form = MakeUpForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for errs in form.errors.values() for e in errs)
        messages.error(request, f"The make-up was not recorded: {errors}")
        return redirect("pathway:attendance_take", mark.session_id)
    try:
        attendance_make_up(
            attendance=mark,
            made_up_on=form.cleaned_data["made_up_on"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except CurriculumError as error:
        messages.error(request, f"The make-up was not recorded: {error}")
    else:
        messages.success(request, f"{mark.resident.user.full_name}'s make-up is recorded.")
    return redirect("pathway:attendance_take", mark.session_id)


@require_safe
@resident_required
def my_courses(request):
    profile = request.user.resident_profile
    courses = list(Course.objects.visible_to(request.user).filter(is_active=True))
    progress = course_progress(resident=profile, courses=courses)
    enrollments = list(
        Enrollment.objects.visible_to(request.user)
        .active()
        .filter(resident=profile)
        .select_related("offering__instructor")
        .order_by("offering__starts_on")
    )
    now = timezone.now()
    upcoming = {}
    for session in (
        ClassSession.objects.visible_to(request.user)
        .filter(
            offering__in=[e.offering_id for e in enrollments if e.status == "enrolled"],
            ends_at__gte=now,
        )
        .select_related("course_class")
        .order_by("starts_at")
    ):
        upcoming.setdefault(session.offering_id, session)
    by_course = {}
    for enrollment in enrollments:
        by_course.setdefault(enrollment.offering.course_id, enrollment)
    positions = waitlist_positions(enrollments)
    rows = [
        {
            "course": course,
            "progress": progress[course.pk],
            "enrollment": by_course.get(course.pk),
            "next_session": upcoming.get(getattr(by_course.get(course.pk), "offering_id", None)),
            "place": positions.get(getattr(by_course.get(course.pk), "pk", None)),
        }
        for course in courses
    ]
    return render(
        request,
        "pathway/curriculum/my_courses.html",
        {"rows": rows, "profile": profile, "kinds": CourseKind},
    )


@require_safe
@member_required
def certificate(request, pk):
    completion = visible(
        CourseCompletion.objects.select_related("resident__user__program", "course"),
        request.user,
        pk=pk,
    )
    program = completion.resident.user.program
    director = (
        User.objects.filter(program=program, is_active=True, director_profile__is_associate=False)
        .order_by("pk")
        .first()
    )
    return render(
        request,
        "pathway/curriculum/certificate.html",
        {
            "completion": completion,
            "resident": completion.resident.user,
            "course": completion.course,
            "classes": completion.course.classes.filter(is_required=True),
            "program": program,
            "director": director,
        },
    )
