"""The imports that run as background jobs: one entry per importer, called with the job's owner as actor.

Each runner re-checks everything at run time through the importer (the owner's rights, the campaign's
visibility), exactly as the synchronous path does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danvan.core.imports import ImportResult


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: str | Promise
    run: Callable[..., ImportResult]


def _registry(job, data: bytes) -> ImportResult:
    from danvan.registry.importers import import_models

    return import_models(actor=job.owner, data=data)


def _activities(job, data: bytes) -> ImportResult:
    from danvan.activities.importers import import_activities

    return import_activities(data, actor=job.owner, on_behalf=bool(job.params.get("on_behalf")))


def _commendations(job, data: bytes) -> ImportResult:
    from danvan.commendations.importers import import_commendations

    return import_commendations(actor=job.owner, data=data)


def _campaign(job):
    from danvan.campaigns import selectors

    return selectors.campaign_or_404(job.owner, job.params["campaign"])


def _ledger(job, data: bytes) -> ImportResult:
    from danvan.campaigns.importers import import_ledger

    return import_ledger(data, actor=job.owner, campaign=_campaign(job), on_behalf=bool(job.params.get("on_behalf")))


def _houses(job, data: bytes) -> ImportResult:
    from danvan.campaigns.importers import import_houses

    return import_houses(data, actor=job.owner, campaign=_campaign(job), on_behalf=bool(job.params.get("on_behalf")))


def _datavalues(job, data: bytes) -> ImportResult:
    from danvan.reports.importers import import_datavalues

    return import_datavalues(actor=job.owner, data=data, file_name=job.file_name)


KINDS: dict[str, ImportKind] = {kind.code: kind for kind in (
    ImportKind("registry", _("Nhập mô hình Dân vận khéo"), _registry),
    ImportKind("activities", _("Nhập hoạt động"), _activities),
    ImportKind("commendations", _("Nhập khen thưởng"), _commendations),
    ImportKind("ledger", _("Nhập sổ quỹ vận động"), _ledger),
    ImportKind("houses", _("Nhập danh sách nhà"), _houses),
    ImportKind("datavalues", _("Nhập số liệu tổng hợp"), _datavalues),
)}


def label(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.label) if kind else code
