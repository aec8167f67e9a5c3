"""Peer mentoring: the directors' pairing pages, the pairing page with its meeting log, and a
resident's own view of their peer mentor and mentees."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from capstone.models import Project
from mentoring.forms import EndDateForm, MeetingForm, PairForm
from mentoring.matching import suggest_mentors
from mentoring.models import MENTEE_PGYS, PeerMentorship, TrackedResident
from mentoring.models.residents import SubqueryCount
from mentoring.services import MentoringError, meeting_log, mentorship_end, mentorship_pair
from pathway.core.access import program_staff_required, role_required
from pathway.models import Role

MENTORING_ROLES = (Role.RESIDENT, Role.DIRECTOR, Role.COORDINATOR)
director_required = role_required(Role.DIRECTOR)


def _with_meeting_facts(pairings):
    return pairings.annotate(
        meeting_count=Count("meetings"), last_meeting_on=Max("meetings__met_on")
    )


def _current_mentee_count():
    return SubqueryCount(PeerMentorship.objects.current().filter(mentor=OuterRef("pk")))


@require_safe
@program_staff_required
def mentorship_list(request):
    """Current pairs, residents still without a peer mentor (with suggestions), and the
    eligible mentors."""
    user = request.user
    pairings = _with_meeting_facts(
        PeerMentorship.objects.visible_to(user)
        .current()
        .select_related("mentor__user", "mentee__user")
        .order_by("mentor__user__full_name", "mentee__user__full_name")
    )
    residents = TrackedResident.objects.visible_to(user)
    mentors = list(
        residents.eligible_mentors()
        .select_related("user")
        .prefetch_related("areas_of_interest")
        .annotate(mentee_count=_current_mentee_count())
        .order_by("user__full_name")
    )
    unpaired = list(
        residents.without_peer_mentor()
        .select_related("user")
        .prefetch_related("areas_of_interest")
        .order_by("residency_start", "user__full_name")
    )
    for mentee in unpaired:
        mentee.suggested_mentors = suggest_mentors(mentee, mentors)
    return render(
        request,
        "mentoring/mentorship_list.html",
        {
            "pairings": pairings,
            "mentors": mentors,
            "unpaired": unpaired,
            "can_pair": user.is_superuser or user.has_role(Role.DIRECTOR),
        },
    )


@require_http_methods(["GET", "POST"])
@director_required
def mentorship_pair_view(request):
    initial = {"started_on": timezone.localdate()}
    if request.method == "GET":
        initial["mentor"] = request.GET.get("mentor") or None
    form = PairForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            pairs = mentorship_pair(
                mentor=data["mentor"],
                mentees=list(data["mentees"]),
                started_on=data["started_on"],
                paired_by=request.user,
            )
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            names = ", ".join(str(p.mentee) for p in pairs)
            messages.success(request, f"{data['mentor']} is now the peer mentor of {names}.")
            return redirect("mentoring:mentorship_list")
    preselected = set(request.GET.getlist("mentee")) if request.method == "GET" else set()
    return render(
        request,
        "mentoring/mentorship_pair.html",
        {
            "form": form,
            "mentor": form.chosen_mentor(),
            "suggestions": form.suggestions(),
            "checked": form.selected_mentee_ids() | preselected,
        },
    )


def _visible_mentorship(request, pk):
    return get_object_or_404(
        PeerMentorship.objects.visible_to(request.user).select_related(
            "mentor__user", "mentee__user", "paired_by"
        ),
        pk=pk,
    )


@require_safe
@role_required(*MENTORING_ROLES)
def mentorship_detail(request, pk):
    """The pairing: the mentee's curriculum progress, read-only, and the meeting log. Nothing
    from the mentee's coaching record appears here."""
    mentorship = _visible_mentorship(request, pk)
    # The pairing (fetched through visible_to) is what entitles the mentor to this summary; the
    # project page itself, with its discussion and files, stays closed to mentors.
    capstone = (
        Project.objects.active()
        .filter(lead=mentorship.mentee)
        .select_related("sponsor")
        .with_coach()
        .first()
    )
    return render(
        request,
        "mentoring/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "mentee": mentorship.mentee,
            "capstone": capstone,
            "meetings": mentorship.meetings.select_related("logged_by"),
            "can_log": mentorship.is_current and mentorship.involves(request.user),
            "can_end": mentorship.is_current
            and (request.user.is_superuser or request.user.has_role(Role.DIRECTOR)),
            "end_form": EndDateForm(initial={"ended_on": timezone.localdate()}),
        },
    )


@require_POST
@director_required
def mentorship_end_view(request, pk):
    mentorship = _visible_mentorship(request, pk)
    form = EndDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"Nothing was changed: {' '.join(form.errors['ended_on'])}")
        return redirect(mentorship)
    try:
        mentorship_end(mentorship=mentorship, ended_on=form.cleaned_data["ended_on"])
    except MentoringError as error:
        messages.error(request, f"Nothing was changed: {error}")
        return redirect(mentorship)
    messages.success(request, f"The pairing of {mentorship} has ended.")
    return redirect("mentoring:mentorship_list")


@require_http_methods(["GET", "POST"])
@role_required(Role.RESIDENT)
def meeting_add(request, pk):
    mentorship = _visible_mentorship(request, pk)
    if not mentorship.involves(request.user):
        raise PermissionDenied("Only the peer mentor and the mentee log their meetings.")
    if not mentorship.is_current:
        messages.error(request, "This pairing has ended; meetings can no longer be logged.")
        return redirect(mentorship)
    form = MeetingForm(request.POST or None, mentorship=mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_log(mentorship=mentorship, logged_by=request.user, **form.cleaned_data)
        except MentoringError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting logged.")
            return redirect(mentorship)
    return render(request, "mentoring/meeting_form.html", {"form": form, "mentorship": mentorship})


@require_safe
@role_required(Role.RESIDENT)
def my_peer_mentoring(request):
    """A resident's peer mentor (if a mentee) and mentees (if a mentor)."""
    if not request.user.has_role(Role.RESIDENT):
        raise PermissionDenied("Peer mentoring is for residents.")
    profile = request.user.resident_profile
    pairings = PeerMentorship.objects.visible_to(request.user).select_related(
        "mentor__user", "mentee__user"
    )
    as_mentee = list(_with_meeting_facts(pairings.filter(mentee=profile)))
    as_mentor = list(
        _with_meeting_facts(pairings.filter(mentor=profile)).order_by(
            "ended_on", "mentee__user__full_name"
        )
    )
    return render(
        request,
        "mentoring/my_peer_mentoring.html",
        {
            "profile": profile,
            "current_mentor": next((p for p in as_mentee if p.is_current), None),
            "past_mentors": [p for p in as_mentee if not p.is_current],
            "mentees": [p for p in as_mentor if p.is_current],
            "past_mentees": [p for p in as_mentor if not p.is_current],
            "of_mentee_age": profile.pgy() in MENTEE_PGYS,
            "eligible": TrackedResident.objects.filter(pk=profile.pk).eligible_mentors().exists(),
        },
    )
