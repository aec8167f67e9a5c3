"""A CompiledList reads what its queryset would, for every user of the same shape, from SQL it
compiled once; and it refuses to compile a rule that would freeze someone's values into SQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count, Prefetch, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring.models import CoachAssignment
from pathway.core.compiled_lists import (
    CompiledList,
    CompileError,
    aggregate_row,
    as_prefetched,
    count_column,
)
from pathway.dashboards.coach import _caseload_residents, _caseload_rows
from pathway.models import Milestone, ResidentProfile, User
from tests import factories as f

pytestmark = pytest.mark.django_db


def coach_with(program, *names):
    coach = f.CoachFactory(user__program=program).user
    for name in names:
        resident = f.ResidentFactory(program=program, user__full_name=name)
        f.CoachAssignmentFactory(resident=resident, coach=coach)
        f.MilestoneFactory(resident=resident, due_on=timezone.localdate() - timedelta(days=3))
    return User.objects.with_roles().get(pk=coach.pk)


def facts(residents):
    return [
        (r.pk, r.user.full_name, r.overdue_milestones, r.last_contact_on, r.coached_since)
        for r in residents
    ]


def fresh_caseload(build=_caseload_rows):
    # The caseload's "never" date (for Greatest() on SQLite) is a fixed date of its SQL.
    return CompiledList(ResidentProfile, build, fixed_dates=_caseload_residents.fixed_dates)


def test_two_coaches_each_get_the_rows_their_own_queryset_reads():
    program, other_program = f.ProgramFactory(), f.ProgramFactory()
    ada = coach_with(program, "Ann Able", "Bob Brook")
    cy = coach_with(other_program, "Cora Chen")
    today = timezone.localdate()

    for coach in (ada, cy, ada):
        rows = _caseload_residents(coach, today=today)
        assert facts(rows) == facts(_caseload_rows(coach, today))
    assert [r.user.full_name for r in _caseload_residents(cy, today=today)] == ["Cora Chen"]
    assert [r.user.full_name for r in _caseload_residents(ada, today=today)] == [
        "Ann Able",
        "Bob Brook",
    ]


def test_each_call_reads_fresh_rows():
    program = f.ProgramFactory()
    coach = coach_with(program, "Ann Able")
    today = timezone.localdate()
    assert [r.overdue_milestones for r in _caseload_residents(coach, today=today)] == [1]

    Milestone.objects.update(completed_on=today)
    newcomer = f.ResidentFactory(program=program, user__full_name="Zed Zane")
    f.CoachAssignmentFactory(resident=newcomer, coach=coach)

    rows = _caseload_residents(coach, today=today)
    assert [(r.user.full_name, r.overdue_milestones) for r in rows] == [
        ("Ann Able", 0),
        ("Zed Zane", 0),
    ]


def test_the_day_is_a_parameter_not_frozen_into_the_sql():
    coach = coach_with(f.ProgramFactory(), "Ann Able")
    today = timezone.localdate()
    caseload = fresh_caseload()
    assert [r.overdue_milestones for r in caseload(coach, today=today)] == [1]
    # Four days ago the milestone (due three days ago) was not yet overdue.
    assert [r.overdue_milestones for r in caseload(coach, today=today - timedelta(days=4))] == [0]


def test_the_sql_is_built_once_per_shape_of_user_and_then_only_run():
    program = f.ProgramFactory()
    first, second = coach_with(program, "Ann Able"), coach_with(program, "Bob Brook")
    director_coach = coach_with(program, "Cora Chen")
    f.DirectorFactory(user=director_coach)
    director_coach = User.objects.with_roles().get(pk=director_coach.pk)
    today = timezone.localdate()
    builds = []
    caseload = fresh_caseload(
        lambda user, today: builds.append(user.roles) or _caseload_rows(user, today)
    )

    for coach in (first, second, first):
        with CaptureQueriesContext(connection) as queries:
            caseload(coach, today=today)
        assert len(queries) == 1
    assert len(builds) == 2  # both sets of stand-ins, once

    # A director who also coaches sees the whole program's residents they coach: a rule of
    # another shape, compiled for that shape.
    assert facts(caseload(director_coach, today=today)) == facts(
        _caseload_rows(director_coach, today)
    )
    assert len(builds) == 4


def test_someone_in_no_program_gets_no_rows_without_a_query():
    coach = coach_with(f.ProgramFactory(), "Ann Able")
    coach.program_id = None
    with CaptureQueriesContext(connection) as queries:
        assert fresh_caseload()(coach, today=timezone.localdate()) == []
    assert len(queries) == 0


def test_a_rule_reading_the_users_email_is_refused():
    coach = coach_with(f.ProgramFactory())
    by_email = CompiledList(User, lambda user: User.objects.filter(email=user.email))
    with pytest.raises(CompileError, match="worked out from a value"):
        by_email(coach)


def test_a_value_worked_out_from_the_day_is_refused():
    coach = coach_with(f.ProgramFactory())
    fortnight = CompiledList(
        Milestone, lambda user, today: Milestone.objects.filter(due_on__gte=today - timedelta(14))
    )
    with pytest.raises(CompileError, match="worked out from a value"):
        fortnight(coach, today=timezone.localdate())


def test_a_rule_reading_the_clock_itself_is_refused():
    coach = coach_with(f.ProgramFactory())
    overdue = CompiledList(
        Milestone, lambda user: Milestone.objects.filter(due_on__lt=timezone.localdate())
    )
    with pytest.raises(CompileError, match="date frozen"):
        overdue(coach)


def test_a_rule_that_reads_the_database_while_it_is_built_is_refused():
    coach = coach_with(f.ProgramFactory(), "Ann Able")
    ids = CompiledList(
        ResidentProfile,
        lambda user: ResidentProfile.objects.filter(
            pk__in=list(CoachAssignment.objects.values_list("resident", flat=True))
        ),
    )
    with pytest.raises(CompileError, match="ran a query"):
        ids(coach)


def test_a_prefetch_that_depends_on_the_user_is_refused():
    coach = coach_with(f.ProgramFactory(), "Ann Able")
    mine = CompiledList(
        ResidentProfile,
        lambda user: ResidentProfile.objects.prefetch_related(
            Prefetch("coach_assignments", CoachAssignment.objects.filter(coach=user))
        ),
    )
    with pytest.raises(CompileError, match="prefetch"):
        mine(coach)


def test_a_list_of_no_user_is_compiled_once_and_reads_each_programs_own_rows():
    first, second = f.ProgramFactory(), f.ProgramFactory()
    f.ResidentFactory(program=first, user__full_name="Ann Able")
    f.ResidentFactory(program=second, user__full_name="Bob Brook")
    builds = []
    residents = CompiledList(
        ResidentProfile,
        lambda _, program: (
            builds.append(program)
            or ResidentProfile.objects.filter(user__program=program).select_related("user")
        ),
    )

    for program, name in ((first, "Ann Able"), (second, "Bob Brook"), (first, "Ann Able")):
        assert [r.user.full_name for r in residents(None, program=program.pk)] == [name]
    assert len(builds) == 2  # both sets of stand-ins, once


def test_a_count_column_counts_a_resident_reached_through_two_capstones_once():
    # A sponsor reaches the resident through each capstone they sponsor: visible_to is
    # DISTINCT, and its count must be too.
    program = f.ProgramFactory()
    sponsor = f.SponsorFactory(user__program=program).user
    resident = f.ResidentFactory(program=program)
    for title, stage in (("First capstone", "closed"), ("Second capstone", "selection")):
        f.ProjectFactory(
            program=program,
            lead=resident,
            title=title,
            stage=stage,
            sponsor=sponsor,
            sponsor_accepted_on=timezone.localdate(),
        )
    sponsor = User.objects.with_roles().get(pk=sponsor.pk)
    counts = CompiledList(
        User,
        lambda user: User.objects.filter(pk=user.pk).values(
            n=count_column(ResidentProfile.objects.visible_to(user))
        ),
    )

    assert ResidentProfile.objects.visible_to(sponsor).count() == 1
    assert counts(sponsor) == [{"n": 1}]


def test_a_list_runs_on_the_threads_current_connection_after_it_changes():
    from django.db import connections

    from pathway.models import Program

    programs = CompiledList(Program, lambda user, program: Program.objects.filter(pk=program))
    assert programs(None, program=1) == []  # compiled on this thread's connection
    original = connections["default"]
    replacement = connections.create_connection("default")
    connections["default"] = replacement
    try:
        with CaptureQueriesContext(replacement) as queries:
            assert programs(None, program=1) == []
        assert len(queries) == 1
    finally:
        connections["default"] = original
        replacement.close()


def test_an_id_too_big_for_the_database_finds_no_rows_without_a_query():
    f.UserFactory()
    users = CompiledList(User, lambda user, pk: User.objects.filter(pk=pk))
    with CaptureQueriesContext(connection) as queries:
        assert users(None, pk=2**63) == []
    assert len(queries) == 0


def test_rows_handed_to_a_related_manager_answer_it_and_its_filters_stay_its_own():
    first, second = f.ResidentFactory(), f.ResidentFactory()
    for resident in (first, second):
        f.MilestoneFactory(resident=resident)
    milestones = CompiledList(Milestone, lambda user, of: Milestone.objects.filter(resident=of))
    as_prefetched(first, "milestones", milestones(None, of=first.pk))
    with CaptureQueriesContext(connection) as queries:
        assert [m.resident_id for m in first.milestones.all()] == [first.pk]
    assert len(queries) == 0
    # A filter reads the database again, and only this resident's rows, as after a prefetch.
    assert {m.resident_id for m in first.milestones.filter(waived_on__isnull=True)} == {first.pk}


def test_a_list_of_ids_reads_those_rows_and_is_compiled_once_for_each_length():
    users = [f.UserFactory() for _ in range(5)]
    builds = []
    by_ids = CompiledList(
        User,
        lambda user, ids: builds.append(len(ids)) or User.objects.filter(pk__in=ids).order_by("pk"),
    )
    a, b, c, d, e = (u.pk for u in users)
    assert [u.pk for u in by_ids(None, ids=[a, c])] == [a, c]
    assert [u.pk for u in by_ids(None, ids=[e, b])] == [b, e]
    assert builds == [2, 2]  # both sets of stand-ins, once for lists of two
    assert [u.pk for u in by_ids(None, ids=[d, a, e])] == [a, d, e]
    assert builds == [2, 2, 3, 3]
    # The same id twice, as a caller may pass it, still reads the row once.
    assert [u.pk for u in by_ids(None, ids=[b, b])] == [b]


def test_an_empty_list_of_ids_finds_no_rows_without_a_query():
    by_ids = CompiledList(User, lambda user, ids: User.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as queries:
        assert by_ids(None, ids=[]) == []
    assert len(queries) == 0


def test_an_id_too_big_for_the_database_in_a_list_leaves_the_others_found():
    user = f.UserFactory()
    by_ids = CompiledList(User, lambda user, ids: User.objects.filter(pk__in=ids))
    assert [u.pk for u in by_ids(None, ids=[user.pk, 2**64])] == [user.pk]


def test_an_aggregate_row_gives_what_aggregate_gives_even_when_nothing_matches():
    program = f.ProgramFactory()
    for name in ("Ann", "Bea", "Cy"):
        f.ResidentFactory(user__program=program, user__full_name=name)
    counts = CompiledList(
        ResidentProfile,
        lambda user, program: aggregate_row(
            ResidentProfile.objects.filter(user__program=program),
            residents=Count("pk"),
            named_b=Count("pk", filter=Q(user__full_name__startswith="B")),
        ),
    )
    assert counts(None, program=program.pk) == [{"residents": 3, "named_b": 1}]
    assert counts(None, program=f.ProgramFactory().pk) == [{"residents": 0, "named_b": 0}]
