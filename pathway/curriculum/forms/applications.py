"""Forms for applying to the pathway and for directors' decisions."""

from datetime import date

from django import forms
from django.db.models import Q

from pathway.core.academic import academic_year_start
from pathway.core.limits import LONG_TEXT
from pathway.core.uploads import UploadValidator
from pathway.models import InterestArea, PathwayStatus, ResidentProfile
from pathway.models.applications import CV_MAX_BYTES, CV_UPLOAD_KINDS, LAST_PGY_TO_APPLY

CV_UPLOAD = UploadValidator(CV_UPLOAD_KINDS, CV_MAX_BYTES)


class ApplicationForm(forms.Form):
    statement = forms.CharField(
        label="Statement of interest",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why you want to join the pathway, what you hope to improve, and what you "
        "bring. A few paragraphs.",
        max_length=LONG_TEXT,
    )
    areas_of_interest = forms.CharField(
        label="Areas of interest",
        required=False,
        help_text="Separate with commas, e.g. patient safety, ambulatory care, discharge.",
    )
    cv = forms.FileField(
        label="CV (optional)",
        required=False,
        validators=[CV_UPLOAD],
        help_text=f"{CV_UPLOAD.describe()}.",
    )

    def clean_statement(self):
        statement = self.cleaned_data["statement"].strip()
        if len(statement) < 100:
            raise forms.ValidationError(
                "Your statement is too short: write at least a paragraph (100 characters or more)."
            )
        return statement

    def areas(self) -> list:
        names = {" ".join(n.split()) for n in self.cleaned_data["areas_of_interest"].split(",")}
        areas = []
        for name in sorted(n for n in names if n):
            area = InterestArea.objects.filter(name__iexact=name).first()
            areas.append(area or InterestArea.objects.create(name=name[:80]))
        return areas


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept into the pathway"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note to the resident",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Sent with the decision. Required when declining.",
        max_length=LONG_TEXT,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("note") or "").strip():
            self.add_error("note", "Write a note to the resident saying why it is declined.")
        return data

    @property
    def accept(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


def late_application_candidates(program, today):
    """Residents past PGY-1 who are not in the pathway (program None: every program's)."""
    # Began residency before the class that is in its last year of applying.
    last_class_start = date(academic_year_start(today) - LAST_PGY_TO_APPLY + 1, 7, 1)
    residents = ResidentProfile.objects.filter(
        Q(pgy_override__gt=LAST_PGY_TO_APPLY)
        | Q(pgy_override__isnull=True, residency_start__lt=last_class_start),
        user__is_active=True,
        pathway_status__in=[
            PathwayStatus.NOT_ENROLLED,
            PathwayStatus.WITHDRAWN,
            PathwayStatus.APPLICANT,
        ],
    ).select_related("user")
    if program is not None:
        residents = residents.filter(user__program=program)
    return residents.order_by("user__full_name")


class LateAllowanceForm(forms.Form):
    resident = forms.ModelChoiceField(queryset=ResidentProfile.objects.none())
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this resident may apply after PGY-1 (kept with the application).",
        max_length=LONG_TEXT,
    )

    def __init__(self, *args, program, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = late_application_candidates(program, today)
        self.fields["resident"].label_from_instance = lambda r: (
            f"{r.user.full_name} ({r.pgy_label})"
        )
