"""A person's History page: who changed their account, roles, milestones, coaching and reports,
and how (old and new values side by side)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from pathway.core.access import program_staff_required
from pathway.core.history import history_entries
from pathway.dashboards.history import person_histories
from pathway.people.views import _visible_person


@require_safe
@program_staff_required
def person_history(request, pk):
    person = _visible_person(request, pk)
    histories = person_histories(person, request.user)
    entries, total = history_entries(histories, hide=("password",))
    context = {"person": person, "entries": entries, "total": total}
    return render(request, "pathway/people/person_history.html", context)
