"""Stage approvals through the pages: the stage card names the approvers, the decision pages
refuse whoever the request does not name, and the approver's queue lists what waits for them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from capstone.models import (
    Approver,
    Stage,
    StageRequest,
)
from capstone.services import (
    stage_request_approve,
    stage_request_create,
)
from tests import factories as f
from tests.capstone.conftest import make_project
from tests.capstone.stage_approvals_helpers import (
    ask,
    ready,
    stage_of,
)

# --- Through the pages ---------------------------------------------------------------------


def approve_url(request):
    return reverse("capstone:stage_request_approve", args=[request.project_id, request.pk])


def return_url(request):
    return reverse("capstone:stage_request_return", args=[request.project_id, request.pk])


def test_the_stage_card_shows_who_must_approve_and_who_has(world, as_user):
    project, request = ask(world, Stage.CURRENT_STATE)
    stage_request_approve(request=request, by=world.coach)
    page = as_user(world.sponsor).get(project.get_absolute_url()).content.decode()
    assert "Waiting for approval to move to Current state" in page
    assert "KPO coach: approved by" in page
    assert "Sponsor (Sam Sponsor): waiting" in page
    assert approve_url(request) in page  # the sponsor may approve here
    resident_page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert approve_url(request) not in resident_page


def test_the_stage_card_names_the_approvers_before_anyone_asks(world, as_user):
    project = ready(world, Stage.CURRENT_STATE)
    page = as_user(world.resident).get(project.get_absolute_url()).content.decode()
    assert "Ask to move to Current state" in page
    assert "Approved by: KPO coach, Sponsor." in page


def test_the_coach_approves_on_the_page(world, as_user):
    project, request = ask(world, Stage.EVENT)
    response = as_user(world.coach).post(approve_url(request), follow=True)
    assert "Approved: the project moved to Two-day event." in response.content.decode()
    assert stage_of(project) == Stage.EVENT


def test_the_return_page_refuses_an_empty_note_and_saves_nothing(world, as_user):
    project, request = ask(world, Stage.EVENT)
    client = as_user(world.coach)
    assert client.get(return_url(request)).status_code == 200
    response = client.post(return_url(request), {"note": "  "})
    assert response.status_code == 200
    assert "Say what needs to change." in response.content.decode()
    request.refresh_from_db()
    assert request.is_open
    assert client.post(return_url(request), {"note": "Fix the team."}).status_code == 302
    request.refresh_from_db()
    assert request.status == "returned"


@pytest.mark.parametrize("persona", ["sponsor", "resident", "coordinator"])
def test_someone_not_named_gets_a_403_on_the_decision_pages(persona, world, as_user):
    project, request = ask(world, Stage.EVENT)
    client = as_user(getattr(world, persona))
    assert client.post(approve_url(request)).status_code == 403
    assert client.post(return_url(request), {"note": "No."}).status_code == 403
    assert stage_of(project) == Stage.EVENT_PREP


def test_another_program_gets_a_404_on_the_decision_pages(world, as_user):
    project, request = ask(world, Stage.EVENT)
    client = as_user(world.other_director)
    assert client.post(approve_url(request)).status_code == 404
    assert client.get(return_url(request)).status_code == 404


def test_a_request_of_another_project_is_a_404(world, as_user):
    project, request = ask(world, Stage.EVENT)
    other = make_project(world, Stage.SELECTION, lead=world.other_resident.resident_profile)
    url = reverse("capstone:stage_request_approve", args=[other.pk, request.pk])
    assert as_user(world.coach).post(url).status_code == 404


def test_approving_needs_a_post(world, as_user):
    project, request = ask(world, Stage.EVENT)
    assert as_user(world.coach).get(approve_url(request)).status_code == 405


def test_the_override_page_asks_for_a_reason(world, as_user):
    project, request = ask(world, Stage.EVENT)
    url = reverse("capstone:stage_override", args=[project.pk])
    client = as_user(world.director)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200 and stage_of(project) == Stage.EVENT_PREP
    assert client.post(url, {"reason": "Coach is away for a month."}).status_code == 302
    assert stage_of(project) == Stage.EVENT
    assert as_user(world.coach).get(url).status_code == 403


def test_a_note_too_long_is_refused_with_a_message(world, as_user):
    project = ready(world, Stage.EVENT)
    url = reverse("capstone:stage_request", args=[project.pk])
    response = as_user(world.resident).post(url, {"note": "x" * 2001}, follow=True)
    assert "at most 2000 characters" in response.content.decode()
    assert not StageRequest.objects.filter(project=project).exists()


# --- The queue -----------------------------------------------------------------------------


def requests_for_coach(world, count):
    made = []
    for _ in range(count):
        lead = f.ResidentFactory(program=world.program, pgy=2)
        project = make_project(world, Stage.EVENT_PREP, lead=lead, ready_for_next=True)
        made.append(stage_request_create(project=project, by=lead.user))
    return made


def test_the_queue_lists_what_waits_for_me_and_nothing_else(world, as_user):
    mine = requests_for_coach(world, 2)
    other_coach = f.CoachFactory(user__program=world.program).user
    elsewhere = make_project(
        world,
        Stage.EVENT_PREP,
        lead=f.ResidentFactory(program=world.program, pgy=2),
        coach=other_coach,
        ready_for_next=True,
    )
    stage_request_create(project=elsewhere, by=elsewhere.lead.user)
    response = as_user(world.coach).get(reverse("capstone:approval_queue"))
    assert [r.pk for r in response.context["waiting"]] == [r.pk for r in mine]
    assert elsewhere.title not in response.content.decode()


def test_a_sponsor_sees_the_charter_waiting_and_a_director_the_closing(world, as_user):
    charter_project, charter = ask(world, Stage.CURRENT_STATE)
    sponsor_queue = as_user(world.sponsor).get(reverse("capstone:approval_queue"))
    assert [r.pk for r in sponsor_queue.context["waiting"]] == [charter.pk]
    lead = f.ResidentFactory(program=world.program, pgy=3)
    closing_project = make_project(world, Stage.DISSEMINATION, lead=lead, ready_for_next=True)
    closing = stage_request_create(project=closing_project, by=lead.user)
    director_queue = as_user(world.director).get(reverse("capstone:approval_queue"))
    assert [r.pk for r in director_queue.context["waiting"]] == [closing.pk]
    assert (
        as_user(world.other_director).get(reverse("capstone:approval_queue")).context["waiting"]
        == []
    )


def waiting_panel(page):
    start = page.index('id="waiting-title"')
    return page[start : page.index("</section>", start)]


def test_the_home_page_shows_the_approvers_queue(world, as_user):
    project, request = ask(world, Stage.EVENT, note="Dates booked.")
    page = as_user(world.coach).get(reverse("home")).content.decode()
    # "Waiting on you" is the one place: the request, its note, and the link to act on it.
    panel = waiting_panel(page)
    assert "Stage request to approve" in panel
    assert project.title in panel and "Dates booked." in panel
    assert f'href="{reverse("capstone:project_detail", args=[project.pk])}"' in panel
    assert page.count("Dates booked.") == 1  # not listed twice
    resident_page = as_user(world.resident).get(reverse("home")).content.decode()
    assert "Stage request to approve" not in resident_page


def test_a_long_note_is_cut_on_the_home_page_and_whole_on_the_project_page(world, as_user):
    note = "Dates booked with the unit. " * 10  # 280 characters
    project, request = ask(world, Stage.EVENT, note=note)
    client = as_user(world.coach)
    panel = waiting_panel(client.get(reverse("home")).content.decode())
    assert f"“{note[:159]}…”" in panel
    assert note.strip() not in panel
    assert note.strip() in client.get(project.get_absolute_url()).content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_queue_page_queries_do_not_grow(world, as_user, count, django_assert_max_num_queries):
    requests_for_coach(world, count)
    client = as_user(world.coach)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("capstone:approval_queue"))
    assert len(response.context["waiting"]) == count


@pytest.mark.parametrize("count", [2, 22])
def test_the_home_queue_queries_do_not_grow(world, count, django_assert_num_queries):
    from pathway.dashboards.waiting_items import SOURCE_LIMIT
    from pathway.dashboards.waiting_roles import approvals

    made = requests_for_coach(world, count)
    assert world.coach.roles  # loaded with the user on every request (UserQuerySet.with_roles)
    with django_assert_num_queries(1):
        items, capped = approvals(world.coach, timezone.localdate())
        texts = [item.text for item in items]
    shown = min(count, SOURCE_LIMIT)
    assert len(texts) == shown
    for text, request in zip(texts, made[:shown], strict=True):
        assert text.startswith(f"{request.project.title}: ")
        assert text.endswith(f"asked by {request.project.lead.user.display_name}")
    assert capped is (count > SOURCE_LIMIT)


def test_the_approver_roles_are_named_for_people(world):
    assert [a.label for a in Approver] == ["KPO coach", "Sponsor", "Program director"]


def test_the_project_list_links_the_queue_and_the_directors_rules(world, as_user):
    rules, queue = reverse("capstone:approval_rules"), reverse("capstone:approval_queue")
    director_page = as_user(world.director).get(reverse("capstone:project_list"))
    assert rules in director_page.content.decode() and queue in director_page.content.decode()
    coach_page = as_user(world.coach).get(reverse("capstone:project_list")).content.decode()
    assert queue in coach_page and rules not in coach_page
    resident_page = as_user(world.resident).get(reverse("capstone:project_list"))
    assert queue not in resident_page.content.decode()
