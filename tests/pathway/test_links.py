"""{% url %} and pathway.core.links.link give exactly the address reverse() gives, reversing
each URL name once instead of once per link."""

import itertools

import pytest
from django.template import Context, Engine, Template
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, SlugConverter, StringConverter

from pathway.core.links import link, link_maker


def _named_patterns(resolver=None, namespace=""):
    """(full name, number of arguments) of every named path() the site serves with only
    int, slug or str arguments."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        converters = dict(getattr(entry.pattern, "converters", {}))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if not converters:
                yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            if not all(
                isinstance(c, IntConverter | SlugConverter | StringConverter)
                for c in converters.values()
            ):
                continue
            if entry.pattern.regex.groups != len(converters):
                continue  # a regular expression's own groups: not ours
            yield f"{namespace}{entry.name}", len(converters)


PATTERNS = sorted(set(_named_patterns()))


def test_the_site_has_many_named_pages_with_and_without_keys():
    assert len(PATTERNS) > 150
    assert any(count == 2 for _, count in PATTERNS)


def _argument_lists(count):
    """Whole numbers, plain words and text that needs quoting, in every place."""
    yield from ([918273645, 1, 99999999999][:count], [0, 0, 0][:count])
    yield from (list(args) for args in itertools.product([7, "data-point", "Q_2"], repeat=count))
    yield ["a b", "x/y", "é"][:count]


@pytest.mark.parametrize(("name", "count"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_every_named_page_gets_the_address_reverse_gives(name, count):
    for args in _argument_lists(count):
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                link(name, *args)
            continue
        assert link(name, *args) == expected
        if count and type(args[-1]) is int:
            assert link_maker(name, *args[:-1])(args[-1]) == expected


@pytest.mark.parametrize(
    "args",
    [
        ("capstone:part_add", 5, "team"),  # text goes to reverse(), quoted as it quotes it
        ("capstone:part_add", 5, "a b"),
        ("capstone:project_detail", -1),  # reverse() refuses it: so does link()
        ("capstone:project_detail", True),
        ("capstone:no_such_page", 1),
    ],
)
def test_anything_but_whole_numbers_is_left_to_reverse(args):
    name, *rest = args
    try:
        expected = reverse(name, args=rest)
    except NoReverseMatch:
        with pytest.raises(NoReverseMatch):
            link(name, *rest)
    else:
        assert link(name, *rest) == expected


DJANGO = Engine(builtins=[])  # Django's own {% url %}
OURS = Engine(builtins=["pathway.templatetags.links"])


@pytest.mark.parametrize(
    "source",
    [
        "{% url 'home' %}",
        "{% url 'capstone:project_detail' pk %}",
        "{% url 'capstone:part_edit' pk kind other %}",
        "{% url 'capstone:part_add' pk kind %}?back=x",
        "{% url 'capstone:project_detail' pk=pk %}",
        "{% url 'capstone:'|add:tab pk %}",
        "{% url 'capstone:project_detail' pk as here %}[{{ here }}]",
        "{% url 'capstone:no_such_page' pk as here %}[{{ here }}]",
    ],
)
def test_the_url_tag_writes_what_djangos_writes(source):
    context = {"pk": 41, "kind": "team", "other": 7, "tab": "project_event"}
    assert Template(source, engine=OURS).render(Context(context)) == Template(
        source, engine=DJANGO
    ).render(Context(context))


def test_the_url_tag_fails_on_an_unknown_page_as_djangos_does():
    with pytest.raises(NoReverseMatch):
        Template("{% url 'capstone:no_such_page' 1 %}", engine=OURS).render(Context())


def test_every_template_uses_our_url_tag():
    from django.template import engines

    for engine in engines.all():
        assert "pathway.templatetags.links" in engine.engine.builtins


def test_a_kind_word_in_an_address_is_written_in_without_asking_reverse(monkeypatch):
    expected = reverse("capstone:part_add", args=[5, "data-point"])
    link("capstone:part_add", 1, "team")  # learns the pattern
    monkeypatch.setattr("pathway.core.links.reverse", None)  # any call now fails
    assert link("capstone:part_add", 5, "data-point") == expected
