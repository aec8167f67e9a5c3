"""What the capstone forms share: people limited to the project's program, short text boxes,
the upload rule's help text."""

from django import forms

from capstone.models import attachment_validator
from pathway.models import ROLE_PROFILES, User

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
