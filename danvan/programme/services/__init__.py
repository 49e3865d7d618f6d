"""Writes on work programmes: create, edit, approve and reopen a programme; add, edit and delete its items;
draft items from last year's Part Two; link the records that carry an item out; record an item's monthly
status. Every write checks the gatekeeper, is audited and keeps the engine's facts in the same transaction.

Rules: a programme and its items are edited while it is a draft; approval (by an approver of the unit or a
unit above) freezes them and makes them count; a reopened programme is a draft again (its items stop
counting until it is approved again). Statuses are recorded on approved programmes only. Links to documents,
campaigns, activities and periodic reports may be added at any time, by whoever may report on the item.

One module per subject (`programmes`, `items`, `drafting`, `bulk`); import the functions from here.
"""

from .bulk import (  # noqa: F401
    items_import_bulk,
)
from .drafting import (  # noqa: F401
    draft_from_part_two,
    part_two_text,
)
from .items import (  # noqa: F401
    item_create,
    item_delete,
    item_links_change,
    item_record_status,
    item_update,
    visible_link_targets,
)
from .programmes import (  # noqa: F401
    ITEM_FIELDS,
    LINK_FIELDS,
    PROGRAMME_FIELDS,
    NothingToDraft,
    get_or_create_programme,
    programme_approve,
    programme_create,
    programme_delete,
    programme_reopen,
    programme_update,
)
