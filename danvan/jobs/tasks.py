"""The jobs' Huey tasks: run one import, recover stalled jobs every minute and when a consumer starts,
delete job files no longer needed every night."""

import logging

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

logger = logging.getLogger(__name__)


@db_task(retries=0)
def run_import_job(job_pk: int, token: str) -> None:
    from .services import run_job

    run_job(job_pk, token)


@db_periodic_task(crontab(minute="*"))
def recover_jobs() -> None:
    from .services import recover_stalled

    recover_stalled()


@db_periodic_task(crontab(hour="3", minute="40"))
def clean_job_files() -> None:
    from .services import clean_files

    clean_files()


@HUEY.on_startup()
def recover_at_start() -> None:
    """A consumer that starts after a crash takes the orphaned jobs back at once, not a minute later."""
    from django.db import close_old_connections

    from .services import recover_stalled

    try:
        recover_stalled()
    except Exception:  # the database may still be starting; the periodic sweep tries again
        logger.exception("job recovery at start-up failed")
    finally:
        close_old_connections()
