"""The cohort board, built once and reused until something it shows changes.

Building a 60-resident board means ~900 milestone cells, five queries and a few milliseconds
of Python; directors reload it all day. So the built board is cached, keyed by the program,
the day (statuses move with the date) and a fingerprint of everything the board reads, taken
in one query: how many rows each table holds for the program and when they last changed.
Any write shows on the next load, never a minute later:

- inserts and deletes change a count or a largest id;
- edits change an `updated_at` (Milestone, MilestoneTemplate, ResidentProfile, User, Project,
  CoachingSettings), which save() sets. Code that writes with update() or
  save(update_fields=…) names updated_at too: grep for it when adding such a write;
- a stage change moves Project.stage_changed_at; ending a coach assignment changes how many
  are current; a progress report submission is a new ReportSubmission row.

The timeout only bounds how long an unused board stays in the cache."""

# The SQL below is put together from our own models' quoted table names only; the program's id
# is passed as a parameter.
# ruff: noqa: S608
import hashlib

from django.core.cache import cache
from django.db import connection

from capstone.models import Project
from mentoring.models import CoachAssignment, CoachingSettings, ProgressReport, ReportSubmission
from pathway.dashboards.cohort import CohortBoard, cohort_board
from pathway.models import Milestone, MilestoneTemplate, ResidentProfile, User

CACHE_SECONDS = 60 * 60
# Bump when CohortBoard or what it holds changes shape, so no process reads an old pickle.
CACHE_VERSION = 1


def _fingerprint_sql() -> str:
    t = {
        model.__name__: connection.ops.quote_name(model._meta.db_table)
        for model in (
            Milestone,
            MilestoneTemplate,
            ResidentProfile,
            User,
            Project,
            CoachAssignment,
            CoachingSettings,
            ProgressReport,
            ReportSubmission,
        )
    }
    # The program's residents, by profile id: most of the board hangs off them.
    residents = (
        f"SELECT r.id FROM {t['ResidentProfile']} r JOIN {t['User']} u ON u.id = r.user_id "
        "WHERE u.program_id = %(program)s"
    )
    parts = [
        # Milestones of the program's residents.
        f"SELECT COUNT(*) FROM {t['Milestone']} WHERE resident_id IN ({residents})",
        f"SELECT MAX(updated_at) FROM {t['Milestone']} WHERE resident_id IN ({residents})",
        # The columns.
        f"SELECT COUNT(*) FROM {t['MilestoneTemplate']} WHERE program_id = %(program)s",
        f"SELECT MAX(updated_at) FROM {t['MilestoneTemplate']} WHERE program_id = %(program)s",
        # Residents, their names and status, and the coaches' and sponsors' names.
        f"SELECT COUNT(*) FROM {t['User']} WHERE program_id = %(program)s",
        f"SELECT MAX(updated_at) FROM {t['User']} WHERE program_id = %(program)s",
        f"SELECT COUNT(*) FROM ({residents}) AS rs",
        f"SELECT MAX(r.updated_at) FROM {t['ResidentProfile']} r JOIN {t['User']} u "
        "ON u.id = r.user_id WHERE u.program_id = %(program)s",
        # Capstones: title and sponsor (updated_at), stage (stage_changed_at), lead (count).
        f"SELECT COUNT(*) FROM {t['Project']} WHERE program_id = %(program)s",
        f"SELECT MAX(updated_at) FROM {t['Project']} WHERE program_id = %(program)s",
        f"SELECT MAX(stage_changed_at) FROM {t['Project']} WHERE program_id = %(program)s",
        # Coach assignments: a new one adds a row, ending one leaves fewer current.
        f"SELECT COUNT(*) FROM {t['CoachAssignment']} WHERE resident_id IN ({residents})",
        f"SELECT MAX(id) FROM {t['CoachAssignment']} WHERE resident_id IN ({residents})",
        f"SELECT COUNT(*) FROM {t['CoachAssignment']} "
        f"WHERE ended_on IS NULL AND resident_id IN ({residents})",
        # Progress report submissions: the stalled signal.
        f"SELECT MAX(s.id) FROM {t['ReportSubmission']} s JOIN {t['ProgressReport']} p "
        f"ON p.id = s.report_id WHERE p.resident_id IN ({residents})",
        f"SELECT COUNT(*) FROM {t['ReportSubmission']} s JOIN {t['ProgressReport']} p "
        f"ON p.id = s.report_id WHERE p.resident_id IN ({residents})",
        # The stalled threshold.
        f"SELECT MAX(updated_at) FROM {t['CoachingSettings']} WHERE program_id = %(program)s",
    ]
    return "SELECT " + ", ".join(f"({part})" for part in parts)


_SQL = None


def board_fingerprint(*, program) -> str:
    """A digest of the counts and latest changes of everything the program's board shows."""
    global _SQL
    if _SQL is None:
        _SQL = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"program": program.pk})
        values = cursor.fetchone()
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


def cohort_board_cached(*, program, today) -> CohortBoard:
    """cohort_board(), from the cache when nothing on it has changed since it was built."""
    key = (
        f"cohort-board:v{CACHE_VERSION}:{connection.settings_dict['NAME']}:{program.pk}:"
        f"{today.isoformat()}:{board_fingerprint(program=program)}"
    )
    board = cache.get(key)
    if board is None:
        board = cohort_board(program=program, today=today)
        cache.set(key, board, CACHE_SECONDS)
    return board
