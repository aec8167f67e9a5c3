"""The "Similar projects" card on a new capstone's Charter tab (capstone.library.similar)."""

from django import template

from capstone.library.similar import similar_projects as find_similar
from capstone.models import Stage

register = template.Library()


@register.inclusion_tag("capstone/library/includes/similar.html", takes_context=True)
def similar_projects(context, project):
    user = context["request"].user
    shown = project.stage == Stage.SELECTION
    return {
        "shown": shown,
        "similar": find_similar(project, user) if shown else [],
        "project": project,
        "user": user,
    }
