"""Every curriculum URL refuses the HTTP methods it does not serve with 405: pages and forms
take GET (and forms POST), actions only POST."""

import pytest
from django.urls import reverse

from pathway.urls import urlpatterns
from tests.conftest import make_world
from tests.pathway.access import CASES

NAMES = sorted(
    f"pathway:{pattern.name}"
    for pattern in urlpatterns
    if str(pattern.pattern).startswith("curriculum/")
)


def test_every_curriculum_url_is_covered():
    assert len(NAMES) == 47


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_method_gets_405(name, client, db):
    case = CASES[name]
    world = make_world()
    client.force_login(world.superuser)
    url = reverse(name, args=case.args(world))
    if case.method == "post":
        assert client.get(url).status_code == 405
        assert client.put(url).status_code == 405
    else:
        assert client.put(url).status_code == 405
        assert client.delete(url).status_code == 405
