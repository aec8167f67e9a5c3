"""The cohort board, built once and reused until something it shows changes.

Building a 60-resident board means ~900 milestone cells, five queries and a few milliseconds
of Python; directors reload it all day. So the built board is cached, keyed by the program,
the day (statuses move with the date) and a fingerprint of everything the board reads, taken
in one query: how many rows each table holds for the program and when they last changed.
Any write shows on the next load, never a minute later:

- inserts and deletes change a count or a largest id;
- edits change an `updated_at` (Milestone, MilestoneTemplate, ResidentProfile, User, Project,
  ProgressReport, CoachingSettings), which save() sets. Code that writes with update() or
  save(update_fields=…) names updated_at too: grep for it when adding such a write;
- a stage change moves Project.stage_changed_at; ending a coach assignment changes how many
  are current; submitting a progress report saves the report (its updated_at).

The timeout only bounds how long an unused board stays in the cache."""

# The SQL below is put together from our own models' quoted table names only; the program's id
# is passed as a parameter.
# ruff: noqa: S608
import hashlib
import logging

from django.core.cache import cache
from django.db import connection

from capstone.models import Project
from mentoring.models import CoachAssignment, CoachingSettings, ProgressReport
from pathway.dashboards.cohort import CohortBoard, cohort_board
from pathway.models import Milestone, MilestoneTemplate, ResidentProfile, User

logger = logging.getLogger(__name__)

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
        )
    }
    # The program's residents are read once (rs); each table then gives one row of counts and
    # latest changes, through its indexes.
    return f"""
        WITH rs AS (
            SELECT id, updated_at FROM {t["ResidentProfile"]}
            WHERE user_id IN (SELECT id FROM {t["User"]} WHERE program_id = %(program)s)
        ),
        residents AS (SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM rs),
        people AS (
            SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM {t["User"]}
            WHERE program_id = %(program)s
        ),
        milestones AS (
            SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM {t["Milestone"]}
            WHERE resident_id IN (SELECT id FROM rs)
        ),
        columns AS (
            SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM {t["MilestoneTemplate"]}
            WHERE program_id = %(program)s
        ),
        capstones AS (
            SELECT COUNT(*) AS n, MAX(updated_at) AS at, MAX(stage_changed_at) AS staged
            FROM {t["Project"]} WHERE program_id = %(program)s
        ),
        coaching AS (
            SELECT COUNT(*) AS n, MAX(id) AS last,
                SUM(CASE WHEN ended_on IS NULL THEN 1 ELSE 0 END) AS current
            FROM {t["CoachAssignment"]} WHERE resident_id IN (SELECT id FROM rs)
        ),
        reports AS (
            SELECT COUNT(*) AS n, MAX(updated_at) AS at FROM {t["ProgressReport"]}
            WHERE resident_id IN (SELECT id FROM rs)
        ),
        thresholds AS (
            SELECT MAX(updated_at) AS at FROM {t["CoachingSettings"]}
            WHERE program_id = %(program)s
        )
        SELECT residents.n, residents.at, people.n, people.at, milestones.n, milestones.at,
            columns.n, columns.at, capstones.n, capstones.at, capstones.staged,
            coaching.n, coaching.last, coaching.current, reports.n, reports.at, thresholds.at
        FROM residents, people, milestones, columns, capstones, coaching, reports, thresholds
    """


_SQL = None


def board_fingerprint(*, program) -> str:
    """A digest of the counts and latest changes of everything the program's board shows (and
    of the database's name, so two databases sharing one cache never share a board)."""
    global _SQL
    if _SQL is None:
        _SQL = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(_SQL, {"program": program.pk})
        values = cursor.fetchone()
    seen = repr((connection.settings_dict["NAME"], values)).encode()
    return hashlib.blake2b(seen, digest_size=16).hexdigest()


def cohort_board_cached(*, program, today) -> CohortBoard:
    """cohort_board(), from the cache when nothing on it has changed since it was built."""
    key = (
        f"cohort-board:v{CACHE_VERSION}:{program.pk}:{today.isoformat()}:"
        f"{board_fingerprint(program=program)}"
    )
    try:
        board = cache.get(key)
    except Exception:  # noqa: BLE001 - the cache is an optimisation: without it, build the board
        logger.warning("Cohort board cache unavailable; building the board", exc_info=True)
        return cohort_board(program=program, today=today)
    if board is None:
        board = cohort_board(program=program, today=today)
        try:
            cache.set(key, board, CACHE_SECONDS)
        except Exception:  # noqa: BLE001 - as above
            logger.warning("Cohort board cache unavailable; board not kept", exc_info=True)
    return board
