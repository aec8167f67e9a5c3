"""Forms of coach assignment, coaching sessions, peer mentoring, introductions, settings."""

from django import forms
from django.db.models import OuterRef, Prefetch, Q
from django.utils import timezone

from mentoring.matching import shared_areas
from mentoring.models import (
    CoachAssignment,
    CoachingAction,
    CoachingSession,
    CoachingSettings,
    IntroductionStatus,
    MentoringMeeting,
    MentorIntroduction,
    PeerMentorship,
    SessionMode,
    TrackedResident,
    VmpsTool,
)
from mentoring.models.residents import SubqueryCount
from mentoring.services import ActionData, SessionData
from pathway.core.dates import short_date
from pathway.core.forms import DATE_INPUT
from pathway.core.limits import LONG_TEXT
from pathway.core.search import SearchField
from pathway.models import InterestArea, User


def _not_in_future(value, what="The date"):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return value


# --- Coach assignment --------------------------------------------------------------------------


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, coach):
        capacity = coach.coach_profile.caseload_capacity
        label = f"{coach.display_name} — {coach.load} of {capacity} residents"
        if coach.load >= capacity:
            label += " (full)"
        if coach.coach_profile.specialty:
            label += f" · {coach.coach_profile.specialty}"
        return label


def coaches_with_load(program):
    """The program's active KPO coaches, each annotated with `load` (current residents)."""
    return (
        User.objects.filter(program=program, is_active=True, coach_profile__isnull=False)
        .select_related("coach_profile")
        .annotate(
            load=SubqueryCount(
                CoachAssignment.objects.current().filter(coach=OuterRef("pk")).values("pk")
            )
        )
        .order_by("full_name")
    )


class CoachAssignForm(forms.Form):
    coach = CoachChoiceField(
        label="KPO coach",
        queryset=User.objects.none(),
        empty_label="Choose a coach",
        help_text="Each coach shows residents coached now and their caseload capacity. "
        "You may go over capacity; you will be warned.",
    )
    started_on = forms.DateField(label="Coaching starts on", widget=DATE_INPUT)

    def __init__(self, *args, resident, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.resident = resident
        # Nobody coaches themselves (a resident may also hold the coach role).
        self.fields["coach"].queryset = coaches_with_load(resident.user.program_id).exclude(
            pk=resident.user_id
        )

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data["started_on"], "The start date")


class EndDateForm(forms.Form):
    ended_on = forms.DateField(label="Ends on", widget=DATE_INPUT)

    def clean_ended_on(self):
        return _not_in_future(self.cleaned_data["ended_on"], "The end date")


# --- Coaching sessions -------------------------------------------------------------------------


