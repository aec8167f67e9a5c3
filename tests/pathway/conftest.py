"""Fixtures of the pathway tests that need faults injected (see tests/pathway/faults.py)."""

from tests.pathway.faults import on_postgres, relay  # noqa: F401 - fixtures
