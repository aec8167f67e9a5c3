"""The resident and staff lists are for directors and coordinators: residents, coaches and
sponsors get a 403, anonymous visitors are sent to sign in, and a POST is not allowed."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
LISTS = ["pathway:resident_list", "pathway:staff_list"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("role", ["resident", "coach", "sponsor"])
def test_residents_coaches_and_sponsors_are_refused(world, as_user, name, role):
    assert as_user(getattr(world, role)).get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_is_sent_to_sign_in(world, client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", LISTS)
def test_post_is_not_allowed(world, as_user, name):
    assert as_user(world.coordinator).post(reverse(name)).status_code == 405
