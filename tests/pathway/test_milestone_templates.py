"""Directors and coordinators edit their program's milestone templates; milestones follow."""

import pytest
from django.urls import reverse

from pathway.models import DueRule, Milestone, MilestoneTemplate
from tests import factories as f

pytestmark = pytest.mark.django_db

PGY_DATE = {
    "name": "Submit an abstract to SGIM",
    "description": "National meeting abstract.",
    "position": "120",
    "is_active": "on",
    "audience": "pathway",
    "track": "",
    "only_pgy": "",
    "due_rule": DueRule.PGY_DATE,
    "due_pgy": "3",
    "due_month": "12",
    "due_day": "1",
    "anchor_event": "",
    "offset_days": "",
    "due_date": "",
    "completion_event": "manual",
}


def test_staff_see_their_programs_templates_only(world, as_user):
    f.MilestoneTemplateFactory(program=world.program, name="Select a sponsor")
    f.MilestoneTemplateFactory(program=world.other_program, name="Elsewhere")

    html = as_user(world.coordinator).get(reverse("pathway:milestone_template_list")).content
    assert b"Select a sponsor" in html and b"Elsewhere" not in html


def test_a_director_adds_a_template_and_residents_get_the_milestone(
    world, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.director).post(reverse("pathway:milestone_template_add"), PGY_DATE)

    assert response.status_code == 302
    template = MilestoneTemplate.objects.get(name="Submit an abstract to SGIM")
    assert template.program == world.program
    assert template.rule_text == "1 December of PGY-3"
    residents = set(Milestone.objects.filter(template=template).values_list("resident", flat=True))
    assert residents == {
        world.resident.resident_profile.pk,
        world.other_resident.resident_profile.pk,
    }


def test_an_after_event_template(world, as_user):
    data = PGY_DATE | {
        "due_rule": DueRule.AFTER_EVENT,
        "anchor_event": "joined_pathway",
        "offset_days": "45",
        "due_pgy": "",
    }
    as_user(world.coordinator).post(reverse("pathway:milestone_template_add"), data)
    template = MilestoneTemplate.objects.get()
    assert (template.anchor_event, template.offset_days) == ("joined_pathway", 45)
    assert template.due_pgy is None  # the other rule's fields are cleared
    assert template.rule_text == "45 days after joining the pathway"


@pytest.mark.parametrize(
    ("change", "field_message"),
    [
        ({"due_pgy": ""}, "Required for a date in a PGY year."),
        ({"due_month": "4", "due_day": "31"}, "April has fewer days."),
        ({"due_rule": DueRule.AFTER_EVENT}, "Choose the event the due date counts from."),
        ({"due_rule": DueRule.ABSOLUTE}, "Required for a fixed date."),
        ({"completion_event": "moon_landing"}, "Select a valid choice."),
        ({"name": ""}, "This field is required."),
    ],
    ids=["no pgy", "31 april", "no anchor", "no date", "unknown event", "no name"],
)
def test_bad_input_is_explained_and_nothing_is_saved(change, field_message, world, as_user):
    response = as_user(world.director).post(
        reverse("pathway:milestone_template_add"), PGY_DATE | change
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert field_message in html and "Nothing was saved" in html
    assert not MilestoneTemplate.objects.exists()


def test_a_name_already_used_in_the_program_is_refused(world, as_user):
    f.MilestoneTemplateFactory(program=world.program, name=PGY_DATE["name"])
    response = as_user(world.director).post(reverse("pathway:milestone_template_add"), PGY_DATE)
    assert "already exists" in response.content.decode()
    assert MilestoneTemplate.objects.count() == 1


def test_editing_a_template_moves_open_milestones_and_keeps_done_ones(
    world, as_user, django_capture_on_commit_callbacks
):
    client = as_user(world.director)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pathway:milestone_template_add"), PGY_DATE)
    template = MilestoneTemplate.objects.get()
    done = Milestone.objects.get(template=template, resident__user=world.other_resident)
    done.completed_on, done.completed_evidence = done.due_on, "Submitted"
    done.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("pathway:milestone_template_edit", args=[template.pk]),
            PGY_DATE | {"due_month": "11"},
        )

    assert response.status_code == 302
    moved = Milestone.objects.get(template=template, resident__user=world.resident)
    assert moved.due_on.month == 11
    done.refresh_from_db()
    assert done.completed_evidence == "Submitted"


def test_a_superuser_chooses_the_program(world, as_user):
    data = PGY_DATE | {"program": world.other_program.pk}
    as_user(world.superuser).post(reverse("pathway:milestone_template_add"), data)
    assert MilestoneTemplate.objects.get().program == world.other_program


def test_another_programs_template_is_a_404(world, as_user):
    template = f.MilestoneTemplateFactory(program=world.program)
    url = reverse("pathway:milestone_template_edit", args=[template.pk])
    assert as_user(world.other_director).get(url).status_code == 404
    assert as_user(world.other_director).post(url, PGY_DATE).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_only_program_staff_edit_templates(persona, world, as_user):
    client = as_user(getattr(world, persona))
    assert client.get(reverse("pathway:milestone_template_list")).status_code == 403
    assert client.post(reverse("pathway:milestone_template_add"), PGY_DATE).status_code == 403
    assert not MilestoneTemplate.objects.exists()


def test_wrong_methods_are_refused(world, as_user):
    client = as_user(world.director)
    template = f.MilestoneTemplateFactory(program=world.program)
    assert client.post(reverse("pathway:milestone_template_list")).status_code == 405
    assert client.delete(reverse("pathway:milestone_template_add")).status_code == 405
    url = reverse("pathway:milestone_template_edit", args=[template.pk])
    assert client.put(url).status_code == 405


@pytest.mark.parametrize("size", [2, 20])
def test_the_template_list_makes_the_same_number_of_queries_for_few_or_many(
    size, world, as_user, django_assert_max_num_queries
):
    f.MilestoneTemplateFactory.create_batch(size, program=world.program)
    client = as_user(world.director)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("pathway:milestone_template_list"))
    assert response.content.decode().count("/milestones/templates/") >= size
