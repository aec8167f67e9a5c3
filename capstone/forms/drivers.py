"""The driver diagram's form: a driver's text, its primary driver (none for a primary driver)
and the change ideas that act on it, all chosen from the project."""

from django import forms

from capstone.forms.parts import PartForm
from capstone.models import Driver


class DriverForm(PartForm):
    class Meta:
        model = Driver
        fields = ["text", "parent", "ideas"]
        widgets = {"ideas": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's checks compare the parent's project with this one's.
        self.instance.project = self.project
        primaries = self.project.drivers.filter(parent=None)
        if self.instance.pk:
            primaries = primaries.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = primaries
        self.fields["parent"].empty_label = "None: this is a primary driver"
        self.fields["ideas"].queryset = self.project.ideas.all()
        self.fields[
            "ideas"
        ].help_text = "Ideas are added on the Event tab; tick those that act on this driver."
