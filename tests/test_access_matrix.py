"""Every URL the app exposes, for every persona: the expected status, or the test fails."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import PERSONAS, make_world

APPS_WITH_CASES = ("pathway", "pathway.sso", "capstone", "mentoring", "api")
IGNORED_NAMESPACES = {"admin"}


def all_cases():
    cases = {}
    for app in APPS_WITH_CASES:
        try:
            module = importlib.import_module(f"tests.{app}.access")
        except ModuleNotFoundError:
            continue
        overlap = cases.keys() & module.CASES.keys()
        assert not overlap, f"URL names listed twice: {overlap}"
        cases.update(module.CASES)
    return cases


CASES = all_cases()
REDIRECT_ELSEWHERE = {"logout", "account_logout", "saml_acs"}


def url_names(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in IGNORED_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name; name it and add a case"
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_has_an_access_case():
    missing = sorted(set(url_names()) - CASES.keys())
    assert not missing, f"Add these URL names to tests/<app>/access.py: {missing}"


def test_every_access_case_names_a_real_url():
    stale = sorted(CASES.keys() - set(url_names()))
    assert not stale, f"Access cases for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_access(name, persona, client, db):
    case = CASES[name]
    world = make_world()
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=case.args(world))
    response = getattr(client, case.method)(url, case.data(world))
    expected = case.expect[persona]
    assert response.status_code == expected, (
        f"{persona} {case.method.upper()} {url}: got {response.status_code}, expected {expected}"
    )
    # Signing out, and a SAML assertion handed on to its second step, redirect elsewhere.
    if persona == "anonymous" and expected == 302 and name not in REDIRECT_ELSEWHERE:
        assert response.url.startswith(reverse("login"))
