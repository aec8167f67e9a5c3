"""Forms for the course catalog, offerings, sessions, enrollment, attendance and homework."""

from datetime import datetime

from django import forms
from django.utils import timezone

from pathway.core.dates import short_date
from pathway.core.forms import DATE_INPUT
from pathway.core.limits import LONG_TEXT
from pathway.core.uploads import UploadValidator
from pathway.models import (
    AttendanceStatus,
    ClassSession,
    Course,
    CourseClass,
    CourseKind,
    Delivery,
    HomeworkAssignment,
    Offering,
    PathwayStatus,
    Program,
    ResidentProfile,
    ReviewDecision,
    User,
)
from pathway.models.courses import HOMEWORK_MAX_BYTES, HOMEWORK_UPLOAD_KINDS

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
HOMEWORK_UPLOAD = UploadValidator(HOMEWORK_UPLOAD_KINDS, HOMEWORK_MAX_BYTES)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["name", "kind", "summary", "position", "is_active"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, program, **kwargs):
        """`program` None: a site administrator adding a course chooses the program."""
        super().__init__(*args, **kwargs)
        self.program = program
        if program is None:
            self.fields["program"] = forms.ModelChoiceField(queryset=Program.objects.all())

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean(self):
        data = super().clean()
        program = self.program or data.get("program")
        name, kind = data.get("name"), data.get("kind")
        if program is None:
            return data
        others = Course.objects.filter(program=program)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if name and others.filter(name__iexact=name).exists():
            self.add_error("name", "The catalog already has a course with this name.")
        kind_changed = kind and self.instance.pk and kind != self.instance.kind
        if kind_changed and self.instance.completions.exists():
            self.add_error(
                "kind",
                "Residents have completed this course, so its kind (which records their "
                "completion dates) cannot change.",
            )
        if kind and kind != CourseKind.OTHER:
            clash = others.filter(kind=kind).first()
            if clash is not None:
                self.add_error(
                    "kind",
                    f"The catalog already has its {CourseKind(kind).label} course "
                    f"(“{clash.name}”); a program has one.",
                )
        return data

    def save(self, commit=True):
        self.instance.program = self.program or self.cleaned_data["program"]
        return super().save(commit)


