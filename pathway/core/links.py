"""Links by URL name and plain arguments (primary keys, kinds like "data-point") at the cost
of a few reverse() calls per URL name and number of arguments in a running process, instead of
one per link.

reverse() walks the URL patterns and checks every argument each time; a capstone page made
~20 of them and a list page one per row. The URL patterns are fixed once the process has
started, so the address of `name` with whole numbers is the address reversed once with
stand-in numbers, each stand-in replaced by its number: a whole number never needs quoting, and
every pattern of ours takes one as `<int:…>`, `<slug:…>` or `<str:…>`. A place that takes a
word as well (a `<slug:…>` or `<str:…>`, found by reversing with a stand-in word there) takes
any word of letters, digits, "-" and "_", which needs no quoting either. Anything else (keyword
arguments, other text, a negative number, a pattern the stand-ins do not fit) goes to
reverse() as before. These are addresses, not page data: nothing about a person is kept."""

import re

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# Stand-ins no real key reaches, distinct so that each argument's place is known.
_STAND_INS = tuple(str(918273645 + n) for n in range(6))
_STAND_IN_WORD = "qipstandinword"
# What a `<slug:…>` takes, and a `<str:…>` takes and writes unquoted.
_WORD = re.compile(r"[-a-zA-Z0-9_]+\Z")
# {(name, number of arguments, current app, script prefix, URL configuration): the address
# split around the stand-ins and the places that take a word, or None when reverse() must be
# asked each time}.
_pieces: dict[tuple, tuple[tuple[str, ...], frozenset] | None] = {}


@receiver(setting_changed)
def _forget(**kwargs):
    _pieces.clear()


def _split(name, count, current_app):
    stand_ins = _STAND_INS[:count]
    try:
        url = reverse(name, args=stand_ins, current_app=current_app)
    except NoReverseMatch:
        return None
    pieces = []
    rest = url
    for stand_in in stand_ins:
        head, found, rest = rest.partition(stand_in)
        if not found or stand_in in rest:  # not once, in order: let reverse() do it
            return None
        pieces.append(head)
    pieces.append(rest)
    words = set()
    for place in range(count):
        args = [*stand_ins]
        args[place] = _STAND_IN_WORD
        try:
            with_word = reverse(name, args=args, current_app=current_app)
        except NoReverseMatch:
            continue
        # The same pattern, the word in that place (not another pattern of the same name).
        if with_word == _join(pieces, args):
            words.add(place)
    return tuple(pieces), frozenset(words)


def _join(pieces, args) -> str:
    parts = [pieces[0]]
    for arg, piece in zip(args, pieces[1:], strict=True):
        parts.append(str(arg))
        parts.append(piece)
    return "".join(parts)


def _plain(args, words) -> bool:
    for place, arg in enumerate(args):
        # type() is int, not isinstance: True is an int that reverse() writes as "True".
        if type(arg) is int:
            if arg < 0:
                return False
        elif not (place in words and isinstance(arg, str) and _WORD.match(arg)):
            return False
    return True


def _pieces_of(name, count, current_app):
    key = (name, count, current_app, get_script_prefix(), get_urlconf())
    try:
        return _pieces[key]
    except KeyError:
        found = _pieces[key] = _split(name, count, current_app)
        return found


def link(name: str, *args, current_app=None) -> str:
    """reverse(name, args=args, current_app=current_app), the same address, reversed a few
    times per process when every argument is a whole number or a plain word its place takes."""
    found = _pieces_of(name, len(args), current_app) if len(args) < len(_STAND_INS) else None
    if found is None or not _plain(args, found[1]):
        return reverse(name, args=args, current_app=current_app)
    return _join(found[0], args)


def link_maker(name: str, *leading):
    """A function of a primary key (a whole number) returning
    reverse(name, args=[*leading, pk]), for a list that links every row: the pieces are
    looked up once, not once per row."""
    count = len(leading) + 1
    found = _pieces_of(name, count, None) if count < len(_STAND_INS) else None
    if found is None or not _plain(leading, found[1]):
        return lambda pk: reverse(name, args=[*leading, pk])
    pieces = found[0]
    head, tail = _join(pieces[:-1], leading), pieces[-1]
    return lambda pk: f"{head}{pk}{tail}"
