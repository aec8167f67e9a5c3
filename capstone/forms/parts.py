"""Forms for one row of a project's record (a step, a waste, an idea, an action, a measure, …).
Each knows its project, so that choices stay inside it and its program."""

import re
from decimal import Decimal, InvalidOperation
from functools import cached_property

from django import forms

from capstone.chooser import GUIDANCE, fit_warnings
from capstone.forms.common import FILE_HELP, program_users
from capstone.imports import MAX_POINTS_PER_MEASURE
from capstone.models import (
    AbstractSubmission,
    ActionItem,
    Attachment,
    Cause,
    DataPoint,
    DataType,
    FollowUp,
    Idea,
    MapState,
    Measure,
    Presentation,
    ProcessStep,
    Publication,
    Section,
    StandardWorkDoc,
    TeamMember,
    TestOfChange,
    TimeObservation,
    WasteObservation,
    WhyStep,
    attachment_validator,
    normalize_doi,
    parse_minutes,
)
from capstone.models.measures import ControlChart, observations_problem, subgroup_mean
from pathway.core.forms import DATE_INPUT
from pathway.models import User


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
        fields = ["position", "description", "performed_by", "minutes", "value_added", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        self.fields["position"].help_text = "Leave empty to add at the end."
        # Older links and scripts post no map: a step is part of today's process by default.
        self.fields["state"].required = False

    def clean_state(self):
        return self.cleaned_data.get("state") or MapState.CURRENT

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
        label="Observed times (minutes)",
        help_text="Several observations, separated by commas or spaces, e.g. 12, 15, 9.5, 14",
    )

    class Meta:
        model = TimeObservation
        fields = ["step", "kind", "observed_on", "times", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["times"] = ", ".join(str(t) for t in self.instance.cycle_times)
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or TimeObservation.Kind.CYCLE

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
        fields = [
            "name",
            "kind",
            "operational_definition",
            "data_type",
            "control_chart",
            "unit",
            *Measure.PLAN_FIELDS,
            "effect_summary",
        ]
        help_texts = {
            "chart_mode": "A control chart follows the data type; a run chart uses the median.",
            "control_chart": "The guide “Which chart suits the data?” on this page says "
            "which chart suits which data.",
        }

    guidance = GUIDANCE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["control_chart"].choices = [
            ("", "The usual chart for the data type"),
            *ControlChart.choices,
        ]

    def clean(self):
        data = super().clean()
        chosen, data_type = data.get("control_chart"), data.get("data_type")
        if chosen and data_type and chosen not in DataType(data_type).control_charts:
            names = dict(ControlChart.choices)
            suits = ", ".join(names[c].split(" (")[0] for c in DataType(data_type).control_charts)
            self.add_error(
                "control_chart",
                f"The {names[chosen].split(' (')[0]} does not suit "
                f"{DataType(data_type).label.split(' —')[0].lower()}: choose {suits}, or "
                "leave it empty.",
            )
        return data

    @cached_property
    def fit_warnings(self):
        """Warnings about the saved measure's chart on its saved data (none for a new one)."""
        if self.instance.pk is None:
            return []
        return fit_warnings(self.instance.chart())


class DataPointForm(PartForm):
    measurements = forms.CharField(
        required=False,
        max_length=2000,
        label="Measurements (subgroup)",
        help_text="For a subgroup measure: this period's measurements, separated by commas or "
        "spaces (e.g. 42, 38.5, 51). The value is their mean.",
    )

    class Meta:
        model = DataPoint
        fields = [
            "measure",
            "period",
            "sequence",
            "value",
            "measurements",
            "numerator",
            "denominator",
            "phase",
            "note",
            "excluded",
            "excluded_reason",
        ]
        help_texts = {
            "value": "Or give a numerator and a denominator for a proportion or a rate.",
            "phase": "Baseline: before the two-day event. Post-event: after it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.observations:
            self.initial["measurements"] = ", ".join(f"{v:g}" for v in self.instance.observations)
        self.fields["measure"].queryset = self.project.measures.all()
        if not self.project.measures.filter(data_type=DataType.SUBGROUP).exists():
            del self.fields["measurements"]  # only subgroup measures take measurements
        self.fields["phase"].required = False
        self.fields[
            "phase"
        ].help_text += " Leave empty to take it from the event's dates; a phase you choose is kept."

    def clean(self):
        data = super().clean()
        measure = data.get("measure")
        kind = None if measure is None else DataType(measure.data_type)
        if kind == DataType.SUBGROUP:
            self._clean_measurements(measure, data)
        elif kind == DataType.EVENT_DATES:
            self.instance.observations = None
            if data.get("period") is None:
                self.add_error("period", f"{measure} records events: give the event's date.")
            data["value"] = self.instance.value = Decimal(1)
        elif kind is not None:
            self.instance.observations = None
            value = data.get("value")
            if kind == DataType.BETWEEN and value is not None and (value < 0 or value % 1):
                self.add_error(
                    "value", "The number of cases between events must be a whole number."
                )
            needs_fraction = kind.uses_fraction
            if needs_fraction and (data.get("numerator") is None or not data.get("denominator")):
                self.add_error(
                    "numerator",
                    f"{measure} is a {measure.get_data_type_display().split(' —')[0].lower()}: "
                    "give a numerator and a denominator.",
                )
            if not needs_fraction and data.get("value") is None:
                self.add_error("value", f"Give the value for {measure}.")
            if self.instance.pk is None and measure.data_points.count() >= MAX_POINTS_PER_MEASURE:
                self.add_error(
                    "measure",
                    f"{measure} already has {MAX_POINTS_PER_MEASURE} points, the most a measure "
                    "holds. Start a new measure for a new period.",
                )
        if data.get("phase"):
            computed = DataPoint.phase_for(self.project, data.get("period"))
            self.instance.phase_overridden = data["phase"] != computed
        else:
            data["phase"] = DataPoint.phase_for(self.project, data.get("period"))
            self.instance.phase = data["phase"]
            self.instance.phase_overridden = False
        return data

    def _clean_measurements(self, measure, data):
        text = data.get("measurements", "")
        cells = [c for c in re.split(r"[\s,;]+", text.strip()) if c]
        if not cells:
            self.add_error(
                "measurements", f"{measure} is a subgroup measure: give the measurements."
            )
            return
        try:
            numbers = [float(Decimal(c)) for c in cells]
        except InvalidOperation:
            self.add_error("measurements", "Give numbers only, separated by commas or spaces.")
            return
        problem = observations_problem(numbers)
        if problem:
            self.add_error("measurements", problem)
            return
        self.instance.observations = numbers
        data["value"] = self.instance.value = subgroup_mean(numbers)


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
