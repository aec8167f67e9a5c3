"""The notification centre, delivery preferences, calendar feeds and the reminder schedule."""

import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pathway.models import (
    CalendarFeed,
    Notification,
    NotificationPreference,
    ProgramReminderSettings,
    ReminderLog,
    User,
)

SWEEP_TASK = "pathway.tasks.reminders_sweep_task"
RETRY_TASK = "pathway.tasks.reminders_retry_task"
RETRY_EVERY_MINUTES = 10
DIGEST_TASK = "pathway.tasks.notification_digests_task"
# The daily digest of workflow notifications goes out at this local hour.
DIGEST_HOUR = 7


def unread_recount(*, user_ids) -> None:
    """Set each user's unread count from their notifications, in one UPDATE.

    A recount rather than an increment, so the number cannot drift whatever ran before."""
    user_ids = sorted(set(user_ids))
    if not user_ids:
        return
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    User.objects.filter(pk__in=user_ids).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )


def notifications_create(*, notifications) -> list[Notification]:
    """Add prepared Notification rows in bulk and refresh their recipients' bell counts."""
    if not notifications:
        return []
    with transaction.atomic():
        created = Notification.objects.bulk_create(notifications, batch_size=1000)
        unread_recount(user_ids=[n.user_id for n in notifications])
    return created


def notifications_from_reminders(*, claim, now) -> int:
    """A notification for each reminder claimed under `claim`, copied by the database in one
    INSERT … SELECT: a sweep can claim thousands, and building them in Python is the slow part.

    Returns how many were added; the recipients' bell counts are refreshed."""
    notification, log = Notification._meta, ReminderLog._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(notification.get_field(name).column)
        for name in ("user", "kind", "text", "link", "created_at", "reminder")
    )
    source = ", ".join(
        quote(log.get_field(name).column) for name in ("recipient", "kind", "text", "link")
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(notification.db_table)} ({columns}) "  # noqa: S608 - names from _meta
            f"SELECT {source}, %s, {quote(log.pk.column)} FROM {quote(log.db_table)} "
            f"WHERE {quote(log.get_field('claim').column)} = %s",
            [
                notification.get_field("created_at").get_db_prep_value(now, connection),
                log.get_field("claim").get_db_prep_value(claim, connection),
            ],
        )
        added = cursor.rowcount
        unread_recount(
            user_ids=ReminderLog.objects.filter(claim=claim).values_list("recipient_id", flat=True)
        )
    return added


def notification_send(*, users, kind: str, text: str, link: str = "", now=None):
    """In-app notifications only, with no email and no preference: for notices that are not
    workflow events (the demo's welcome). Workflow events go through
    pathway.notifications.notify.notify."""
    now = now or timezone.now()
    return notifications_create(
        notifications=[
            Notification(user_id=u.pk, kind=kind, text=text[:300], link=link, created_at=now)
            for u in users
        ]
    )


@transaction.atomic
def notification_read(*, notification, now=None) -> Notification:
    if notification.read_at is None:
        notification.read_at = now or timezone.now()
        notification.save(update_fields=["read_at"])
        unread_recount(user_ids=[notification.user_id])
    return notification


@transaction.atomic
def notifications_read_all(*, user, now=None) -> int:
    count = Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
    unread_recount(user_ids=[user.pk])
    user.unread_notifications = 0
    return count


def preference_for(user) -> NotificationPreference:
    """The user's preferences; the defaults (unsaved) when they never chose."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


@transaction.atomic
def preference_update(*, user, routine_delivery: str, weekly_digest: bool, deliveries=None):
    """Save the choices; `deliveries` ({kind: EmailDelivery}) changes only the kinds it names."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    preference.routine_delivery = routine_delivery
    preference.weekly_digest = weekly_digest
    preference.deliveries = {**preference.deliveries, **(deliveries or {})}
    preference.save()
    return preference


def calendar_feed_for(*, user) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret: the old calendar URL stops working at once."""
    from pathway.models.notifications import new_calendar_token

    feed = calendar_feed_for(user=user)
    feed.token = new_calendar_token()
    feed.reset_at = timezone.now()
    feed.save(update_fields=["token", "reset_at"])
    return feed


def reminder_settings_for(*, program) -> ProgramReminderSettings:
    conf, _ = ProgramReminderSettings.objects.get_or_create(program=program)
    return conf


@transaction.atomic
def reminder_settings_update(*, program, reminder_time, digest_weekday, enabled):
    conf = reminder_settings_for(program=program)
    conf.reminder_time, conf.digest_weekday, conf.enabled = reminder_time, digest_weekday, enabled
    conf.save()
    reminder_schedule_sync(program=program)
    return conf


def sweep_task_name(program) -> str:
    return f"Reminder sweep: {program.slug}"


def reminder_schedule_sync(*, program):
    """Make the program's periodic sweep (django-celery-beat) match its reminder settings, and
    make sure failed sends are retried every few minutes. Returns the program's PeriodicTask."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    conf = reminder_settings_for(program=program)
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=str(conf.reminder_time.minute),
        hour=str(conf.reminder_time.hour),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=ZoneInfo(settings.TIME_ZONE),
    )
    task, _ = PeriodicTask.objects.update_or_create(
        name=sweep_task_name(program),
        defaults={
            "task": SWEEP_TASK,
            "crontab": crontab,
            "interval": None,
            "kwargs": json.dumps({"program_id": program.pk}),
            "enabled": conf.enabled,
            "description": f"Daily milestone reminders and digests for {program.name}. "
            "Change the time in the program's reminder settings.",
        },
    )
    every, _ = IntervalSchedule.objects.get_or_create(
        every=RETRY_EVERY_MINUTES, period=IntervalSchedule.MINUTES
    )
    PeriodicTask.objects.get_or_create(
        name="Reminder retries",
        defaults={
            "task": RETRY_TASK,
            "interval": every,
            "description": "Resend reminder emails that failed, with backoff.",
        },
    )
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(DIGEST_HOUR),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=ZoneInfo(settings.TIME_ZONE),
    )
    PeriodicTask.objects.get_or_create(
        name="Daily notification digest",
        defaults={
            "task": DIGEST_TASK,
            "crontab": daily,
            "description": "Email each person the workflow notifications they chose to "
            "receive in a daily digest.",
        },
    )
    return task
