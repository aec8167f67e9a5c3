"""What a person would notice of a workflow event: what is under their bell and what email is
waiting in the outbox for them."""

from pathway.models import EmailDelivery, Notification, NotificationPreference, Outbox


def notices(user, kind=None):
    """The texts under the person's bell (of one kind), oldest first."""
    rows = Notification.objects.filter(user=user).order_by("created_at", "pk")
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.values_list("text", flat=True))


def told(kind):
    """The ids of everyone notified of `kind`."""
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def emails_to(user, template=None):
    """The emails queued for the person (with a template, only those of that template)."""
    entries = [e for e in Outbox.objects.order_by("pk") if user.email in e.payload["to"]]
    if template is not None:
        entries = [e for e in entries if e.description.startswith(f"{template} to ")]
    return entries


def choose(user, **deliveries):
    """Save the person's email choices, e.g. choose(user, report_reviewed=EmailDelivery.OFF)."""
    for value in deliveries.values():
        assert value in EmailDelivery.values
    preference, _ = NotificationPreference.objects.get_or_create(user=user)
    preference.deliveries = {**preference.deliveries, **deliveries}
    preference.save()
