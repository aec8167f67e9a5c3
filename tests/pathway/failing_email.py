"""An email backend that refuses addresses starting with "bounce", and delivers the rest to
django.core.mail.outbox like the test backend."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class EmailBackend(LocmemBackend):
    def send_messages(self, messages):
        for message in messages:
            bad = [a for a in message.recipients() if a.startswith("bounce")]
            if bad:
                raise smtplib.SMTPRecipientsRefused({a: (550, b"No such user") for a in bad})
        return super().send_messages(messages)
