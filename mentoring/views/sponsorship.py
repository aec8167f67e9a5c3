"""Sponsor selection and the sponsors' own pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from capstone.models import Project
from mentoring.forms import ProposalDecisionForm, SponsorAnswerForm, SponsorRequestForm
from mentoring.models import ProgressReport, SponsorRequest, SponsorRequestStatus
from mentoring.services import (
    MentoringError,
    sponsor_proposal_approve,
    sponsor_proposal_refuse,
    sponsor_request,
    sponsor_selection_refusal,
    sponsorship_accept,
    sponsorship_decline,
)
from pathway.core.access import role_required
from pathway.core.pagination import page_of
from pathway.models import Role

STAFF = (Role.DIRECTOR, Role.COORDINATOR)


@require_http_methods(["GET", "POST"])
@role_required(Role.RESIDENT)
def sponsor_choose(request):
    """The resident's sponsor page: the current sponsor, the request waiting, the history, and
    the form to ask a sponsor when the rules allow it (with the reason when they do not)."""
    if not request.user.has_role(Role.RESIDENT):
        raise PermissionDenied("Sponsors are chosen by residents.")
    resident = request.user.resident_profile
    refusal = sponsor_selection_refusal(resident)
    form = SponsorRequestForm(
        request.POST if request.method == "POST" else None, program=request.user.program_id
    )
    if request.method == "POST":
        if refusal:
            messages.error(request, refusal)
            return redirect("mentoring:sponsor_choose")
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = sponsor_request(
                    resident=resident,
                    sponsor=data["sponsor"],
                    proposed_name=data["proposed_name"],
                    proposed_email=data["proposed_email"],
                    proposed_title=data["proposed_title"],
                    message=data["message"],
                )
            except MentoringError as error:
                form.add_error(None, str(error))
            else:
                if made.sponsor_id:
                    text = f"Request sent to {made.sponsor.display_name}."
                else:
                    text = (
                        f"{made.proposed_name} is proposed; the coordinator will approve the "
                        "proposal and then send them your request."
                    )
                messages.success(request, text)
                return redirect("mentoring:sponsor_choose")
    project = Project.objects.filter(lead=resident).active().select_related("sponsor").first()
    history = SponsorRequest.objects.visible_to(request.user).filter(resident=resident)
    return render(
        request,
        "mentoring/sponsor_choose.html",
        {
            "form": form,
            "refusal": refusal,
            "project": project,
            "history": history.select_related("sponsor"),
        },
    )


@require_safe
@role_required(Role.SPONSOR, *STAFF)
def sponsor_requests(request):
    """Requests addressed to the sponsor; for program staff, the program's requests with the
    proposals waiting for approval first."""
    requests = SponsorRequest.objects.visible_to(request.user).select_related(
        "resident__user", "project", "sponsor"
    )
    is_staff = request.user.is_program_staff or request.user.is_superuser
    if not is_staff:
        requests = requests.filter(sponsor=request.user)
    page = page_of(request, requests.order_by("-requested_at", "-pk"))
    waiting = [r for r in page if r.status == SponsorRequestStatus.AWAITING_APPROVAL]
    return render(
        request,
        "mentoring/sponsor_requests.html",
        {"page": page, "is_staff": is_staff, "waiting_approval": waiting},
    )


def _visible_request(request, pk):
    return get_object_or_404(
        SponsorRequest.objects.visible_to(request.user).select_related(
            "resident__user", "project", "sponsor", "decided_by"
        ),
        pk=pk,
    )


@require_safe
@role_required(Role.RESIDENT, Role.SPONSOR, *STAFF)
def sponsor_request_detail(request, pk):
    found = _visible_request(request, pk)
    user = request.user
    return render(
        request,
        "mentoring/sponsor_request_detail.html",
        {
            "req": found,
            "answer_form": SponsorAnswerForm() if _can_answer(found, user) else None,
            "decision_form": ProposalDecisionForm() if _can_approve(found, user) else None,
        },
    )


def _can_answer(found, user):
    return found.sponsor_id == user.pk and found.status == SponsorRequestStatus.AWAITING_SPONSOR


def _can_approve(found, user):
    return (
        found.status == SponsorRequestStatus.AWAITING_APPROVAL
        and user.has_role(Role.COORDINATOR)
        and user.program_id == found.resident.user.program_id
    )


@require_POST
@role_required(Role.SPONSOR)
def sponsor_request_answer(request, pk):
    found = _visible_request(request, pk)
    if found.sponsor_id != request.user.pk:
        raise PermissionDenied("Only the sponsor asked answers this request.")
    form = SponsorAnswerForm(request.POST)
    if form.is_valid():
        note = form.cleaned_data["note"]
        try:
            if form.cleaned_data["decision"] == "accept":
                sponsorship_accept(request=found, sponsor=request.user, note=note)
                messages.success(request, f"You now sponsor “{found.project.title}”. Thank you.")
                return redirect("mentoring:sponsored_projects")
            sponsorship_decline(request=found, sponsor=request.user, note=note)
            messages.success(request, f"Declined; {found.resident.user.display_name} is told.")
            return redirect("mentoring:sponsor_requests")
        except MentoringError as error:
            form.add_error(None, str(error))
    return _refused(request, found, answer_form=form)


@require_POST
@role_required(Role.COORDINATOR)
def sponsor_proposal_decide(request, pk):
    found = _visible_request(request, pk)
    form = ProposalDecisionForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "approve":
                sponsor_proposal_approve(request=found, approved_by=request.user)
                messages.success(
                    request,
                    f"{found.proposed_name} now has a sponsor account; an invitation and the "
                    "request are emailed to them.",
                )
            else:
                sponsor_proposal_refuse(
                    request=found, refused_by=request.user, note=form.cleaned_data["note"]
                )
                messages.success(request, "Proposal not approved; the resident is told why.")
            return redirect("mentoring:sponsor_requests")
        except MentoringError as error:
            form.add_error(None, str(error))
    return _refused(request, found, decision_form=form)


@require_safe
@role_required(Role.SPONSOR)
def sponsored_projects(request):
    """My sponsored projects: stage and the latest submitted report's summary (never a draft,
    never a coach's private notes)."""
    projects = (
        Project.objects.visible_to(request.user)
        .filter(sponsor=request.user, sponsor_accepted_on__isnull=False)
        .select_related("lead__user")
        .prefetch_related(
            Prefetch(
                "progress_reports",
                queryset=ProgressReport.objects.shared().order_by("-submitted_at", "-pk"),
                to_attr="shared_reports",
            )
        )
        .order_by("lead__user__full_name", "pk")
    )
    page = page_of(request, projects)
    for project in page:
        project.latest_report = project.shared_reports[0] if project.shared_reports else None
    return render(request, "mentoring/sponsored_projects.html", {"page": page})


def _refused(request, found, *, answer_form=None, decision_form=None):
    """The request's page again with the one form that was posted, its errors shown."""
    return render(
        request,
        "mentoring/sponsor_request_detail.html",
        {"req": found, "answer_form": answer_form, "decision_form": decision_form},
    )
