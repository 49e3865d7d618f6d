"""Demo: the demo accounts get an e-mail address (console backend under `make run`: the messages print in
the job consumer's output) and today's reminders are computed, so the bell shows them (idempotent)."""

from danvan.accounts.models import User
from danvan.core.demo import DEMO_ACCOUNTS

from . import services

DEMO_DOMAIN = "danvan.example"  # a reserved domain: nothing is ever delivered there


def load_demo_data() -> str:
    for account in DEMO_ACCOUNTS:
        User.objects.filter(username=account.username, email="").update(email=f"{account.username}@{DEMO_DOMAIN}")
    result = services.compute_reminders()
    return f"Nhắc việc: {result.created} nhắc việc mới cho hôm nay."
