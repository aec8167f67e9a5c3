"""`notify`: the one way a workflow event reaches people.

Each recipient gets an in-app notification (always) and an email according to their preference
for the kind (pathway.notifications.kinds): at once, in the daily digest, or not at all. Emails go
through the outbox (pathway.core.emails), so no request waits on the mail server.

The daily digest gathers the notifications waiting for it and emails each at most once: a run
claims them with one conditional UPDATE and queues the emails in the same transaction, so a run
that dies before committing claims nothing and the next run sends them, and a committed run's
emails are delivered exactly once by the outbox."""

import logging
import re
import uuid
from itertools import groupby

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pathway.core.emails import absolute_url, email_send
from pathway.models import EmailDelivery, Notification, NotificationPreference, User
from pathway.notifications.kinds import kind_get, kind_label
from pathway.notifications.services import notifications_create

logger = logging.getLogger(__name__)

DIGEST_TEMPLATE = "pathway/notifications/daily_digest"
# A digest lists this many notifications and counts the rest: the bell has them all.
DIGEST_ITEMS_MAX = 50
# A comment naming more people than this notifies only the first ones.
MENTIONS_MAX = 10
MENTION = re.compile(r"(?<![\w.@])@([A-Za-z][\w.'-]{0,60})")


def _people(recipients, actor) -> list:
    """Each active person once, in a stable order, never the one who acted."""
    seen, people = set(), []
    for user in recipients:
        if user is None or not user.is_active or user.pk in seen:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        seen.add(user.pk)
        people.append(user)
    return people


def deliveries_for(*, users, kind) -> dict:
    """{user id: EmailDelivery} for one kind, with one query for everyone's saved choices."""
    chosen = dict(
        NotificationPreference.objects.filter(user__in=[u.pk for u in users]).values_list(
            "user_id", "deliveries"
        )
    )
    return {u.pk: kind.delivery_for(chosen.get(u.pk) or {}) for u in users}


def notify(
    *,
    recipients,
    kind: str,
    text: str,
    link: str = "",
    context: dict | None = None,
    actor=None,
    template: str = "",
    now=None,
) -> list[Notification]:
    """Tell `recipients` (users; the actor, inactive people and repeats are left out) about
    one event of `kind`. `link` is the path of the thing it is about; `context` is for the
    email template, which also gets `recipient`, `text` and the absolute `link` (unless
    `context` names another). `template`
    replaces the kind's email for a variant of the event. Returns the notifications made."""
    definition = kind_get(kind)
    people = _people(recipients, actor)
    if not people:
        return []
    now = now or timezone.now()
    delivery = deliveries_for(users=people, kind=definition)
    created = notifications_create(
        notifications=[
            Notification(
                user_id=user.pk,
                kind=kind,
                text=text[:300],
                link=link,
                created_at=now,
                in_digest=delivery[user.pk] == EmailDelivery.DIGEST,
            )
            for user in people
        ]
    )
    email_context = {
        "text": text,
        "link": absolute_url(link) if link else "",
        "preferences_url": absolute_url(reverse("pathway:notification_preferences")),
        **(context or {}),
    }
    for user in people:
        if delivery[user.pk] == EmailDelivery.NOW:
            email_send(
                to=user.email,
                template=template or definition.template,
                context={**email_context, "recipient": user},
                fail_silently=True,
            )
    return created


def _waiting_users(limit) -> list:
    waiting = Notification.objects.filter(in_digest=True, digest_claim__isnull=True)
    return list(waiting.order_by("user_id").values_list("user_id", flat=True).distinct()[:limit])


def notification_digests_send(*, limit_users: int = 1000) -> int:
    """Email everyone their waiting digest notifications. Returns how many emails were queued.

    Safe to run again, in parallel or after a crash: a notification is claimed once."""
    claim = uuid.uuid4()
    with transaction.atomic():
        users = _waiting_users(limit_users)
        if not users:
            return 0
        # Only rows still unclaimed: a run that read the same users and claimed first holds
        # them, and on PostgreSQL this UPDATE waits for it and then skips what it claimed.
        Notification.objects.filter(
            in_digest=True, digest_claim__isnull=True, user_id__in=users
        ).update(digest_claim=claim)
        rows = (
            Notification.objects.filter(digest_claim=claim)
            .select_related("user")
            .order_by("user_id", "created_at", "pk")
        )
        preferences_url = absolute_url(reverse("pathway:notification_preferences"))
        sent = 0
        for _, notices in groupby(rows, key=lambda n: n.user_id):
            notices = list(notices)
            recipient = notices[0].user
            if not recipient.is_active:
                continue
            items = [
                {
                    "text": n.text,
                    "label": kind_label(n),
                    "link": absolute_url(n.link) if n.link else "",
                    "created_at": n.created_at,
                }
                for n in notices[:DIGEST_ITEMS_MAX]
            ]
            # Not fail_silently: an email that cannot be rendered rolls the claim back, so the
            # notifications wait for the next run instead of being lost.
            sent += email_send(
                to=recipient.email,
                template=DIGEST_TEMPLATE,
                context={
                    "recipient": recipient,
                    "items": items,
                    "count": len(notices),
                    "more": max(0, len(notices) - DIGEST_ITEMS_MAX),
                    "link": absolute_url(reverse("pathway:notification_list")),
                    "preferences_url": preferences_url,
                },
            )
    return sent


def mention_handles(text: str) -> list[str]:
    """The distinct `@handles` in a text, lower-cased, in order, at most MENTIONS_MAX."""
    handles = []
    for handle in MENTION.findall(text):
        handle = handle.rstrip(".'-").lower()
        if handle and handle not in handles:
            handles.append(handle)
    return handles[:MENTIONS_MAX]


def _handles_of(user) -> set:
    """What `@` may be followed by to name someone: their email's local part, or their full or
    display name without spaces (`@ana.garcia`, `@AnaGarcia`)."""
    names = {user.email.split("@")[0], user.full_name, user.display_name}
    return {re.sub(r"\s+", "", n).lower() for n in names if n}


def users_mentioned(*, text: str, program_id, can_see) -> list:
    """The active people of the program that `text` mentions and for whom `can_see(user)` is
    true. A mention of someone who cannot see what is commented on notifies nobody, and the
    author cannot tell it from a name that matched no one."""
    handles = set(mention_handles(text))
    if not handles:
        return []
    people = User.objects.filter(program_id=program_id, is_active=True).order_by("pk")
    return [u for u in people if _handles_of(u) & handles and can_see(u)]
