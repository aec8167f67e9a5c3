"""The one way the app sends email: subject / text / HTML templates rendered together."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# The template engine without auto-escaping (settings.TEMPLATES), for subjects and plain text.
TEXT_ENGINE = "text"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def email_send(*, to, template: str, context: dict, fail_silently=False, connection=None) -> int:
    """Render templates/emails/<template>.subject.txt, .txt and .html and send them.

    `to` is an address or a list of addresses. Returns the number of messages sent. Pass an
    open `connection` to send many emails over one SMTP session."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return 0
    context = {"site_url": settings.SITE_URL, **context}
    subject = " ".join(
        render_to_string(f"emails/{template}.subject.txt", context, using=TEXT_ENGINE).split()
    )
    text = render_to_string(f"emails/{template}.txt", context, using=TEXT_ENGINE)
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
