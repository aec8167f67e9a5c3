"""The demo seeders and the bench ship only where they are wanted: `make run` seeds the demo,
`make bench` seeds and serves the bench, production has neither (no demo accounts with a
published password, no bench commands)."""

import json

import pytest

from tests.test_settings import a_real_key, run

APPS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "from django.core.management import get_commands; "
    "print(json.dumps({'apps': s.INSTALLED_APPS, 'commands': sorted(get_commands())}))"
)


def installed(settings_module, **env):
    result = run(["-c", APPS], settings_module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_installs_neither_the_demo_nor_the_bench():
    found = installed("config.settings.production", SECRET_KEY=a_real_key())
    assert "pathway.demo" not in found["apps"]
    assert "pathway.bench" not in found["apps"]
    assert not {"seed_demo", "bench_seed", "bench_http", "bench_reminders"} & set(found["commands"])
    assert "send_reminders" in found["commands"]


def test_make_run_can_seed_the_demo_but_has_no_bench():
    found = installed("config.settings.local")
    assert "pathway.demo" in found["apps"]
    assert "seed_demo" in found["commands"]
    assert "pathway.bench" not in found["apps"]


@pytest.mark.parametrize(
    ("settings_module", "env"),
    [("config.settings.bench", {"SECRET_KEY": "x"}), ("config.settings.bench_tools", {})],
    ids=["served", "commands"],
)
def test_the_bench_settings_install_the_bench(settings_module, env):
    if env:
        env = {"SECRET_KEY": a_real_key()}
    found = installed(settings_module, **env)
    assert "pathway.bench" in found["apps"]
    assert {"bench_seed", "bench_http", "bench_reminders"} <= set(found["commands"])
