"""The signed-in minimal page of `make bench`.

/healthz is the minimal page in the strict sense (one query, no session), but every signed-in
page also reads its session and user, runs the menus' context processor and renders
base.html. This page does all of that plus one query of its own, so a dashboard's ratio to it
is the cost of the dashboard itself."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from pathway.models import Program


@require_safe
@login_required
def minimal_page(request):
    return render(request, "pathway/bench/minimal.html", {"programs": Program.objects.count()})
