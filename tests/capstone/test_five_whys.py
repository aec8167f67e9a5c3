"""The 5 Whys say "Why" once, whether or not the lead typed it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from capstone.models import WhyStep
from tests.capstone.conftest import make_project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "Why are patients discharged late?",
        "why are patients discharged late",
        "Why: are patients discharged late ?",
        "are patients discharged late",
    ],
)
def test_the_question_reads_why_once(typed):
    step = WhyStep(why=typed, because="summaries come after rounds")
    assert step.question == "Why are patients discharged late?"
    assert str(step) == "Why are patients discharged late? Because summaries come after rounds"


def test_a_why_that_is_only_the_word_why_is_not_lost():
    assert WhyStep(why="Whyte ward is slow").question == "Why Whyte ward is slow?"


def test_the_list_the_message_and_the_a3_say_why_once(world, as_user):
    project = make_project(world)
    client = as_user(world.resident)
    client.post(
        reverse("capstone:part_add", args=[project.pk, "why"]),
        {"why": "Why are patients discharged late?", "because": "summaries come after rounds."},
    )
    tab = client.get(reverse("capstone:project_current_state", args=[project.pk]))
    html = tab.content.decode()
    assert "<strong>Why</strong> are patients discharged late?" in html
    assert "Why Why" not in html
    a3 = client.get(reverse("capstone:a3", args=[project.pk])).content.decode()
    assert "Why are patients discharged late? Because summaries come after rounds." in a3
    assert "Why Why" not in a3
    assert "rounds.." not in a3


def test_the_added_message_says_why_once(world, as_user):
    project = make_project(world)
    response = as_user(world.resident).post(
        reverse("capstone:part_add", args=[project.pk, "why"]),
        {"why": "Why are patients discharged late?", "because": "summaries come after rounds"},
    )
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == (
        "Added the 5 Whys step: Why are patients discharged late? "
        "Because summaries come after rounds."
    )
    assert WhyStep.objects.filter(project=project).count() == 1
