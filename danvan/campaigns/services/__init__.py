"""Writes for campaigns: every change checks permission, validates, audits and updates facts in one transaction.

The UI, the API and the importers call these functions; no other code writes campaign records.

One module per record family (`campaigns`, `ledger`, `houses`; shared checks in `validation`); import the
functions from here.
"""

from .campaigns import (  # noqa: F401
    CAMPAIGN_FIELDS,
    campaign_create,
    campaign_update,
    link_add,
    progress_record,
    target_delete,
    target_set,
)
from .houses import (  # noqa: F401
    ADVANCE_ACTIONS,
    HOUSE_DETAIL_FIELDS,
    STATUS_DATE,
    beneficiary_key,
    house_advance,
    house_create,
    house_date_errors,
    house_update,
    photo_add,
    validate_house,
)
from .ledger import (  # noqa: F401
    build_ledger_entry,
    ledger_record,
    ledger_reverse,
)
from .validation import (  # noqa: F401
    to_vnd,
)
