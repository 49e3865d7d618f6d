"""E-mail backends that fail like broken mail servers (tests only)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """The server is down: the connection is refused. `attempts` counts the tries."""

    attempts = 0

    def send_messages(self, email_messages):
        RefusingBackend.attempts += 1
        raise ConnectionRefusedError(111, "Connection refused")


class SmtpErrorBackend(BaseEmailBackend):
    """The server answers, then fails the transaction."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Temporary failure")
