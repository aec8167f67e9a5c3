"""The health check a load balancer or uptime monitor polls: is this process up, and does it
reach the database? It reads no session and no user, so it costs one query and nothing else.

`/healthz/ready` is the operators' detail: database, cache, broker, outbox backlog and failed
deliveries, each named when it fails."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Q
from django.db.models.functions import Now
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.celery import app as celery_app
from pathway.models import Outbox, ReminderLog, SendStatus

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # A monitor only sees the status; the log says why, for whoever is paged.
        logger.exception("Health check: the database query failed")
        return HttpResponse(
            "database unavailable", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


# --- Readiness ---------------------------------------------------------------------------------
# For operators and orchestrators: can this deployment do its work right now? Each dependency
# on its own line, "ok" or "failing: why"; 503 when any fails. /healthz stays the cheap check.

BACKLOG_AFTER = timedelta(minutes=15)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache():
    cache.set("healthz:ready", "1", 10)
    if cache.get("healthz:ready") != "1":
        raise RuntimeError("a value written could not be read back")
    return "ok"


def _check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "ok (none: background work runs in-process)"
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _check_outbox():
    """Work waiting longer than a worker takes means the workers (or the broker) are stuck."""
    late = timezone.now() - BACKLOG_AFTER
    waiting = (
        Outbox.objects.filter(status=SendStatus.PENDING, created_at__lt=late).count()
        + ReminderLog.objects.filter(status=SendStatus.PENDING, claimed_at__lt=late)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=Now()))
        .count()
    )
    if waiting:
        raise RuntimeError(f"{waiting} waiting more than {BACKLOG_AFTER.seconds // 60} minutes")
    return "ok"


def _failed_deliveries():
    """Given up after every retry: listed for site administrators with "retry now"."""
    gave_up = (
        Outbox.objects.filter(status=SendStatus.GAVE_UP).count()
        + ReminderLog.objects.filter(status=SendStatus.GAVE_UP).count()
    )
    retrying = (
        Outbox.objects.filter(status=SendStatus.FAILED).count()
        + ReminderLog.objects.filter(status=SendStatus.FAILED).count()
    )
    return f"{gave_up} given up, {retrying} being retried"


CHECKS = (
    ("database", _check_database),
    ("cache", _check_cache),
    ("broker", _check_broker),
    ("outbox backlog", _check_outbox),
)


@never_cache
@require_safe
def healthz_ready(request):
    lines, failing = [], False
    for name, check in CHECKS:
        try:
            lines.append(f"{name}: {check()}")
        except Exception as error:  # noqa: BLE001 - any failure of a dependency is reported
            failing = True
            logger.warning("Readiness check: %s is failing", name, exc_info=True)
            lines.append(f"{name}: failing ({type(error).__name__}: {error})"[:300])
    try:
        lines.append(f"failed deliveries: {_failed_deliveries()}")
    except Exception:  # noqa: BLE001 - the database line above already says why
        lines.append("failed deliveries: unknown")
    lines.insert(0, "not ready" if failing else "ready")
    return HttpResponse(
        "\n".join(lines) + "\n",
        status=503 if failing else 200,
        content_type="text/plain; charset=utf-8",
    )