class SessionForm(forms.ModelForm):
    vmps_tools = forms.MultipleChoiceField(
        label="VMPS tools covered",
        choices=VmpsTool.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    private_notes = forms.CharField(
        label="Private notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the program directors can read these; "
        "not the resident, not coordinators.",
        max_length=LONG_TEXT,
    )

    class Meta:
        model = CoachingSession
        fields = ["held_on", "duration_minutes", "mode", "vmps_tools", "notes"]
        widgets = {
            "held_on": DATE_INPUT,
            "mode": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"notes": "Notes shared with the resident"}

    def __init__(self, *args, private_note=None, **kwargs):
        if kwargs.get("instance") is None:
            kwargs.setdefault(
                "initial",
                {"held_on": timezone.localdate(), "duration_minutes": 45, "mode": "in_person"},
            )
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = SessionMode.choices
        if private_note is not None and not self.is_bound:
            self.initial["private_notes"] = private_note.text

    def clean_held_on(self):
        return _not_in_future(self.cleaned_data["held_on"], "The session date")

    def session_data(self, actions) -> SessionData:
        data = self.cleaned_data
        return SessionData(
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            vmps_tools=data["vmps_tools"],
            notes=data["notes"],
            private_notes=data["private_notes"],
            actions=actions.action_data(),
        )


class BaseActionFormSet(forms.BaseInlineFormSet):
    """Agreed actions; due dates may not fall before the session (set `held_on` first)."""

    held_on = None

    def clean(self):
        super().clean()
        if self.held_on is None:
            return
        for form in self.forms:
            due = form.cleaned_data.get("due_on") if form.cleaned_data else None
            if due and due < self.held_on and not form.cleaned_data.get("DELETE"):
                form.add_error("due_on", "An action cannot be due before the session date.")

    def action_data(self) -> list[ActionData]:
        items = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or (not form.has_changed() and not data.get("id")):
                continue
            instance = data.get("id")
            items.append(
                ActionData(
                    id=instance.pk if instance else None,
                    description=data.get("description", ""),
                    due_on=data.get("due_on"),
                    delete=bool(data.get("DELETE")),
                )
            )
        return items


ActionFormSet = forms.inlineformset_factory(
    CoachingSession,
    CoachingAction,
    formset=BaseActionFormSet,
    fields=["description", "due_on"],
    widgets={
        "description": forms.TextInput(
            attrs={"class": "form-control", "placeholder": "e.g. Time 10 discharges"}
        ),
        "due_on": forms.DateInput(
            attrs={**DATE_INPUT.attrs, "class": "form-control"}, format=DATE_INPUT.format
        ),
    },
    extra=3,
    can_delete=True,
)


# --- Peer mentoring ----------------------------------------------------------------------------


class ResidentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, resident):
        return f"{resident.user.full_name} ({resident.pgy_label})"


