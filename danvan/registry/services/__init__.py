"""Writes to the registry. The UI, the API and the importer all call these functions.

Every function checks permissions through the gatekeeper, validates with Vietnamese messages that
name the field, audits inside its transaction and keeps the reporting facts in step.

`checks` holds the validation, `records` the writes to a model's own record, `steps` the yearly workflow.
"""

from danvan.accounts.permissions import can_assess

from ..assessment import add_criterion, add_field, criteria_for, record_assessment
from ..rules import fields_for_unit, province_keys
from .checks import COPIED_FIELDS, MODEL_FIELDS, S, duplicate_exists, search_text_for  # noqa: F401
from .records import create_model, discontinue, mark_replicated, register_year, update_model
from .steps import check_recognition, honour, not_recognise, recognise, return_for_changes, start_assessment, submit

__all__ = [
    "create_model", "update_model", "register_year", "submit", "start_assessment", "return_for_changes", "recognise",
    "not_recognise", "honour", "mark_replicated", "discontinue", "record_assessment", "add_criterion", "add_field",
    "check_recognition", "fields_for_unit", "criteria_for", "can_assess", "province_keys",
]
