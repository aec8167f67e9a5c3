"""Links by URL name and whole-number arguments (primary keys) at the cost of one reverse() per
URL name and number of arguments in a running process, instead of one per link.

reverse() walks the URL patterns and checks every argument each time; a capstone page made
~20 of them and a list page one per row. The URL patterns are fixed once the process has
started, so the address of `name` with whole numbers is the address reversed once with
stand-in numbers, each stand-in replaced by its number: a whole number never needs quoting, and
every pattern of ours takes one as `<int:…>`, `<slug:…>` or `<str:…>`. Anything else (keyword
arguments, text, a negative number, a pattern the stand-ins do not fit) goes to reverse() as
before. These are addresses, not page data: nothing about a person is kept."""

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand-ins no real key reaches, distinct so that each argument's place is known.
_STAND_INS = tuple(str(918273645 + n) for n in range(6))
# {(name, number of arguments, current app, script prefix, URL configuration): the address
# split around the stand-ins, or None when reverse() must be asked each time}.
_pieces: dict[tuple, tuple[str, ...] | None] = {}


@receiver(setting_changed)
def _forget(**kwargs):
    _pieces.clear()


def _split(name, count, current_app):
    try:
        url = reverse(name, args=_STAND_INS[:count], current_app=current_app)
    except NoReverseMatch:
        return None
    pieces = []
    for stand_in in _STAND_INS[:count]:
        head, found, url = url.partition(stand_in)
        if not found or stand_in in url:  # not once, in order: let reverse() do it
            return None
        pieces.append(head)
    pieces.append(url)
    return tuple(pieces)


def _whole_numbers(args) -> bool:
    # type() is int, not isinstance: True is an int that reverse() writes as "True".
    return all(type(arg) is int and arg >= 0 for arg in args)


def _pieces_of(name, count, current_app):
    key = (name, count, current_app, get_script_prefix(), get_urlconf())
    try:
        return _pieces[key]
    except KeyError:
        pieces = _pieces[key] = _split(name, count, current_app)
        return pieces


def link(name: str, *args, current_app=None) -> str:
    """reverse(name, args=args, current_app=current_app), the same address, reversed once
    per process when every argument is a whole number."""
    if len(args) >= len(_STAND_INS) or not _whole_numbers(args):
        return reverse(name, args=args, current_app=current_app)
    pieces = _pieces_of(name, len(args), current_app)
    if pieces is None:
        return reverse(name, args=args, current_app=current_app)
    if not args:
        return pieces[0]
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg))
        parts.append(piece)
    return "".join(parts)


def link_maker(name: str):
    """A function of a primary key (a whole number) returning reverse(name, args=[pk]), for a
    list that links every row: the pieces are looked up once, not once per row."""
    pieces = _pieces_of(name, 1, None)
    if pieces is None:
        return lambda pk: reverse(name, args=[pk])
    head, tail = pieces
    return lambda pk: f"{head}{pk}{tail}"
