"""The program director's cohort board: who is on it, how it is grouped, what each cell says,
who may open it."""

from datetime import date

import pytest
from django.urls import reverse

from capstone.models import Stage
from pathway.models import PathwayStatus, Track
from tests import factories as f
from tests.pathway import board_setup as b

pytestmark = pytest.mark.django_db

URL = reverse("pathway:cohort_board")


def names_by_class(response):
    return [(group.label, [row.name for row in group.rows]) for group in response.context["groups"]]


def test_a_director_sees_the_pathway_residents_grouped_pgy1_pgy2_pgy3_then_alumni(world, as_user):
    program = world.program
    b.resident(program, name="Cleo Third", pgy=3)
    b.resident(program, name="Abe First", pgy=1)
    b.resident(program, name="Ivy Alumna", pgy=3, pathway_status=PathwayStatus.COMPLETED)
    graduate = b.resident(program, name="Gus Graduate", pgy=4)
    graduate.expected_graduation = b.days(-40)
    graduate.save()
    b.resident(program, name="Walt Withdrawn", pathway_status=PathwayStatus.WITHDRAWN)
    b.resident(program, name="Ned Notenrolled", pathway_status=PathwayStatus.NOT_ENROLLED)
    b.resident(program, name="Ann Applicant", pathway_status=PathwayStatus.APPLICANT)
    b.resident(program, name="Dee Deactivated", user__is_active=False)

    response = as_user(world.director).get(URL)

    assert response.status_code == 200
    assert names_by_class(response) == [
        ("PGY-1", ["Abe First", "Otto Other"]),
        ("PGY-2", ["Rosa Resident"]),
        ("PGY-3", ["Cleo Third"]),
        ("Alumni", ["Gus Graduate", "Ivy Alumna"]),
    ]
    html = response.content.decode()
    assert html.index("PGY-1 <span") < html.index("PGY-2 <span") < html.index("Alumni <span")
    for hidden in ("Walt Withdrawn", "Ned Notenrolled", "Ann Applicant", "Dee Deactivated"):
        assert hidden not in html
    assert "<strong>6</strong> residents in the pathway and alumni." in html


def test_a_coordinator_sees_the_same_board(world, as_user):
    response = as_user(world.coordinator).get(URL)

    assert response.status_code == 200
    assert [name for _, names in names_by_class(response) for name in names] == [
        "Otto Other",
        "Rosa Resident",
    ]


def test_each_row_shows_track_coach_and_capstone_stage_with_its_days(world, as_user):
    profile = world.resident.resident_profile
    profile.track = Track.PRIMARY_CARE
    profile.save()
    project = f.project_at(Stage.CURRENT_STATE, lead=profile, title="Discharge before noon")
    project.stage_changed_at = b.moment(-12)
    project.save()

    response = as_user(world.director).get(URL)

    row = next(r for g in response.context["groups"] for r in g.rows if r.name == "Rosa Resident")
    assert (row.track_label, row.coach_name, row.stage_label, row.days_in_stage) == (
        "Primary care",
        "Cora Coach",
        "Current state",
        12,
    )
    html = response.content.decode()
    assert reverse("pathway:person_detail", args=[world.resident.pk]) in html
    assert reverse("capstone:project_detail", args=[project.pk]) in html
    assert "12 days" in html
    assert "No capstone yet" in html  # Otto has none


def test_the_milestone_columns_follow_the_templates_and_leave_out_retired_ones(world, as_user):
    late = f.MilestoneTemplateFactory(
        program=world.program, name="Present the results at a national meeting", position=90
    )
    early = f.MilestoneTemplateFactory(program=world.program, name="Apply", position=5)
    f.MilestoneTemplateFactory(program=world.program, name="Retired step", is_active=False)
    f.MilestoneTemplateFactory(program=world.other_program, name="Elsewhere")

    response = as_user(world.director).get(URL)

    columns = response.context["board"].columns
    assert [c.template_id for c in columns] == [early.pk, late.pk]
    html = response.content.decode()
    # A long name gets a short header; the full name is its title.
    assert '<abbr title="Present the results at a national meeting">Present the res…</abbr>' in html
    assert "Retired step" not in html and "Elsewhere" not in html


