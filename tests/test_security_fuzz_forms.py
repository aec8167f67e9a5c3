"""Property-based fuzzing (hypothesis) of every form of every app as every persona.

Every URL the access matrix knows (tests/<app>/access.py) is opened once by a persona allowed
to see it; each POST form on the page is recorded with its fields (and the options of its
choice fields). Hypothesis then posts random and hostile values to those forms, and to the
POST-only actions, as any persona, and checks:

- never a server error (a 500, or an exception escaping a view);
- a refusal (the form shown again, 400, 403, 404, 405, 413, 429) saves nothing: no row is
  added to or removed from any table of the three apps.

Bounded for CI: a fixed number of examples, derandomized, so a run is repeatable."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capstone.models import Project
from tests import factories as f
from tests.conftest import PERSONAS, make_world
from tests.test_access_matrix import CASES

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 100
APPS = ("pathway", "capstone", "mentoring")
REFUSED = {200, 400, 403, 404, 405, 413, 429}
# Pages whose POST changes the session itself rather than a record.
SKIP = {"logout", "login", "password_reset", "password_change"}

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "²",
    "٣",
    "99999999999999999999",
    "1e309",
    "NaN",
    "-0.0",
    "2025-02-30",
    "0000-00-00",
    "9999-12-31",
    "=cmd|' /C calc'!A0",
    "\uff1dSUM(1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "😀" * 50,
    "x" * 5_000,
    "word " * 1_000,
    "a@b",
    "@",
]


class _Forms(HTMLParser):
    """POST forms of a page: [(action, {field: [options]})]. Options are [] for free text."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = (attrs.get("action") or "", {}, set())
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = (attrs.get("type") or "text").lower()
            options = self._form[1].setdefault(name, [])
            if kind in ("checkbox", "radio"):
                options.append(attrs.get("value", "on"))
            elif kind == "file":
                self._form[2].add(name)
            elif kind == "hidden" and attrs.get("value"):
                options.append(attrs["value"])
        elif tag == "textarea" and name:
            self._form[1].setdefault(name, [])
        elif tag == "select" and name:
            self._select = self._form[1].setdefault(name, [])
        elif tag == "option" and self._select is not None:
            self._select.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _free_the_lead(world):
    """The matrix gives each case a fresh world; here one world serves every case, and a
    resident leads one project at most: hand earlier projects to another resident (the site
    administrator still edits them all)."""
    projects = Project.objects.filter(lead=world.resident.resident_profile)
    if projects.exists():
        projects.update(lead=f.ResidentFactory(program=world.program))


def discover(world):
    """[(url name, url, fields, file fields)] for every POST target the matrix reaches."""
    targets = []
    for name, case in sorted(CASES.items()):
        if name in SKIP:
            continue
        _free_the_lead(world)
        try:
            with transaction.atomic():
                args = case.args(world)
        except IntegrityError:
            continue  # this case's objects clash with an earlier case's in the one world
        url = reverse(name, args=args)
        if case.method == "post":
            targets.append((name, url, {k: [str(v)] for k, v in case.data(world).items()}, set()))
            continue
        persona = next(
            (p for p in PERSONAS if p != "anonymous" and case.expect.get(p) == 200), None
        )
        if persona is None:
            continue
        client = Client()
        client.force_login(world.persona(persona))
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for action, fields, files in parser.forms:
            if action in ("", url):
                targets.append((name, url, fields, files))
    return targets


def row_counts():
    return Counter(
        {
            model._meta.label: model.objects.count()
            for app in APPS
            for model in apps.get_app_config(app).get_models()
        }
    )


@st.composite
def submissions(draw, targets):
    name, url, fields, files = draw(st.sampled_from(targets))
    data = {}
    for field, options in fields.items():
        if not draw(st.booleans()):  # leave some fields out
            continue
        choices = [st.sampled_from(HOSTILE), st.text(max_size=40)]
        if options:
            choices.insert(0, st.sampled_from(options))
        data[field] = draw(st.one_of(*choices))
    for field in files:
        if draw(st.booleans()):
            content = draw(
                st.sampled_from([b"", b"%PDF-1.4 broken", b"PK\x03\x04junk", b"a,b\n1,2"])
            )
            data[field] = SimpleUploadedFile(
                draw(st.sampled_from(["x.pdf", "x.csv", "x.xlsx"])), content
            )
    persona = draw(st.sampled_from(PERSONAS))
    return name, url, persona, data


@pytest.fixture
def fuzz_world(db):
    world = make_world()
    return world, discover(world)


def test_hostile_posts_to_every_form_never_fail_and_save_nothing_when_refused(fuzz_world):
    world, targets = fuzz_world
    names = {name for name, *_ in targets}
    # The discovery itself must keep working: forms of all three apps, and many of them.
    assert len(targets) > 50, "fewer forms found than the app has: the discovery broke"
    for app in ("pathway:", "capstone:", "mentoring:"):
        assert any(name.startswith(app) for name in names), app
    print(f"fuzzing {len(targets)} POST targets ({len(names)} URLs), {MAX_EXAMPLES} examples")

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(submissions(targets))
    def post(submission):
        name, url, persona, data = submission
        client = Client(raise_request_exception=True)
        user = world.persona(persona)
        if user is not None:
            client.force_login(user)
        before = row_counts()
        for value in data.values():
            if hasattr(value, "seek"):
                value.seek(0)
        response = client.post(url, data)
        assert response.status_code < 500, f"{persona} POST {url}: {response.status_code}"
        if response.status_code in REFUSED:
            after = row_counts()
            changed = {k: after[k] - before[k] for k in after | before if after[k] != before[k]}
            assert not changed, f"{persona} POST {url} was refused yet changed {changed}"

    post()
