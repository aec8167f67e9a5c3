"""The access matrix's vocabulary. Each app lists its URL names in tests/<app>/access.py as
CASES = {url name: Case(...)}; tests/test_access_matrix.py checks every case for every persona
and fails when a URL pattern has no case."""

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import PERSONAS

# Statuses by persona for the common shapes of page.
ANON = {"anonymous": 302}


def expect(default: int, **overrides) -> dict:
    """`default` for every signed-in persona, anonymous redirected to sign in, then overrides."""
    table = {p: default for p in PERSONAS}
    table.update(ANON)
    table.update(overrides)
    return table


@dataclass
class Case:
    expect: dict
    args: Callable = field(default=lambda world: [])
    method: str = "get"
    data: Callable = field(default=lambda world: {})
