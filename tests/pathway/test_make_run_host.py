"""`make run HOST=127.0.0.1:8101`: every link (pages, emails, the calendar feed, seed_demo's
"Sign in at …") follows the address served, because `run` and everything it runs first get
SITE_URL from HOST. tests/pathway/test_served_origin.py proves the app follows SITE_URL; this
proves the Makefile gives it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Added to `run` as one more prerequisite: prints what `run` and its prerequisites (seed_demo
# among them) are given, then stops before anything is served.
PROBE = 'run: probe\nprobe:\n\t@echo "SITE_URL=$$SITE_URL"; exit 3\n'

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def site_url_given(tmp_path, *args, env=None):
    probe = tmp_path / "probe.mk"
    probe.write_text(PROBE)
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST")}
    environment.update(env or {})
    done = subprocess.run(
        ["make", "-s", "-o", "demo", "-f", "Makefile", "-f", str(probe), "run", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return [line for line in done.stdout.splitlines() if line.startswith("SITE_URL=")]


def test_make_run_with_a_host_gives_that_address_to_everything_it_runs(tmp_path):
    assert site_url_given(tmp_path, "HOST=127.0.0.1:8101") == ["SITE_URL=http://127.0.0.1:8101"]


def test_make_run_without_a_host_serves_the_default_address(tmp_path):
    assert site_url_given(tmp_path) == ["SITE_URL=http://127.0.0.1:8000"]


def test_an_explicit_site_url_wins(tmp_path):
    given = site_url_given(
        tmp_path, "HOST=0.0.0.0:8101", env={"SITE_URL": "https://qi.example.org"}
    )
    assert given == ["SITE_URL=https://qi.example.org"]
