"""Personas and shared fixtures. `world` is one program with a person in every role, plus a
second program whose staff must never see the first program's data."""

import os
import socket
from dataclasses import dataclass
from urllib.parse import urlparse

import pytest

from tests import factories as f


@dataclass
class World:
    program: object
    resident: object  # a User holding the resident role (PGY-2), coached by `coach`
    coach: object
    sponsor: object
    director: object
    coordinator: object
    other_resident: object  # same program, not coached by `coach`, not related to anyone
    other_program: object
    other_director: object
    other_coordinator: object
    superuser: object

    def persona(self, name):
        return None if name == "anonymous" else getattr(self, name)


PERSONAS = (
    "anonymous",
    "resident",
    "coach",
    "sponsor",
    "director",
    "coordinator",
    "other_director",
    "superuser",
)


def make_world():
    program = f.ProgramFactory(name="Virginia Mason Internal Medicine", slug="vm-im")
    other = f.ProgramFactory(name="Other Internal Medicine", slug="other-im")
    resident = f.ResidentFactory(program=program, pgy=2, user__full_name="Rosa Resident").user
    other_resident = f.ResidentFactory(program=program, pgy=1, user__full_name="Otto Other").user
    coach = f.CoachFactory(user__program=program, user__full_name="Cora Coach").user
    f.CoachAssignmentFactory(resident=resident.resident_profile, coach=coach)
    sponsor = f.SponsorFactory(user__program=program, user__full_name="Sam Sponsor").user
    director = f.DirectorFactory(user__program=program, user__full_name="Dina Director").user
    coordinator = f.CoordinatorFactory(
        user__program=program, user__full_name="Cole Coordinator"
    ).user
    other_director = f.DirectorFactory(user__program=other, user__full_name="Olga Elsewhere").user
    other_coordinator = f.CoordinatorFactory(
        user__program=other, user__full_name="Oscar Elsewhere"
    ).user
    superuser = f.UserFactory(program=None, is_superuser=True, is_staff=True, full_name="Ada Admin")
    return World(
        program=program,
        resident=resident,
        coach=coach,
        sponsor=sponsor,
        director=director,
        coordinator=coordinator,
        other_resident=other_resident,
        other_program=other,
        other_director=other_director,
        other_coordinator=other_coordinator,
        superuser=superuser,
    )


@pytest.fixture
def world(db):
    return make_world()


def _client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user(client):
    """as_user(user) -> a test client signed in as that user (None: anonymous)."""
    return lambda user: _client_for(client, user)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the cohort board keeps built boards there)."""
    from django.core.cache import cache

    cache.clear()


# --- Real services -------------------------------------------------------------------------


def services_required() -> bool:
    return os.environ.get("REQUIRE_SERVICES") == "1"


def _reachable(url, default_port):
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def need_service(name: str, env_var: str, default_port: int) -> str:
    """The service's URL, or skip (fail under REQUIRE_SERVICES=1) with the reason shown."""
    url = os.environ.get(env_var, "")
    if url and _reachable(url, default_port):
        return url
    reason = (
        f"{name} is not configured ({env_var} is unset)"
        if not url
        else f"{name} is not reachable at {url}"
    )
    if services_required():
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    return need_service("Redis", "REDIS_URL", 6379)


@pytest.fixture
def postgres_url():
    return need_service("PostgreSQL", "DATABASE_URL", 5432)
