"""The navigation bar links each role to its curriculum pages."""

import pytest
from django.urls import reverse

LINKS = {
    "resident": ["my_courses", "sbp_mine", "leadership_log", "course_list", "application_form"],
    "coach": ["homework_queue", "sbp_rotation_list", "course_list"],
    "director": ["homework_queue", "sbp_rotation_list", "application_list", "sbp_requirements"],
    "coordinator": ["sbp_rotation_list", "application_list", "course_list", "sbp_requirements"],
    "sponsor": ["course_list"],
}
ABSENT = {
    "resident": ["homework_queue", "application_list"],
    "coach": ["application_list", "my_courses"],
    "coordinator": ["homework_queue", "my_courses"],
    "sponsor": ["homework_queue", "sbp_rotation_list"],
}


@pytest.mark.parametrize("persona", sorted(LINKS))
def test_each_role_gets_its_curriculum_links(world, as_user, persona):
    nav = as_user(getattr(world, persona)).get(reverse("home")).content.decode().split("</nav>")[0]
    for name in LINKS[persona]:
        assert f'href="{reverse(f"pathway:{name}")}"' in nav, name
    for name in ABSENT.get(persona, []):
        assert f'href="{reverse(f"pathway:{name}")}"' not in nav, name
