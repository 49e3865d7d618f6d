"""Writes. The UI, the API and the importer call these; every one checks permissions, validates,
audits and keeps the facts in step, in one transaction."""

from .activities import (  # noqa: F401
    activity_create,
    activity_delete,
    activity_update,
    attachment_add,
    attachment_delete,
    attendees_ceiling,
    commitment_add,
    commitment_set_status,
    issue_add,
    validate_activity,
)
from .documents import (  # noqa: F401
    document_create,
    document_update,
    plan_add,
    project_create,
    project_transition,
    requirement_set,
    review_add,
)
