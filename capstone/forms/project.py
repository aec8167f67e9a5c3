"""Forms for the project as a whole: starting it, its sections, its stage, the progress score,
the discussion, the abstract draft and the project list's filters."""

from decimal import Decimal

from django import forms
from django.db.models import Q

from capstone.forms.common import (
    FILE_HELP,
    TEXTAREA,
    UserMultipleChoiceField,
    people_with_role,
)
from capstone.models import (
    PROGRESS_CHOICES,
    AbstractDraft,
    Origin,
    Project,
    Stage,
    attachment_validator,
    event_days_problem,
)
from capstone.services import active_capstone_message
from pathway.core.academic import academic_year_bounds
from pathway.core.forms import DATE_INPUT
from pathway.core.search import SearchField
from pathway.models import (
    ClassSession,
    EnrollmentStatus,
    ResidentProfile,
    Role,
    User,
)
from pathway.models.people import IN_PATHWAY, current_coach_assignments


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
        field = "lead" if "lead" in self.fields else None
        if lead is not None and lead.pathway_status not in IN_PATHWAY:
            self.add_error(
                field,
                "A capstone is part of the Leadership in QI Pathway, and "
                f"{lead.user.full_name} is not in the pathway "
                f"({lead.get_pathway_status_display().lower()}).",
            )
        elif lead is not None:
            existing = Project.objects.filter(lead=lead).active().first()
            if existing:
                self.add_error(field, active_capstone_message(lead, existing))
        return data


class CharterForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "process",
            "department",
            "problem_statement",
            *Project.AIM_FIELDS,
            "scope_first_step",
            "scope_last_step",
            "why_patients",
            "why_staff",
            "why_cost",
            "origin",
            "origin_detail",
            "co_leads",
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
        # No sponsor field: a sponsor is set only by an accepted sponsor request; the coach
        # is the resident's coach assignment.

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

    confirm_class_clash = forms.BooleanField(
        label="The event's days overlap a class I am enrolled in, and I will arrange it with "
        "the course",
        required=False,
        help_text="Needed only when the event falls on the day of one of your classes.",
    )

    def class_clashes(self, first, last):
        """The lead's classes on the event's days: sessions of offerings with a seat taken."""
        return (
            ClassSession.objects.filter(
                offering__enrollments__resident=self.instance.lead_id,
                offering__enrollments__status=EnrollmentStatus.ENROLLED,
                starts_at__date__range=(first, last),
            )
            .select_related("offering__course", "course_class")
            .distinct()
        )

    DAYS = ("event_first_day", "event_second_day")

    def clean(self):
        data = super().clean()
        # A day Django could not read has its own error ("Enter a valid date."): checking the
        # pair as well would say a day is missing that the lead did give.
        if any(name in self.errors for name in self.DAYS):
            return data
        first, second = data.get("event_first_day"), data.get("event_second_day")
        problem = event_days_problem(first, second)
        if problem:
            self.add_error("event_second_day", problem)
        elif first and not data.get("confirm_class_clash"):
            # A warning, not a refusal: the resident may have arranged to miss the class.
            clashes = [
                f"{s.offering.course.name}: {s.course_class.title}, {s.date:%-d %b %Y}"
                for s in self.class_clashes(first, second or first)
            ]
            if clashes:
                self.add_error(
                    "confirm_class_clash",
                    "The event's days overlap a class the lead is enrolled in ("
                    + "; ".join(clashes)
                    + "). Tick the box to confirm, or choose other days.",
                )
        return data

    def _post_clean(self):
        unreadable = any(name in self.errors for name in self.DAYS)
        kept = list(self.errors.get("event_second_day", []))
        super()._post_clean()
        if unreadable:
            # Project.clean checks the pair on the instance, where an unreadable day is still
            # the old (empty) one: the same false "missing" as above.
            if kept:
                self.errors["event_second_day"] = self.error_class(kept)
            else:
                self.errors.pop("event_second_day", None)


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
        fields = ["title", "word_limit", "background", "aim", "methods", "results", "conclusions"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["word_limit"].label = "Word limit"
        self.fields["word_limit"].required = False  # left empty: the usual 300
        self.fields["word_limit"].widget.attrs["data-word-limit"] = ""
        # Tall enough to show each section whole, so nobody edits text they cannot see.
        for name in AbstractDraft.SECTIONS:
            text = self[name].value() or ""
            self.fields[name].widget.attrs["rows"] = max(3, min(16, len(text) // 85 + 2))

    def clean_word_limit(self):
        return (
            self.cleaned_data["word_limit"] or AbstractDraft._meta.get_field("word_limit").default
        )


class ProjectFilterForm(forms.Form):
    q = SearchField()
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
        # The leads' current coaches: the project's coach is always its lead's.
        self.fields["coach"].queryset = User.objects.filter(
            pk__in=current_coach_assignments()
            .filter(resident__in=projects.values("lead"))
            .values("coach")
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
            projects = projects.filter(lead__in=ResidentProfile.objects.coached_by(data["coach"]))
        if data.get("sponsor"):
            projects = projects.filter(sponsor=data["sponsor"])
        return projects
