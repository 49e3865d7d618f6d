"""Writes of the petitions app. The UI, the API and the demo/bench loaders all call these."""

from .cases import case_create, case_update, new_tracking_code  # noqa: F401
from .documents import check_upload, document_add, document_delete  # noqa: F401
from .hotspots import hotspot_add_cases, hotspot_flag, hotspot_resolve, hotspot_update  # noqa: F401
from .identity import identity_confirm, identity_refuse, identity_request  # noqa: F401
from .petitioners import identity_revoke, petitioner_add, petitioner_delete, petitioner_update  # noqa: F401
from .sentiment import period_bounds, sentiment_create, sentiment_submit, sentiment_update  # noqa: F401
from .steps import (  # noqa: F401
    case_accept,
    case_close,
    case_decide,
    case_extend,
    case_merge,
    case_not_accept,
    case_record_dialogue,
    case_start_verification,
    case_transfer,
    case_withdraw,
)
