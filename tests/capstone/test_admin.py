"""The Django admin lists and opens capstone records for site administrators."""

import pytest
from django.urls import reverse

from capstone.models import Stage
from tests.capstone.conftest import make_project

PAGES = ["project", "measure", "attachment", "processstep", "followup", "comment"]


@pytest.mark.parametrize("model", PAGES)
def test_site_administrator_lists_capstone_records(model, world, as_user):
    make_project(world, Stage.CLOSED)
    response = as_user(world.superuser).get(reverse(f"admin:capstone_{model}_changelist"))
    assert response.status_code == 200


def test_site_administrator_opens_a_project_with_its_history(world, as_user):
    project = make_project(world, Stage.CURRENT_STATE)
    response = as_user(world.superuser).get(
        reverse("admin:capstone_project_change", args=[project.pk])
    )
    assert response.status_code == 200
    assert "Stage changes" in response.content.decode()


def test_program_staff_do_not_get_the_admin(world, as_user):
    response = as_user(world.director).get(reverse("admin:capstone_project_changelist"))
    assert response.status_code == 302
