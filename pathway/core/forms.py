"""Form pieces every app shares: the one date widget, and the program chooser of site
administrators (who belong to no program)."""

from django import forms

from pathway.models import Program

# Every date field renders as the browser's date picker, in ISO format.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramChoiceForm(forms.Form):
    """Site administrators, who belong to no program, choose which program a page shows."""

    program = forms.ModelChoiceField(queryset=Program.objects.all(), empty_label="Choose a program")
