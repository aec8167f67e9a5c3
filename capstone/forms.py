"""Forms for every part of the capstone record. Choices of people are limited to the project's
program; rows that point at other rows (a test's ideas, a point's measure) to the project."""

from decimal import Decimal

from django import forms
from django.db.models import Q

from capstone.models import (
    PROGRESS_CHOICES,
    AbstractDraft,
    AbstractSubmission,
    ActionItem,
    Attachment,
    Cause,
    DataPoint,
    FollowUp,
    Idea,
    Measure,
    Origin,
    Presentation,
    ProcessStep,
    Project,
    Publication,
    Section,
    Stage,
    StandardWorkDoc,
    TeamMember,
    TestOfChange,
    TimeObservation,
    WasteObservation,
    WhyStep,
    attachment_validator,
    event_days_problem,
    normalize_doi,
    parse_minutes,
)
from capstone.services import active_capstone_message
from pathway.academic import academic_year_bounds
from pathway.forms import DATE_INPUT
from pathway.models import ROLE_PROFILES, ResidentProfile, Role, User

TEXTAREA = forms.Textarea(attrs={"rows": 3})
FILE_HELP = f"Optional. {attachment_validator.describe()}; the type is checked from the content."


def program_users(program):
    return User.objects.filter(program=program, is_active=True).order_by("full_name")


def people_with_role(program, role):
    return program_users(program).filter(**{f"{ROLE_PROFILES[role]}__isnull": False})


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name + (f" — {obj.title}" if obj.title else "")


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


# --- The project ---------------------------------------------------------------------------


class ProjectCreateForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="A short name for the project.")
    process = forms.CharField(
        label="Process or value stream",
        max_length=200,
        required=False,
        help_text="The process you will improve, e.g. discharge from 5 West.",
    )
    department = forms.CharField(label="Department or unit", max_length=200, required=False)
    origin = forms.ChoiceField(
        label="Where the idea came from", choices=[("", "—")] + Origin.choices, required=False
    )
    origin_detail = forms.CharField(
        label="Origin details", max_length=200, required=False, help_text="e.g. the PSA number"
    )
    lead = forms.ModelChoiceField(
        label="Lead resident", queryset=ResidentProfile.objects.none(), required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        # Residents start their own capstone; program staff start one for a resident.
        if actor.has_role(Role.RESIDENT) and not (actor.is_program_staff or actor.is_superuser):
            del self.fields["lead"]
        else:
            self.fields["lead"].required = True
            self.fields["lead"].queryset = (
                ResidentProfile.objects.visible_to(actor)
                .in_pathway()
                .filter(user__is_active=True)
                .select_related("user")
            )
            self.fields["lead"].label_from_instance = lambda r: (
                f"{r.user.full_name} ({r.pgy_label})"
            )

    def lead_profile(self):
        if "lead" in self.fields:
            return self.cleaned_data.get("lead")
        return self.actor.resident_profile

    def clean(self):
        data = super().clean()
        lead = self.lead_profile()
        if lead is not None:
            existing = Project.objects.filter(lead=lead).active().first()
            if existing:
                self.add_error(
                    "lead" if "lead" in self.fields else None,
                    active_capstone_message(lead, existing),
                )
        return data


class CharterForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "process",
            "department",
            "problem_statement",
            "aim_what",
            "aim_direction",
            "aim_baseline",
            "aim_target",
            "aim_unit",
            "aim_by",
            "scope_first_step",
            "scope_last_step",
            "why_patients",
            "why_staff",
            "why_cost",
            "origin",
            "origin_detail",
            "co_leads",
            "sponsor",
            "coach",
        ]
        widgets = {
            "problem_statement": TEXTAREA,
            "why_patients": forms.Textarea(attrs={"rows": 2}),
            "why_staff": forms.Textarea(attrs={"rows": 2}),
            "why_cost": forms.Textarea(attrs={"rows": 2}),
            "aim_by": DATE_INPUT,
        }
        field_classes = {
            "co_leads": UserMultipleChoiceField,
            "sponsor": UserChoiceField,
            "coach": UserChoiceField,
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        self.fields["co_leads"].queryset = people_with_role(project.program, Role.RESIDENT).exclude(
            pk=project.lead.user_id
        )
        self.fields["co_leads"].label = "Co-leads"
        self.fields["co_leads"].help_text = (
            "Other residents who lead the project with you. Hold Ctrl (⌘ on a Mac) to choose "
            "several."
        )
        self.fields["co_leads"].widget.attrs["size"] = 4
        self.fields["sponsor"].queryset = people_with_role(project.program, Role.SPONSOR)
        self.fields["sponsor"].help_text = "The senior leader who guides the project."
        self.fields["coach"].queryset = people_with_role(project.program, Role.COACH)
        # The coach is assigned by the program; residents see it on the project page.
        if not (actor.is_program_staff or actor.is_superuser):
            del self.fields["coach"]

    def clean(self):
        data = super().clean()
        baseline, target, direction = (
            data.get("aim_baseline"),
            data.get("aim_target"),
            data.get("aim_direction"),
        )
        if baseline is not None and target is not None and direction:
            if direction == "up" and target <= baseline:
                self.add_error("aim_target", "To increase, the target must be above the baseline.")
            if direction == "down" and target >= baseline:
                self.add_error("aim_target", "To decrease, the target must be below the baseline.")
        return data


class CurrentStateForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "process_description",
            "takt_demand",
            "takt_demand_unit",
            "takt_available_minutes",
        ]
        widgets = {"process_description": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        data = super().clean()
        for name in ("takt_demand", "takt_available_minutes"):
            if data.get(name) is not None and data[name] <= 0:
                self.add_error(name, "Must be more than zero.")
        return data


class EventForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "event_first_day",
            "event_second_day",
            "event_location",
            "event_agenda_day1",
            "event_agenda_day2",
            "target_state",
        ]
        widgets = {
            "event_first_day": DATE_INPUT,
            "event_second_day": DATE_INPUT,
            "event_agenda_day1": forms.Textarea(attrs={"rows": 5}),
            "event_agenda_day2": forms.Textarea(attrs={"rows": 5}),
            "target_state": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "event_first_day": "Two consecutive working days, Monday to Friday.",
        }

    def clean(self):
        data = super().clean()
        problem = event_days_problem(data.get("event_first_day"), data.get("event_second_day"))
        if problem:
            self.add_error("event_second_day", problem)
        return data


class ResultsForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["results_what_changed", "results_balancing", "results_lessons", "results_spread"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        help_texts = {
            "results_what_changed": "What is different now, and the effect on the measures.",
            "results_balancing": "What might have got worse elsewhere, and whether it did.",
            "results_spread": "Where the change could go next, and who will take it there.",
        }


class ReportOutForm(forms.Form):
    summary = forms.CharField(widget=TEXTAREA)
    before = forms.CharField(widget=TEXTAREA, help_text="How the process worked before.")
    after = forms.CharField(widget=TEXTAREA, help_text="How it works after the event.")
    next_steps = forms.CharField(label="Next steps", widget=TEXTAREA)
    file = forms.FileField(
        label="Slides or handout",
        required=False,
        validators=[attachment_validator],
        help_text=FILE_HELP,
    )


class ProgressForm(forms.Form):
    score = forms.TypedChoiceField(
        label="IHI progress score", choices=PROGRESS_CHOICES, coerce=Decimal
    )
    note = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you override the suggested score.",
    )

    def __init__(self, *args, suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion

    def clean(self):
        data = super().clean()
        score = data.get("score")
        if (
            score is not None
            and score != self.suggestion.score
            and not data.get("note", "").strip()
        ):
            self.add_error(
                "note",
                f"Say why you chose {score} rather than the suggested {self.suggestion.score}.",
            )
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason.")
        return reason


class MoveBackForm(ReasonForm):
    to = forms.ChoiceField(label="Move back to")

    field_order = ["to", "reason"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, Stage(s).label) for s in project.earlier_stages()]


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Add a comment", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("Write a comment first.")
        return body


