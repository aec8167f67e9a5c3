"""`manage.py seed_demo`: the demo programs, safe to run again, with one sign-in per role."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from pathway.demo.world import DEMO_PASSWORD
from pathway.models import Program, ResidentProfile, Role, User

pytestmark = pytest.mark.django_db
ROLES_PRINTED = (
    "Resident (PGY-2)",
    "KPO coach",
    "Sponsor",
    "Program director",
    "Coordinator",
    "Other program's director",
)


def seed():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts():
    # Not the audit history's tables: it records every save, a second run's included.
    return {
        model._meta.label: model.objects.count()
        for app in ("pathway", "mentoring", "capstone")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }


def printed_sign_ins(output):
    return dict(re.findall(r"^  (.+?)\s{2,}(\S+@\S+)$", output, flags=re.MULTILINE))


def test_running_it_twice_creates_no_duplicates():
    seed()
    first = counts()
    seed()
    assert counts() == first
    assert first["pathway.User"] > 0


def test_it_prints_one_sign_in_per_role_and_the_password():
    output = seed()
    sign_ins = printed_sign_ins(output)
    assert list(sign_ins) == list(ROLES_PRINTED)
    assert f"Password for every demo account: {DEMO_PASSWORD}" in output
    assert "http://127.0.0.1:8000" in output


def test_every_printed_sign_in_holds_the_role_it_is_printed_for():
    sign_ins = printed_sign_ins(seed())
    expected = {
        "Resident (PGY-2)": Role.RESIDENT,
        "KPO coach": Role.COACH,
        "Sponsor": Role.SPONSOR,
        "Program director": Role.DIRECTOR,
        "Coordinator": Role.COORDINATOR,
        "Other program's director": Role.DIRECTOR,
    }
    for label, role in expected.items():
        person = User.objects.get(email=sign_ins[label])
        assert person.has_role(role), label
    resident = User.objects.get(email=sign_ins["Resident (PGY-2)"])
    assert resident.resident_profile.pgy() == 2


def test_every_printed_sign_in_works_through_the_sign_in_form(client):
    output = seed()
    for email in printed_sign_ins(output).values():
        response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert response.url == reverse("home")
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))


def test_the_demo_program_has_three_classes_coaches_sponsors_and_staff():
    seed()
    program = Program.objects.get(name="Virginia Mason Internal Medicine")
    residents = ResidentProfile.objects.filter(user__program=program)
    # Six PGY-2s: four lead sponsored capstones (so finished Leading at Virginia Mason), two
    # still take it (one with a seat, one waitlisted).
    for level, most in ((1, 4), (2, 6), (3, 4)):
        assert 3 <= residents.with_pgy(level).count() <= most, f"PGY-{level}"
    members = User.objects.filter(program=program).with_roles()
    assert sum(Role.COACH in p.roles for p in members) == 2
    assert sum(Role.SPONSOR in p.roles and Role.DIRECTOR not in p.roles for p in members) == 3
    assert sum(Role.DIRECTOR in p.roles for p in members) >= 1
    assert sum(Role.COORDINATOR in p.roles for p in members) == 1


def test_the_two_programs_are_kept_apart():
    seed()
    ours = Program.objects.get(slug="vm-im")
    theirs = Program.objects.get(slug="psc-im")
    our_residents = set(ResidentProfile.objects.filter(user__program=ours))
    assert our_residents
    other_director = User.objects.with_roles().get(email="fiona.gallagher@psc-im.example.org")
    assert other_director.program == theirs
    visible = set(ResidentProfile.objects.visible_to(other_director))
    assert visible
    assert not visible & our_residents
    assert not set(User.objects.visible_to(other_director).filter(program=ours))
