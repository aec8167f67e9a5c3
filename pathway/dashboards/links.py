"""Links for a list of rows at the cost of one `reverse`: a page that links every row would
otherwise resolve the same URL pattern once per row."""

from django.urls import reverse

# A key no row has: the pattern is reversed once with it, and each row's key takes its place.
SENTINEL = 918273645


def url_maker(name):
    """A function of a primary key returning reverse(name, args=[pk])."""
    return reverse(name, args=[SENTINEL]).replace(str(SENTINEL), "{}").format