class AbstractDraftForm(forms.ModelForm):
    class Meta:
        model = AbstractDraft
        fields = ["title", "background", "aim", "methods", "results", "conclusions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tall enough to show each section whole, so nobody edits text they cannot see.
        for name in AbstractDraft.SECTIONS:
            text = self[name].value() or ""
            self.fields[name].widget.attrs["rows"] = max(3, min(16, len(text) // 85 + 2))


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    stage = forms.ChoiceField(required=False, choices=[("", "Any")] + Stage.choices)
    entry_year = forms.TypedChoiceField(label="Class", coerce=int, required=False, empty_value=None)
    coach = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Any")
    sponsor = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label="Any"
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        years = sorted(
            {
                d.year if d.month >= 7 else d.year - 1
                for d in projects.values_list("lead__residency_start", flat=True).distinct()
            },
            reverse=True,
        )
        self.fields["entry_year"].choices = [("", "Any")] + [(y, f"Entered {y}") for y in years]
        self.fields["coach"].queryset = User.objects.filter(
            pk__in=projects.values("coach")
        ).order_by("full_name")
        self.fields["sponsor"].queryset = User.objects.filter(
            pk__in=projects.values("sponsor")
        ).order_by("full_name")
        for name in ("coach", "sponsor"):
            self.fields[name].label_from_instance = lambda u: u.display_name

    def filter(self, projects):
        if not self.is_valid():
            return projects
        data = self.cleaned_data
        for word in (data.get("q") or "").split():
            projects = projects.filter(
                Q(title__icontains=word)
                | Q(process__icontains=word)
                | Q(department__icontains=word)
                | Q(lead__user__full_name__icontains=word)
            )
        if data.get("stage"):
            projects = projects.filter(stage=data["stage"])
        if data.get("entry_year"):
            first, last = academic_year_bounds(data["entry_year"])
            projects = projects.filter(lead__residency_start__range=(first, last))
        if data.get("coach"):
            projects = projects.filter(coach=data["coach"])
        if data.get("sponsor"):
            projects = projects.filter(sponsor=data["sponsor"])
        return projects


# --- Parts of the record -------------------------------------------------------------------


class PartForm(forms.ModelForm):
    """A form for one row of a project's record; knows its project for choices and checks."""

    def __init__(self, *args, project, **kwargs):
        self.project = project
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE_INPUT
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is User:
                field.queryset = program_users(project.program)
                field.label_from_instance = lambda u: u.display_name
            if isinstance(field.widget, forms.Textarea):
                # Django's default of 10 rows makes short notes look like essays.
                field.widget.attrs["rows"] = 3


class OwnerMixin:
    """An owner is an app user or an outside person by name, not both and not neither."""

    owner_required = False

    def clean(self):
        data = super().clean()
        if data.get("owner") and data.get("owner_name", "").strip():
            self.add_error(
                "owner_name", "Choose a person with an account or type a name, not both."
            )
        elif (
            self.owner_required and not data.get("owner") and not data.get("owner_name", "").strip()
        ):
            self.add_error("owner", "Give an owner: choose a person or type a name.")
        return data


class ProcessStepForm(PartForm):
    class Meta:
        model = ProcessStep
        fields = ["position", "description", "performed_by", "minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Leave empty to add at the end."

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes is not None and minutes < 0:
            raise forms.ValidationError("Time cannot be negative.")
        return minutes


class WasteObservationForm(PartForm):
    class Meta:
        model = WasteObservation
        fields = ["waste", "where", "what", "observed_on", "estimated_impact"]


class TimeObservationForm(PartForm):
    times = forms.CharField(
        label="Observed cycle times (minutes)",
        help_text="Several observations, separated by commas or spaces, e.g. 12, 15, 9.5, 14",
    )

    class Meta:
        model = TimeObservation
        fields = ["step", "observed_on", "times", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["times"] = ", ".join(str(t) for t in self.instance.cycle_times)

    def clean_times(self):
        values = parse_minutes(self.cleaned_data["times"])
        if len(values) < 2:
            raise forms.ValidationError("Give at least two observed times.")
        return values

    def save(self, commit=True):
        self.instance.cycle_times = [str(v) for v in self.cleaned_data["times"]]
        return super().save(commit)


class WhyStepForm(PartForm):
    class Meta:
        model = WhyStep
        fields = ["position", "why", "because"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Leave empty to add at the end of the chain."


class CauseForm(PartForm):
    class Meta:
        model = Cause
        fields = ["category", "text"]


class TeamMemberForm(PartForm):
    class Meta:
        model = TeamMember
        fields = ["user", "name", "role", "on_event_team"]
        labels = {"user": "Person with an account", "name": "Or name (outside the app)"}

    def clean(self):
        data = super().clean()
        user, name = data.get("user"), data.get("name", "").strip()
        if user and name:
            self.add_error("name", "Choose a person with an account or type a name, not both.")
        elif not user and not name:
            self.add_error("user", "Choose a person with an account, or type a name below.")
        if user:
            clash = self.project.team_members.filter(user=user).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("user", f"{user.display_name} is already on the team.")
            if user.pk == self.project.lead.user_id:
                self.add_error("user", "The lead is on the team already, as its leader.")
        return data


class IdeaForm(OwnerMixin, PartForm):
    class Meta:
        model = Idea
        fields = [
            "idea",
            "waste",
            "expected_effect",
            "owner",
            "owner_name",
            "decision",
            "rejected_reason",
        ]


class TestOfChangeForm(PartForm):
    __test__ = False  # not a pytest test class, despite the name

    class Meta:
        model = TestOfChange
        fields = [
            "title",
            "ideas",
            "plan_what",
            "plan_who",
            "plan_when",
            "plan_where",
            "prediction",
            "what_happened",
            "learned",
            "act",
        ]
        widgets = {"ideas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ideas"].queryset = self.project.ideas.all()


class ActionItemForm(OwnerMixin, PartForm):
    owner_required = True

    class Meta:
        model = ActionItem
        fields = ["what", "owner", "owner_name", "due_on", "status", "notes"]


class StandardWorkForm(PartForm):
    file = forms.FileField(
        label="Document", required=False, validators=[attachment_validator], help_text=FILE_HELP
    )

    class Meta:
        model = StandardWorkDoc
        fields = ["title", "version", "adopted_on"]


class FollowUpForm(PartForm):
    class Meta:
        model = FollowUp
        fields = ["due_on", "held_on", "measures_reviewed", "sustained", "actions_agreed"]
        help_texts = {"due_on": "Computed from the event's last day; change it if you need to."}

    def clean(self):
        data = super().clean()
        if data.get("sustained") and not data.get("held_on"):
            self.add_error("held_on", "Give the date the follow-up was held.")
        return data


class MeasureForm(PartForm):
    class Meta:
        model = Measure
        fields = ["name", "kind", "unit", "direction", "effect_summary"]


class DataPointForm(PartForm):
    class Meta:
        model = DataPoint
        fields = [
            "measure",
            "period",
            "value",
            "numerator",
            "denominator",
            "phase",
            "excluded",
            "excluded_reason",
        ]
        help_texts = {
            "value": "Or give a numerator and a denominator for a proportion.",
            "phase": "Baseline: before the two-day event. Post-event: after it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = self.project.measures.all()
        self.fields["phase"].required = False
        self.fields["phase"].help_text += " Leave empty to take it from the event's dates."

    def clean(self):
        data = super().clean()
        if not data.get("phase") and data.get("period"):
            data["phase"] = DataPoint.phase_for(self.project, data["period"])
            self.instance.phase = data["phase"]
        return data


class PresentationForm(PartForm):
    class Meta:
        model = Presentation
        fields = ["title", "venue", "presented_on", "audience", "format"]


class AbstractSubmissionForm(PartForm):
    class Meta:
        model = AbstractSubmission
        fields = ["title", "conference", "deadline", "submitted_on", "status"]


class PublicationForm(PartForm):
    class Meta:
        model = Publication
        fields = ["journal", "citation", "doi", "pmid", "published_on"]
        help_texts = {
            "doi": "e.g. 10.1136/bmjoq-2023-002345 (a doi.org link is fine too).",
            "pmid": "PubMed ID, digits only.",
        }

    def clean_doi(self):
        return normalize_doi(self.cleaned_data.get("doi", ""))

    def clean_pmid(self):
        return self.cleaned_data.get("pmid", "").strip()


class AttachmentForm(PartForm):
    upload = forms.FileField(
        label="File",
        validators=[attachment_validator],
        help_text=f"{attachment_validator.describe()}; the type is checked from the content.",
    )

    class Meta:
        model = Attachment
        fields = ["section", "kind", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the file name."
        if self.instance.pk:
            del self.fields["upload"]
        else:
            section = self.initial.get("section")
            if section not in Section.values:
                self.initial["section"] = Section.CURRENT_STATE
