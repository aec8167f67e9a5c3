"""The one way the app sends email: subject / text / HTML templates rendered together.

`email_send` never talks to the mail server: it renders the email and writes it to the outbox
in the caller's transaction; a worker sends it after the commit, with retries (pathway.core.outbox).
No request waits on SMTP, and a mail server that is down or refuses loses nothing."""

import logging
from contextvars import ContextVar

from django.conf import settings
from django.template.loader import render_to_string

from pathway.core.outbox import email_message, outbox_email

logger = logging.getLogger(__name__)
# The template engine without auto-escaping (settings.TEMPLATES), for subjects and plain text.
TEXT_ENGINE = "text"


# In development, the address the browser actually used (set by ServedOriginMiddleware for the
# length of a request), so `runserver 127.0.0.1:8101` links to 8101 whatever SITE_URL says.
served_origin: ContextVar[str | None] = ContextVar("served_origin", default=None)


def site_url() -> str:
    return served_origin.get() or settings.SITE_URL


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}"


def email_render(template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of templates/emails/<template>.subject.txt, .txt and .html."""
    context = {"site_url": site_url(), **context}
    subject = " ".join(
        render_to_string(f"emails/{template}.subject.txt", context, using=TEXT_ENGINE).split()
    )
    text = render_to_string(f"emails/{template}.txt", context, using=TEXT_ENGINE)
    html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def email_send(*, to, template: str, context: dict, fail_silently=False) -> int:
    """Render the email and queue it in the outbox; it is sent once the transaction commits.

    `to` is an address or a list of addresses. Returns the number of emails queued (0 or 1).
    With `fail_silently`, an email that cannot even be rendered is logged and skipped."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return 0
    try:
        subject, text, html = email_render(template, context)
    except Exception:
        logger.exception("Email %s to %s could not be rendered", template, recipients)
        if not fail_silently:
            raise
        return 0
    outbox_email(to=recipients, subject=subject, text=text, html=html, template=template)
    return 1


def email_send_now(*, to, template: str, context: dict, connection=None) -> int:
    """Send at once, over `connection` if given. Only for senders that record each message
    themselves (the reminder delivery, the outbox); everyone else uses `email_send`."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return 0
    subject, text, html = email_render(template, context)
    return email_message(
        to=recipients, subject=subject, text=text, html=html, connection=connection
    ).send()
