"""Thin views: parse, call a service or selector, render. Every read goes through the gatekeeper.

`lists` (list, export, import), `records` (create, edit, detail), `actions` (the POSTed steps, attachments),
`boards` (honour roll, statistics, criteria); `urls` names them through this package.
"""

from .actions import attachment_delete, attachment_download, model_action, year_action  # noqa: F401
from .boards import criteria, honour_roll, statistics  # noqa: F401
from .lists import export, import_template, import_view, list_filters, model_list  # noqa: F401
from .records import create, detail, edit  # noqa: F401
