"""Small assertions shared by the mentoring tests."""

import html

from django.utils.html import strip_tags


def messages_of(response, level=None) -> list[str]:
    """The flash messages a (followed) response carries, optionally of one level tag."""
    return [str(m) for m in response.context["messages"] if level is None or m.level_tag == level]


def text_of(response) -> str:
    """The page as a reader sees it: tags stripped, entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())
