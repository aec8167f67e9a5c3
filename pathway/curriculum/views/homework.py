"""Homework: residents submit (and resubmit); the coach, instructor or a director reviews."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from pathway.curriculum.forms.courses import HomeworkReviewForm, HomeworkSubmitForm
from pathway.curriculum.services.courses import (
    CurriculumError,
    homework_offering,
    homework_refusal,
    homework_review,
    homework_submit,
)
from pathway.curriculum.views.common import (
    allow,
    posted,
    resident_required,
    serve_private_file,
    visible,
)
from pathway.models import HomeworkAssignment, HomeworkSubmission, Offering, Role


@require_http_methods(["GET", "POST"])
@resident_required
def homework_submit_view(request, pk):
    assignment = visible(
        HomeworkAssignment.objects.select_related("course_class__course"), request.user, pk=pk
    )
    profile = request.user.resident_profile
    history = list(
        HomeworkSubmission.objects.visible_to(request.user)
        .filter(assignment=assignment, resident=profile)
        .select_related("review__reviewer")
    )
    latest = history[0] if history else None
    form = HomeworkSubmitForm(*posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            homework_submit(
                assignment=assignment,
                resident=profile,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("file"),
            )
        except CurriculumError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Submitted. Your KPO coach or instructor will review it.")
            return redirect("pathway:homework_submit", assignment.pk)
    return render(
        request,
        "pathway/curriculum/homework_submit.html",
        {
            "assignment": assignment,
            "course_class": assignment.course_class,
            "course": assignment.course_class.course,
            "history": history,
            "latest": latest,
            "refusal": homework_refusal(assignment=assignment, resident=profile, latest=latest),
            "offering": homework_offering(assignment=assignment, resident=profile),
            "form": form,
        },
    )


def _may_review_anything(user):
    return (
        user.is_superuser
        or user.has_role(Role.COACH, Role.DIRECTOR)
        or Offering.objects.filter(instructor=user).exists()
    )


@require_safe
@login_required
def homework_queue(request):
    user = request.user
    allow(
        _may_review_anything(user),
        "Homework is reviewed by KPO coaches, instructors and program directors.",
    )
    submissions = (
        HomeworkSubmission.objects.visible_to(user)
        .reviewable_by(user)
        .awaiting_review()
        .select_related("resident__user", "assignment__course_class__course", "offering")
        .order_by("submitted_at", "pk")
    )
    return render(request, "pathway/curriculum/homework_queue.html", {"submissions": submissions})


def _submission(request, pk):
    return visible(
        HomeworkSubmission.objects.select_related(
            "resident__user",
            "assignment__course_class__course",
            "offering__instructor",
            "review__reviewer",
        ),
        request.user,
        pk=pk,
    )


def _render_detail(request, submission, form):
    history = (
        HomeworkSubmission.objects.visible_to(request.user)
        .filter(assignment=submission.assignment_id, resident=submission.resident_id)
        .exclude(pk=submission.pk)
        .select_related("review__reviewer")
    )
    return render(
        request,
        "pathway/curriculum/submission_detail.html",
        {
            "submission": submission,
            "history": history,
            "can_review": submission.can_review(request.user),
            "form": form,
        },
    )


@require_safe
@login_required
def submission_detail(request, pk):
    submission = _submission(request, pk)
    return _render_detail(request, submission, HomeworkReviewForm())


@require_POST
@login_required
def submission_review(request, pk):
    submission = _submission(request, pk)
    if submission.status != "submitted":
        messages.info(request, "This submission has already been reviewed.")
        return redirect(submission)
    allow(
        submission.can_review(request.user),
        "Homework is reviewed by the resident's KPO coach, the instructor or a program director.",
    )
    form = HomeworkReviewForm(request.POST)
    if form.is_valid():
        try:
            homework_review(
                submission=submission,
                reviewer=request.user,
                decision=form.cleaned_data["decision"],
                comments=form.cleaned_data["comments"],
            )
        except CurriculumError as error:
            form.add_error(None, str(error))
        else:
            verdict = "accepted" if form.cleaned_data["decision"] == "accepted" else "sent back"
            messages.success(
                request,
                f"{submission.resident.user.full_name}'s homework was {verdict}; "
                "they have been emailed.",
            )
            return redirect("pathway:homework_queue")
    return _render_detail(request, submission, form)


@require_safe
@login_required
def submission_file(request, pk):
    submission = _submission(request, pk)
    if not submission.file:
        raise Http404("This submission has no attachment.")
    return serve_private_file(submission.file, submission.file_name)
