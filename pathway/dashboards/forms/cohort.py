"""The cohort board's filters. Values come from links and bookmarks, so a bad one is reported
and left out while the valid ones still apply."""

from urllib.parse import urlencode

from django import forms

from capstone.models.choices import Stage
from pathway.dashboards.cohort import (
    CLASSES,
    MILESTONE_FILTERS,
    NO_CAPSTONE,
    NO_COACH,
    BoardFilters,
)
from pathway.models import Track


class CohortFilterForm(forms.Form):
    cohort = forms.ChoiceField(
        label="Class",
        required=False,
        choices=[("", "All classes"), *CLASSES.items()],
    )
    track = forms.ChoiceField(
        required=False,
        choices=[("", "Both tracks"), *Track.choices],
    )
    coach = forms.ChoiceField(label="KPO coach", required=False)
    stage = forms.ChoiceField(
        label="Capstone stage",
        required=False,
        choices=[("", "Any stage"), *Stage.choices, (NO_CAPSTONE, "No capstone yet")],
    )
    milestones = forms.ChoiceField(
        required=False,
        choices=[("", "Any"), *MILESTONE_FILTERS.items()],
    )

    def __init__(self, *args, coaches, **kwargs):
        """`coaches`: (user id, name) of the coaches on the board."""
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [
            ("", "Any coach"),
            *((str(pk), name) for pk, name in coaches),
            (NO_COACH, "No KPO coach"),
        ]

    def filters(self) -> BoardFilters:
        """The filters that validated; an invalid one is left out (its error is shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return BoardFilters(**{name: data.get(name) or "" for name in self.fields})

    def problems(self) -> list[str]:
        return [
            f"{self.fields[name].label or name.capitalize()}: “{self.data.get(name)}” is not "
            "one of the choices, so that filter was left out."
            for name in self.errors
        ]

    def valid_query(self) -> str:
        """The query string of the valid filters, for the export links."""
        filters = self.filters()
        return urlencode({name: value for name, value in vars(filters).items() if value})
