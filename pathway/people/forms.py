import logging

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string

from pathway.core.emails import TEXT_ENGINE
from pathway.core.forms import DATE_INPUT
from pathway.core.search import SearchField
from pathway.core.uploads import UploadValidator
from pathway.models import ROLE_PROFILES, PathwayStatus, Program, Role, Track, User
from pathway.people.roster import MAX_ROSTER_BYTES
from pathway.people.services import (
    RESIDENT_FIELDS,
    PersonData,
    PersonError,
    person_roles_check,
)

logger = logging.getLogger(__name__)


class InvitedUserPasswordResetForm(PasswordResetForm):
    """Also reaches people who were added by a coordinator and have not set a password yet."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email.strip(), is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """As Django's, but the subject and the plain text are not HTML-escaped."""
        subject = "".join(
            render_to_string(subject_template_name, context, using=TEXT_ENGINE).splitlines()
        )
        body = render_to_string(email_template_name, context, using=TEXT_ENGINE)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(
                render_to_string(html_email_template_name, context), "text/html"
            )
        try:
            message.send()
        except Exception:
            # As Django's: the page must not tell whether an address has an account.
            logger.exception("Failed to send password reset email to %s", context["user"].pk)


class PersonForm(forms.Form):
    full_name = forms.CharField(max_length=200)
    preferred_name = forms.CharField(max_length=100, required=False)
    email = forms.EmailField()
    title = forms.CharField(
        label="Job title", max_length=200, required=False, help_text="For staff, e.g. CMO."
    )
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, help_text="One or more."
    )
    program = forms.ModelChoiceField(queryset=Program.objects.all(), required=False)

    # Resident
    track = forms.ChoiceField(choices=Track.choices, required=False)
    residency_start = forms.DateField(required=False, widget=DATE_INPUT)
    expected_graduation = forms.DateField(required=False, widget=DATE_INPUT)
    pgy_override = forms.IntegerField(
        label="PGY override",
        min_value=1,
        max_value=7,
        required=False,
        help_text="Only for extensions or leave. Leave empty to follow the academic year.",
    )
    pgy_override_reason = forms.CharField(
        label="Reason for the PGY override", max_length=200, required=False
    )
    pathway_status = forms.ChoiceField(
        choices=PathwayStatus.choices, required=False, initial=PathwayStatus.NOT_ENROLLED
    )
    areas_of_interest = forms.CharField(
        required=False, help_text="Separate with commas, e.g. patient safety, ambulatory care."
    )
    # KPO coach
    specialty = forms.CharField(max_length=200, required=False)
    caseload_capacity = forms.IntegerField(min_value=0, max_value=100, required=False, initial=8)
    # Sponsor
    department = forms.CharField(max_length=200, required=False)
    # Director
    is_associate = forms.BooleanField(label="Associate program director", required=False)

    def __init__(self, *args, actor, person=None, **kwargs):
        self.actor = actor
        self.person = person
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(person)
        super().__init__(*args, **kwargs)
        # Program staff add people to their own program; only site administrators choose.
        if not actor.is_superuser or person is not None:
            del self.fields["program"]
        else:
            self.fields["program"].required = True
        administrator = person is not None and (person.is_superuser or person.is_staff)
        if administrator and not actor.is_superuser:
            # A coordinator who set an administrator's email could reset its password.
            for name in ("email", "roles"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Only a site administrator changes this."
        if person is not None and person.pk == actor.pk:
            self.fields["roles"].disabled = True
            self.fields["roles"].help_text = "You cannot change your own roles."
        if person is not None:
            self.fields["email"].help_text = (
                "A new address takes effect once the person confirms it from the link emailed "
                "to it; the old address is told."
            )

    @staticmethod
    def initial_for(person):
        initial = {
            "full_name": person.full_name,
            "preferred_name": person.preferred_name,
            "email": person.email,
            "title": person.title,
            "roles": [role.value for role in person.roles],
        }
        if Role.RESIDENT in person.roles:
            profile = person.resident_profile
            initial.update({name: getattr(profile, name) for name in RESIDENT_FIELDS})
            initial["areas_of_interest"] = ", ".join(
                a.name for a in profile.areas_of_interest.all()
            )
        if Role.COACH in person.roles:
            initial["specialty"] = person.coach_profile.specialty
            initial["caseload_capacity"] = person.coach_profile.caseload_capacity
        if Role.SPONSOR in person.roles:
            initial["department"] = person.sponsor_profile.department
        if Role.DIRECTOR in person.roles:
            initial["is_associate"] = person.director_profile.is_associate
        return initial

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        clash = User.objects.filter(email__iexact=email)
        if self.person is not None:
            clash = clash.exclude(pk=self.person.pk)
        if clash.exists():
            raise forms.ValidationError("Someone already has an account with this email address.")
        return email

    def clean(self):
        data = super().clean()
        roles = set(data.get("roles") or [])
        if Role.RESIDENT in roles:
            for name in ("residency_start", "expected_graduation"):
                if not data.get(name):
                    self.add_error(name, "Required for a resident.")
            start, end = data.get("residency_start"), data.get("expected_graduation")
            if start and end and end <= start:
                self.add_error("expected_graduation", "Must be after the residency start.")
            if data.get("pgy_override") and not data.get("pgy_override_reason"):
                self.add_error("pgy_override_reason", "Say why the PGY level is overridden.")
        if not self.fields["roles"].disabled and "roles" in data:
            try:
                person_roles_check(
                    actor=self.actor, user=self.person, roles={Role(r) for r in roles}
                )
            except PersonError as error:
                self.add_error("roles", str(error))
        if (
            self.person is not None
            and Role.RESIDENT in self.person.roles
            and Role.RESIDENT not in roles
        ):
            self.add_error(
                "roles",
                "The resident role holds the pathway record and cannot be removed. "
                "Deactivate the person instead.",
            )
        return data

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        roles = {Role(r) for r in data["roles"]}
        profile = {}
        if Role.RESIDENT in roles:
            profile.update(
                track=data["track"] or Track.CATEGORICAL,
                residency_start=data["residency_start"],
                expected_graduation=data["expected_graduation"],
                pgy_override=data.get("pgy_override"),
                pgy_override_reason=data.get("pgy_override_reason", ""),
                pathway_status=data["pathway_status"] or PathwayStatus.NOT_ENROLLED,
            )
        if Role.COACH in roles:
            profile["specialty"] = data["specialty"]
            profile["caseload_capacity"] = data["caseload_capacity"] or 0
        if Role.SPONSOR in roles:
            profile["department"] = data["department"]
        if Role.DIRECTOR in roles:
            profile["is_associate"] = data["is_associate"]
        return PersonData(
            email=data["email"],
            full_name=" ".join(data["full_name"].split()),
            preferred_name=data["preferred_name"],
            title=data["title"],
            roles=roles,
            profile=profile,
            areas_of_interest=[a for a in data["areas_of_interest"].split(",") if a.strip()],
        )


class ResidentFilterForm(forms.Form):
    q = SearchField()
    program = forms.ModelChoiceField(queryset=Program.objects.all(), required=False)
    entry_year = forms.TypedChoiceField(label="Class", coerce=int, required=False, empty_value=None)
    pgy = forms.TypedChoiceField(
        label="PGY",
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "Any")] + [(n, f"PGY-{n}") for n in (1, 2, 3)],
    )
    status = forms.ChoiceField(
        label="Pathway status", required=False, choices=[("", "Any")] + PathwayStatus.choices
    )
    track = forms.ChoiceField(required=False, choices=[("", "Any")] + Track.choices)
    active = forms.ChoiceField(
        label="Account",
        required=False,
        choices=[("", "Active"), ("inactive", "Deactivated"), ("all", "All")],
    )

    def __init__(self, *args, actor, years, **kwargs):
        super().__init__(*args, **kwargs)
        if not actor.is_superuser:
            del self.fields["program"]
        self.fields["entry_year"].choices = [("", "Any")] + [(y, f"Entered {y}") for y in years]

    def filter(self, residents):
        # An invalid filter is shown with its error; the list falls back to the defaults.
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("q"):
            for word in data["q"].split():
                residents = residents.filter(
                    Q(user__full_name__icontains=word)
                    | Q(user__preferred_name__icontains=word)
                    | Q(user__email__icontains=word)
                )
        if data.get("program"):
            residents = residents.filter(user__program=data["program"])
        if data.get("entry_year"):
            residents = residents.in_class(data["entry_year"])
        if data.get("pgy"):
            residents = residents.with_pgy(data["pgy"])
        if data.get("status"):
            residents = residents.filter(pathway_status=data["status"])
        if data.get("track"):
            residents = residents.filter(track=data["track"])
        active = data.get("active")
        if active == "inactive":
            residents = residents.filter(user__is_active=False)
        elif active != "all":
            residents = residents.filter(user__is_active=True)
        return residents