class CourseClassForm(forms.ModelForm):
    has_homework = forms.BooleanField(label="This class sets homework", required=False)
    homework_title = forms.CharField(label="Homework title", max_length=200, required=False)
    homework_instructions = forms.CharField(
        label="Homework instructions",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=LONG_TEXT,
    )
    homework_required = forms.BooleanField(
        label="Homework must be accepted to complete the course", required=False, initial=True
    )

    class Meta:
        model = CourseClass
        fields = ["title", "description", "position", "is_required"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        assignment = (
            HomeworkAssignment.objects.filter(course_class=self.instance).first()
            if self.instance.pk
            else None
        )
        if assignment is not None and not self.is_bound:
            self.initial.update(
                has_homework=True,
                homework_title=assignment.title,
                homework_instructions=assignment.instructions,
                homework_required=assignment.is_required,
            )

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        clash = CourseClass.objects.filter(course=self.course, title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("This course already has a class with this title.")
        return title

    def clean(self):
        data = super().clean()
        if data.get("has_homework"):
            for name in ("homework_title", "homework_instructions"):
                if not (data.get(name) or "").strip():
                    self.add_error(name, "Required when the class sets homework.")
        return data

    def homework(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("has_homework"):
            return None
        return {
            "title": data["homework_title"].strip(),
            "instructions": data["homework_instructions"].strip(),
            "is_required": data["homework_required"],
        }

    def instance_for_save(self):
        course_class = self.save(commit=False)
        course_class.course = self.course
        return course_class


def instructor_choices(program):
    """Anyone on the program's staff may teach: KPO coaches, directors, sponsors, coordinators."""
    return User.objects.filter(program=program, is_active=True, resident_profile__isnull=True)


class OfferingForm(forms.ModelForm):
    meeting_link = forms.URLField(
        assume_scheme="https", required=False, help_text="For remote classes."
    )

    class Meta:
        model = Offering
        fields = [
            "title",
            "starts_on",
            "ends_on",
            "delivery",
            "meeting_link",
            "location",
            "capacity",
            "instructor",
            "notes",
        ]
        widgets = {
            "starts_on": DATE_INPUT,
            "ends_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        self.fields["instructor"].queryset = instructor_choices(course.program_id)
        self.fields["capacity"].widget.attrs["min"] = 1
        if not self.instance.pk and course.kind == CourseKind.LEADING_AT_VM:
            self.initial.setdefault("delivery", Delivery.IN_PERSON)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        clash = Offering.objects.filter(course=self.course, title__iexact=title)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("This course already has an offering with this title.")
        return title

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError("An offering needs at least one seat.")
        return capacity

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day cannot be before the first.")
        if data.get("delivery") == Delivery.REMOTE and not data.get("meeting_link"):
            self.add_error("meeting_link", "Remote classes need a meeting link.")
        if data.get("delivery") == Delivery.IN_PERSON and not (data.get("location") or "").strip():
            self.add_error("location", "In-person classes need a location.")
        return data

    def instance_for_save(self):
        offering = self.save(commit=False)
        offering.course = self.course
        return offering


class ClassSessionForm(forms.ModelForm):
    date = forms.DateField(widget=DATE_INPUT)
    start = forms.TimeField(label="Starts", widget=TIME_INPUT)
    end = forms.TimeField(label="Ends", widget=TIME_INPUT)

    class Meta:
        model = ClassSession
        fields = ["course_class"]

    def __init__(self, *args, offering, **kwargs):
        super().__init__(*args, **kwargs)
        self.offering = offering
        self.fields["course_class"].queryset = CourseClass.objects.filter(course=offering.course_id)
        self.fields["course_class"].label = "Class"
        if self.instance.pk and not self.is_bound:
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update(date=starts.date(), start=starts.time(), end=ends.time())

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and not (self.offering.starts_on <= day <= self.offering.ends_on):
            self.add_error(
                "date",
                f"The offering runs {short_date(self.offering.starts_on)} to "
                f"{short_date(self.offering.ends_on)}; "
                "pick a day in that range or change its dates.",
            )
        if start and end and end <= start:
            self.add_error("end", "A session must end after it starts.")
        return data

    def instance_for_save(self):
        session = self.save(commit=False)
        session.offering = self.offering
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        session.starts_at = timezone.make_aware(datetime.combine(data["date"], data["start"]), tz)
        session.ends_at = timezone.make_aware(datetime.combine(data["date"], data["end"]), tz)
        return session


def bulk_enrollment_candidates(offering):
    """Active pathway residents of the offering's program, for the coordinator to choose from."""
    return (
        ResidentProfile.objects.filter(
            user__program=offering.course.program_id,
            user__is_active=True,
            pathway_status=PathwayStatus.ACTIVE,
        )
        .select_related("user")
        .order_by("-residency_start", "user__full_name")
    )


class BulkEnrollForm(forms.Form):
    residents = forms.ModelMultipleChoiceField(
        queryset=ResidentProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose at least one resident."},
    )

    def __init__(self, *args, offering, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residents"].queryset = bulk_enrollment_candidates(offering)
        # Coordinators may enroll anyone, but should see who has not had the prerequisite.
        needs_vmps = offering.course.kind == CourseKind.LEADING_AT_VM

        def label(resident):
            text = (
                f"{resident.user.full_name} ({resident.pgy_label}, class of {resident.entry_year})"
            )
            if needs_vmps and not resident.vmps_for_leaders_completed_on:
                text += " · VMPS for Leaders not completed"
            return text

        self.fields["residents"].label_from_instance = label


MARK_CHOICES = [("", "Not recorded")] + AttendanceStatus.choices


class AttendanceForm(forms.Form):
    """One present / absent / excused choice per enrolled resident."""

    def __init__(self, *args, enrollments, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for enrollment in enrollments:
            resident = enrollment.resident
            name = f"resident_{resident.pk}"
            mark = marks.get(resident.pk)
            self.fields[name] = forms.ChoiceField(
                label=resident.user.full_name,
                choices=MARK_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial=mark.status if mark else "",
            )
            self.rows.append((resident, name, mark))

    def bound_rows(self):
        return [(resident, self[name], mark) for resident, name, mark in self.rows]

    def marks(self, *, rest_present=False) -> dict:
        """The marks chosen; with rest_present ("Mark the rest present"), everyone left
        unmarked is present, and the marks chosen on the form are kept."""
        fill = AttendanceStatus.PRESENT if rest_present else ""
        return {resident: self.cleaned_data[name] or fill for resident, name, _ in self.rows}


class MakeUpForm(forms.Form):
    made_up_on = forms.DateField(label="Made up on", widget=DATE_INPUT)
    note = forms.CharField(
        label="How", max_length=300, required=False, help_text="E.g. attended the March offering."
    )


class HomeworkSubmitForm(forms.Form):
    text = forms.CharField(
        label="Your work",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What you did, where, what you found, and what you would do next.",
        max_length=LONG_TEXT,
    )
    file = forms.FileField(
        label="Attachment (optional)",
        required=False,
        validators=[HOMEWORK_UPLOAD],
        help_text=f"{HOMEWORK_UPLOAD.describe()}.",
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < 20:
            raise forms.ValidationError(
                "Write at least a couple of sentences about your work (20 characters or more)."
            )
        return text


class HomeworkReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=ReviewDecision.choices, widget=forms.RadioSelect)
    comments = forms.CharField(
        label="Feedback for the resident",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="Required when you ask for a revision: say what to change.",
        max_length=LONG_TEXT,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == ReviewDecision.REVISION_REQUESTED
            and not (data.get("comments") or "").strip()
        ):
            self.add_error("comments", "Say what to revise, so the resident knows what to change.")
        return data