def test_each_cell_says_its_status_in_words_and_with_a_symbol_not_only_a_colour(world, as_user):
    steps = b.templates(
        world.program, names=("Done", "Overdue", "Soon", "Later", "Waived", "Not mine")
    )
    profile = world.resident.resident_profile
    done = b.milestone(profile, steps[0], due_in=-30, done_days_ago=5)
    overdue = b.milestone(profile, steps[1], due_in=-20)
    b.milestone(profile, steps[2], due_in=6)
    b.milestone(profile, steps[3], due_in=90)
    b.milestone(profile, steps[4], due_in=-3, waived_days_ago=4)

    response = as_user(world.director).get(URL)

    row = next(r for g in response.context["groups"] for r in g.rows if r.name == "Rosa Resident")

    def day(n):
        on = b.days(n)
        return f"{on.day} {on:%b %Y}"

    assert [(cell.status, cell.label) for cell in row.cells] == [
        ("done", f"Done {day(-5)}"),
        ("overdue", f"Overdue since {day(-20)}"),
        ("due_soon", f"Due soon: {day(6)}"),
        ("upcoming", f"On track: due {day(90)}"),
        ("waived", f"Waived {day(-4)}"),
        ("none", "Not applicable"),
    ]
    html = response.content.decode()
    detail = reverse("pathway:milestone_detail", args=[overdue.pk])
    assert (
        f'<td class="cb-cell cb-overdue"><a href="{detail}" title="Overdue since {day(-20)}">'
        f'<span aria-hidden="true">!!</span><span class="visually-hidden">Overdue since '
        f"{day(-20)}</span></a></td>"
    ) in html
    assert reverse("pathway:milestone_detail", args=[done.pk]) in html
    assert '<span class="visually-hidden">Not applicable</span>' in html
    # The legend explains every symbol.
    for symbol, label in (
        ("✓", "Done"),
        ("○", "On track"),
        ("!", "Due soon"),
        ("!!", "Overdue"),
        ("W", "Waived"),
        ("·", "Not applicable"),
    ):
        assert f'aria-hidden="true">{symbol}</span> {label}</li>' in html


def test_the_board_links_to_its_downloads_with_the_filters_in_use(world, as_user):
    html = as_user(world.director).get(URL, {"cohort": "pgy2", "track": ""}).content.decode()

    assert f'href="{reverse("pathway:cohort_board_csv")}?cohort=pgy2"' in html
    assert f'href="{reverse("pathway:cohort_board_xlsx")}?cohort=pgy2"' in html


def test_a_program_without_pathway_residents_says_so(world, as_user):
    for user in (world.resident, world.other_resident):
        user.resident_profile.pathway_status = PathwayStatus.NOT_ENROLLED
        user.resident_profile.save()

    html = as_user(world.director).get(URL).content.decode()

    assert "No pathway residents or alumni yet." in html


def test_a_site_administrator_chooses_a_program_first(world, as_user):
    client = as_user(world.superuser)

    first = client.get(URL)
    chosen = client.get(URL, {"program": world.program.pk, "cohort": "pgy2"})

    assert first.status_code == 200 and "board" not in first.context
    assert "Choose a program" in first.content.decode()
    assert [n for _, names in names_by_class(chosen) for n in names] == ["Rosa Resident"]
    html = chosen.content.decode()
    assert f'<input type="hidden" name="program" value="{world.program.pk}">' in html
    assert f"{reverse('pathway:cohort_board_csv')}?program={world.program.pk}&amp;cohort=pgy2" in (
        html
    )


def test_a_site_administrator_naming_an_unknown_program_is_asked_to_choose_again(world, as_user):
    response = as_user(world.superuser).get(URL, {"program": "nine"})

    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert "board" not in response.context