class PairForm(forms.Form):
    mentor = ResidentChoiceField(
        label="Peer mentor",
        queryset=TrackedResident.objects.none(),
        empty_label="Choose a PGY-3 mentor",
        help_text="PGY-3 pathway residents who completed VMPS for Leaders.",
    )
    mentees = forms.ModelMultipleChoiceField(
        queryset=TrackedResident.objects.none(),
        error_messages={"required": "Choose at least one mentee."},
    )
    started_on = forms.DateField(label="Pairing starts on", widget=DATE_INPUT)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        residents = TrackedResident.objects.visible_to(actor).select_related("user")
        self.fields["mentor"].queryset = (
            residents.eligible_mentors()
            .prefetch_related("areas_of_interest")
            .order_by("user__full_name")
        )
        self.fields["mentees"].queryset = (
            residents.mentee_candidates()
            .prefetch_related(
                "areas_of_interest",
                Prefetch(
                    "mentor_pairings",
                    queryset=PeerMentorship.objects.current().select_related("mentor__user"),
                    to_attr="current_mentor_pairings",
                ),
            )
            .order_by("user__full_name")
        )
        self._mentors = None
        self._candidates = None

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data["started_on"], "The start date")

    def clean_mentees(self):
        mentees = self.cleaned_data["mentees"]
        taken = [
            f"{m.user.full_name} already has a peer mentor "
            f"({m.current_mentor_pairings[0].mentor.user.full_name})"
            for m in mentees
            if m.current_mentor_pairings
        ]
        if taken:
            raise forms.ValidationError(
                "A mentee has at most one current peer mentor. "
                + "; ".join(taken)
                + ". End that pairing first, or leave them out."
            )
        return mentees

    def clean(self):
        data = super().clean()
        mentor, mentees = data.get("mentor"), data.get("mentees")
        if mentor and mentees:
            elsewhere = [str(m) for m in mentees if m.user.program_id != mentor.user.program_id]
            if elsewhere:
                self.add_error(
                    "mentees",
                    f"Mentor and mentees must be in the same program: {', '.join(elsewhere)}.",
                )
        return data

    def chosen_mentor(self):
        """The mentor picked so far (bound data, or the initial ?mentor=), else None."""
        raw = self.data.get("mentor") if self.is_bound else self.initial.get("mentor")
        if not raw:
            return None
        if self._mentors is None:
            self._mentors = list(self.fields["mentor"].queryset)
        pk = str(getattr(raw, "pk", raw))
        return next((m for m in self._mentors if str(m.pk) == pk), None)

    def suggestions(self):
        """Mentee candidates of the chosen mentor's program, ranked by the areas of interest
        they share with the mentor (most first; those already mentored last), each as
        (resident, shared area names, current mentor or None)."""
        mentor = self.chosen_mentor()
        if mentor is None:
            return []
        if self._candidates is None:
            self._candidates = list(self.fields["mentees"].queryset)
        rows = []
        for resident in self._candidates:
            if resident.user.program_id != mentor.user.program_id:
                continue
            current = resident.current_mentor_pairings
            rows.append(
                (resident, shared_areas(mentor, resident), current[0].mentor if current else None)
            )
        rows.sort(key=lambda row: (row[2] is not None, -len(row[1]), row[0].user.full_name))
        return rows

    def selected_mentee_ids(self):
        if not self.is_bound:
            return set()
        return {str(v) for v in self.data.getlist("mentees")}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = MentoringMeeting
        fields = ["met_on", "topics", "notes"]
        widgets = {"met_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"topics": "e.g. choosing a capstone process, preparing for the A3"}

    def __init__(self, *args, mentorship, **kwargs):
        kwargs.setdefault("initial", {"met_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.mentorship = mentorship

    def clean_met_on(self):
        met_on = _not_in_future(self.cleaned_data["met_on"], "The meeting date")
        if met_on < self.mentorship.started_on:
            raise forms.ValidationError(
                f"The pairing started on {short_date(self.mentorship.started_on)}; "
                "the meeting cannot be earlier."
            )
        return met_on


# --- Mentor introductions ----------------------------------------------------------------------


class IntroductionForm(forms.ModelForm):
    resident = ResidentChoiceField(queryset=TrackedResident.objects.none())

    class Meta:
        model = MentorIntroduction
        fields = [
            "resident",
            "area",
            "faculty_name",
            "faculty_role",
            "faculty_email",
            "introduced_on",
        ]
        widgets = {"introduced_on": DATE_INPUT}

    def __init__(self, *args, actor, **kwargs):
        kwargs.setdefault("initial", {"introduced_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = (
            TrackedResident.objects.visible_to(actor)
            .filter(user__is_active=True)
            .select_related("user")
            .order_by("user__full_name")
        )
        self.fields["area"].queryset = InterestArea.objects.all()
        self.fields["area"].empty_label = "Choose an area of interest"

    def clean_introduced_on(self):
        return _not_in_future(self.cleaned_data["introduced_on"], "The introduction date")


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = MentorIntroduction
        fields = ["status", "follow_up_notes"]
        widgets = {"follow_up_notes": forms.Textarea(attrs={"rows": 3})}


class IntroductionFilterForm(forms.Form):
    q = SearchField()
    status = forms.ChoiceField(
        label="Follow-up status",
        required=False,
        choices=[("", "Any")] + IntroductionStatus.choices,
    )

    def filter(self, introductions):
        if not self.is_valid():
            return introductions
        data = self.cleaned_data
        for word in (data.get("q") or "").split():
            introductions = introductions.filter(
                Q(resident__user__full_name__icontains=word)
                | Q(faculty_name__icontains=word)
                | Q(area__name__icontains=word)
            )
        if data.get("status"):
            introductions = introductions.filter(status=data["status"])
        return introductions


# --- Settings ----------------------------------------------------------------------------------


class CoachingSettingsForm(forms.ModelForm):
    class Meta:
        model = CoachingSettings
        fields = [
            "report_cadence_days",
            "stalled_after_days",
            "review_within_days",
            "contact_within_days",
        ]

    # The two limits "Waiting on you" reads came after the first two settings: a form that
    # leaves them out (an older page, a script) keeps what the program has.
    LATER_FIELDS = ("review_within_days", "contact_within_days")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LATER_FIELDS:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.LATER_FIELDS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = getattr(self.instance, name)
        return cleaned
