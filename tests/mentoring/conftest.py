"""Fixtures of the mentoring tests that run on the real services (see tests/pathway/faults.py)."""

from tests.pathway.faults import on_postgres  # noqa: F401 - a fixture
