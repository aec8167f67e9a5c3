"""The one way the app sends email: subject / text / HTML templates rendered together."""

import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


# In development, the address the browser actually used (set by ServedOriginMiddleware for the
# length of a request), so `runserver 127.0.0.1:8101` links to 8101 whatever SITE_URL says.
served_origin: ContextVar[str | None] = ContextVar("served_origin", default=None)


def site_url() -> str:
    return served_origin.get() or settings.SITE_URL


def absolute_url(path: str) -> str:
    return f"{site_url()}{path}"


def email_send(*, to, template: str, context: dict, fail_silently=False, connection=None) -> int:
    """Render templates/emails/<template>.subject.txt, .txt and .html and send them.

    `to` is an address or a list of addresses. Returns the number of messages sent. Pass an
    open `connection` to send many emails over one SMTP session."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return 0
    context = {"site_url": site_url(), **context}
    subject = " ".join(render_to_string(f"emails/{template}.subject.txt", context).split())
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject, text, settings.DEFAULT_FROM_EMAIL, recipients, connection=connection
    )
    message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except Exception:
        logger.exception("Email %s to %s failed", template, recipients)
        if not fail_silently:
            raise
        return 0