def test_another_programs_staff_see_their_own_program_even_when_naming_this_one(world, as_user):
    b.resident(world.other_program, name="Olive Elsewhere")

    for user in (world.other_director, world.other_coordinator):
        response = as_user(user).get(URL, {"program": world.program.pk})

        assert response.status_code == 200
        assert response.context["program"] == world.other_program
        html = response.content.decode()
        assert "Olive Elsewhere" in html
        assert "Rosa Resident" not in html and "Otto Other" not in html


@pytest.mark.parametrize("persona", ["resident", "coach", "sponsor"])
def test_residents_coaches_and_sponsors_may_not_open_the_board(persona, world, as_user):
    for name in ("pathway:cohort_board", "pathway:cohort_board_csv", "pathway:cohort_board_xlsx"):
        assert as_user(getattr(world, persona)).get(reverse(name)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "name", ["pathway:cohort_board", "pathway:cohort_board_csv", "pathway:cohort_board_xlsx"]
)
def test_the_board_and_its_downloads_only_answer_get(name, world, as_user):
    assert as_user(world.director).post(reverse(name)).status_code == 405


@pytest.mark.parametrize("size", [3, 15])
def test_the_board_costs_the_same_queries_for_few_or_many_residents(
    size, world, as_user, django_assert_max_num_queries
):
    columns = b.templates(world.program)
    b.cohort(world.program, size, columns=columns)
    client = as_user(world.director)

    # The session with its user (and, on this first page after signing in, the session saved
    # inside a savepoint: 4), then the templates, residents, coaches, milestones, capstones and the
    # coaching settings, and the at-risk verdict's own two reads (overdue milestones, last
    # reports; it reuses the board's coaches, capstones and settings). No cache: every load
    # reads the data.
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"milestones": "overdue"})

    assert response.status_code == 200
    assert len(response.context["board"].rows) == size + 2


@pytest.mark.parametrize("size", [3, 15])
def test_a_site_administrators_board_adds_only_the_program_chooser_queries(
    size, world, as_user, django_assert_max_num_queries
):
    b.cohort(world.program, size, columns=b.templates(world.program))
    client = as_user(world.superuser)

    # The board's 13, the chooser's program lookup and its list of programs.
    with django_assert_max_num_queries(15):
        response = client.get(URL, {"program": world.program.pk})

    assert len(response.context["board"].rows) == size + 2


def test_the_board_counts_days_from_the_day_it_is_asked_about(world):
    """The data functions take `today`, so a pinned date gives a pinned board."""
    from pathway.dashboards.cohort import cohort_board

    step = b.templates(world.program, names=("Apply",))[0]
    b.milestone(world.resident.resident_profile, step, due_in=10)
    due = b.days(10)

    before = cohort_board(program=world.program, today=due)
    after = cohort_board(program=world.program, today=date.fromordinal(due.toordinal() + 1))

    rosa = [r for r in before.rows if r.name == "Rosa Resident"][0]
    assert rosa.cells[0].status == "due_soon"
    rosa = [r for r in after.rows if r.name == "Rosa Resident"][0]
    assert rosa.cells[0].status == "overdue"


def test_names_and_titles_typed_by_users_are_escaped(world, as_user):
    world.resident.full_name = '<script>alert("x")</script> Rosa'
    world.resident.save()
    f.project_at(
        Stage.ON_HOLD, lead=world.resident.resident_profile, title='"Noon" <b>discharges</b>'
    )
    world.coach.full_name = "Cora <i>Coach</i>"
    world.coach.save()

    html = as_user(world.director).get(URL).content.decode()

    assert "<script>alert" not in html and "<b>discharges" not in html and "<i>Coach" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Rosa" in html
    assert 'title="&quot;Noon&quot; &lt;b&gt;discharges&lt;/b&gt;"' in html
    assert "coached by Cora &lt;i&gt;Coach&lt;/i&gt;" in html  # in the at-risk list