class StaffFilterForm(forms.Form):
    q = SearchField()
    program = forms.ModelChoiceField(queryset=Program.objects.all(), required=False)
    role = forms.ChoiceField(
        required=False, choices=[("", "Any")] + [c for c in Role.choices if c[0] != Role.RESIDENT]
    )
    active = ResidentFilterForm.base_fields["active"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if not actor.is_superuser:
            del self.fields["program"]

    def filter(self, staff):
        # An invalid filter is shown with its error; the list falls back to the defaults.
        data = self.cleaned_data if self.is_valid() else {}
        for word in (data.get("q") or "").split():
            staff = staff.filter(Q(full_name__icontains=word) | Q(email__icontains=word))
        if data.get("program"):
            staff = staff.filter(program=data["program"])
        if data.get("role"):
            staff = staff.filter(**{f"{ROLE_PROFILES[Role(data['role'])]}__isnull": False})
        active = data.get("active")
        if active == "inactive":
            staff = staff.filter(is_active=False)
        elif active != "all":
            staff = staff.filter(is_active=True)
        return staff


class RosterImportForm(forms.Form):
    file = forms.FileField(
        label="Roster CSV",
        validators=[UploadValidator(["csv"], MAX_ROSTER_BYTES)],
        help_text="UTF-8 CSV with a header row; at most 1 MB. Columns are listed below.",
    )
    program = forms.ModelChoiceField(queryset=Program.objects.all(), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        if not actor.is_superuser:
            del self.fields["program"]
        else:
            self.fields["program"].required = True
