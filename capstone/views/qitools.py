"""The QI tools drawn from the record: the driver diagram (with its own add, edit, delete and
reorder pages), the fishbone drawn from the causes, and the process map with its lead time.
Everyone who sees the project sees the diagrams; the leads (who edit the record) change the
driver diagram."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from capstone.diagrams.canvas import to_svg
from capstone.diagrams.drivers import build_tree, driver_diagram, table_rows
from capstone.diagrams.fishbone import by_category, effect_of, fishbone_diagram
from capstone.diagrams.flow import flow_diagram
from capstone.diagrams.process import both_maps, compare_sentence
from capstone.forms.drivers import DriverForm
from capstone.models import Cause, Driver, Idea, ProcessStep, TimeObservation
from capstone.services.drivers import (
    DriverError,
    driver_add,
    driver_delete,
    driver_move,
    driver_update,
)
from capstone.views.common import editable_project, posted, visible_project
from pathway.core.links import link


def driver_tree_for(user, project):
    """The project's driver tree as `user` may read it, in a fixed number of queries."""
    drivers = (
        Driver.objects.visible_to(user)
        .filter(project=project)
        .prefetch_related(Prefetch("ideas", queryset=Idea.objects.prefetch_related("tests")))
    )
    return build_tree(project.aim_sentence or project.aim_what, drivers)


def _page(request, project, heading, back) -> dict:
    """What every tool page shows: its heading, the tab it links back to, the edit links."""
    return {
        "project": project,
        "heading": heading,
        "back": f"capstone:{back}",
        "can_edit": project.can_edit(request.user),
    }


@require_safe
@login_required
def driver_diagram_page(request, pk):
    project = visible_project(request, pk)
    tree = driver_tree_for(request.user, project)
    context = _page(request, project, "Driver diagram", "project_event")
    context.update(
        tree=tree,
        rows=table_rows(tree),
        svg=None if tree.is_empty else to_svg(driver_diagram(tree), ident="drivers"),
    )
    return render(request, "capstone/qitools/driver_diagram.html", context)


@require_safe
@login_required
def fishbone_page(request, pk):
    project = visible_project(request, pk)
    causes = list(Cause.objects.visible_to(request.user).filter(project=project))
    effect = effect_of(project.problem_statement, project.title)
    context = _page(request, project, "Fishbone diagram", "project_current_state")
    context.update(
        effect=effect,
        grouped=by_category(causes),
        svg=to_svg(fishbone_diagram(effect, causes), ident="fishbone") if causes else None,
    )
    return render(request, "capstone/qitools/fishbone.html", context)


@require_safe
@login_required
def process_map_page(request, pk):
    project = visible_project(request, pk)
    steps = ProcessStep.objects.visible_to(request.user).filter(project=project)
    observations = TimeObservation.objects.visible_to(request.user).filter(project=project)
    maps = both_maps(steps, observations, project.event_last_day)
    context = _page(request, project, "Process map", "project_current_state")
    context.update(
        maps=[
            (process_map, to_svg(flow_diagram(process_map), ident=f"map-{process_map.state}"))
            if process_map.steps
            else (process_map, None)
            for process_map in maps
        ],
        comparison=compare_sentence(*maps),
    )
    return render(request, "capstone/qitools/process_map.html", context)


def _driver_for(request, project, driver_pk) -> Driver:
    rows = Driver.objects.visible_to(request.user).filter(project=project)
    return get_object_or_404(rows, pk=driver_pk)


def _diagram_url(project):
    return link("capstone:driver_diagram", project.pk)


def _form_page(request, project, form, driver=None):
    return render(
        request,
        "capstone/qitools/driver_form.html",
        {"project": project, "form": form, "instance": driver, "back_url": _diagram_url(project)},
    )


def _save(request, project, form, driver=None):
    """Save through the service; a refusal goes on the form and nothing is saved."""
    fields = {
        "text": form.cleaned_data["text"],
        "parent": form.cleaned_data["parent"],
        "ideas": form.cleaned_data["ideas"],
    }
    try:
        if driver is None:
            return driver_add(project=project, by=request.user, **fields)
        return driver_update(driver=driver, by=request.user, **fields)
    except DriverError as error:
        form.add_error(None, str(error))
        return None


@require_http_methods(["GET", "POST"])
@login_required
def driver_add_view(request, pk):
    project = editable_project(request, pk)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else {}
    form = DriverForm(posted(request), project=project, initial=initial)
    if request.method == "POST" and form.is_valid() and (driver := _save(request, project, form)):
        messages.success(request, f"Added the {driver.level_label.lower()}: {driver}.")
        return redirect(_diagram_url(project))
    return _form_page(request, project, form)


@require_http_methods(["GET", "POST"])
@login_required
def driver_edit_view(request, pk, driver_pk):
    project = editable_project(request, pk)
    driver = _driver_for(request, project, driver_pk)
    form = DriverForm(posted(request), project=project, instance=driver)
    if request.method == "POST" and form.is_valid() and _save(request, project, form, driver):
        messages.success(request, f"Saved the driver: {driver}.")
        return redirect(_diagram_url(project))
    return _form_page(request, project, form, driver)


@require_http_methods(["GET", "POST"])
@login_required
def driver_delete_view(request, pk, driver_pk):
    project = editable_project(request, pk)
    driver = _driver_for(request, project, driver_pk)
    if request.method == "POST":
        label = str(driver)
        driver_delete(driver=driver, by=request.user)
        messages.success(request, f"Deleted the driver: {label}.")
        return redirect(_diagram_url(project))
    return render(
        request,
        "capstone/qitools/driver_delete.html",
        {
            "project": project,
            "instance": driver,
            "secondaries": driver.children.all(),
            "back_url": _diagram_url(project),
        },
    )


@require_POST
@login_required
def driver_move_view(request, pk, driver_pk):
    project = editable_project(request, pk)
    driver = _driver_for(request, project, driver_pk)
    try:
        driver_move(driver=driver, by=request.user, direction=request.POST.get("direction", ""))
    except DriverError as error:
        messages.error(request, str(error))
    return redirect(f"{_diagram_url(project)}#driver-{driver.pk}")
