"""Forms for a measure's data: pasting a spreadsheet column, uploading a CSV or XLSX file,
a note on the chart, and the chart's options (run or control, which rules)."""

from django import forms

from capstone.imports import DATE_FORMAT_CHOICES, MAX_PASTE_CHARS
from capstone.models import ChartMode, ChartSettings, MeasureAnnotation, RuleSet
from pathway.core.forms import DATE_INPUT
from pathway.core.uploads import UploadValidator

DATA_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
data_upload_validator = UploadValidator(["csv", "xlsx"], DATA_UPLOAD_MAX_BYTES)

DATE_FORMAT_HELP = "How the dates are written. Dates from an Excel date cell are read as they are."


class PasteForm(forms.Form):
    text = forms.CharField(
        label="Paste the data",
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace", "spellcheck": "false"}),
        help_text="One point a line. Copy one column (values), two columns (date and value) "
        "or three (date, numerator, denominator) from a spreadsheet and paste them here.",
        max_length=MAX_PASTE_CHARS,
    )
    date_format = forms.ChoiceField(
        choices=DATE_FORMAT_CHOICES, initial="iso", help_text=DATE_FORMAT_HELP
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text=f"{data_upload_validator.describe()}; the type is checked from the content.",
        validators=[data_upload_validator],
    )
    date_format = forms.ChoiceField(
        choices=DATE_FORMAT_CHOICES, initial="iso", help_text=DATE_FORMAT_HELP
    )


class AnnotationForm(forms.ModelForm):
    class Meta:
        model = MeasureAnnotation
        fields = ["on", "text"]
        widgets = {"on": DATE_INPUT}
        labels = {"text": "Note"}
        help_texts = {"text": 'e.g. "New discharge checklist" — shown on the chart at that date.'}


class ChartOptionsForm(forms.Form):
    """GET parameters of the chart page; anything invalid falls back to the measure's own."""

    mode = forms.ChoiceField(choices=ChartMode.choices, required=False, label="Chart")
    rules = forms.ChoiceField(choices=RuleSet.choices, required=False, label="Signal rules")


class ChartSettingsForm(forms.ModelForm):
    class Meta:
        model = ChartSettings
        fields = ["rules", "follow_up_window_days"]
        widgets = {"rules": forms.RadioSelect}
        help_texts = {
            "rules": "Used by every chart in the program; anyone can still compare the others "
            "on a chart's page."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a post, the window stays as it is.
        self.fields["follow_up_window_days"].required = False
