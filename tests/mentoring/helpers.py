"""Small assertions and set-ups shared by the mentoring tests."""

import html

from django.utils.html import strip_tags

from mentoring.services import coach_assign
from tests import factories as f


def messages_of(response, level=None) -> list[str]:
    """The flash messages a (followed) response carries, optionally of one level tag."""
    return [str(m) for m in response.context["messages"] if level is None or m.level_tag == level]


def text_of(response) -> str:
    """The page as a reader sees it: tags stripped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


def reassign_to_a_new_coach(world):
    """The director hands world.resident to a new coach of the program today; the new coach."""
    new_coach = f.coach_in(world.program)
    coach_assign(
        resident=world.resident.resident_profile,
        coach=new_coach,
        started_on=f.days_ago(0),
        assigned_by=world.director,
    )
    return new_coach
