"""Exports of the ledger, the houses and the progress table: streaming CSV or write-only XLSX.

The ledger and house exports use the import columns, so an exported file can be re-imported unchanged.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.exports import csv_response, xlsx_response

from .importers import HOUSE_COLUMNS, HOUSE_OPTIONAL, LEDGER_COLUMNS, LEDGER_OPTIONAL

LEDGER_HEADER = [*LEDGER_COLUMNS, *LEDGER_OPTIONAL, "dao_but_toan", "nguoi_ghi", "ghi_luc"]
HOUSE_HEADER = [*HOUSE_COLUMNS, *HOUSE_OPTIONAL, "ma_nha"]


def _respond(fmt: str, filename: str, title: str, header, rows):
    if fmt == "csv":
        return csv_response(f"{filename}.csv", header, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", [(title, header, rows)])
    raise Http404


def ledger_rows(entries):
    for e in entries.select_related("unit", "reverses", "created_by").iterator(chunk_size=2000):
        yield [e.external_ref or f"#{e.pk}", e.day, e.unit.key, int(e.amount), e.kind, e.form, e.in_kind_description,
               e.donor_kind, e.donor_display, e.note, (e.reverses.external_ref or f"#{e.reverses_id}")
               if e.reverses_id else "", str(e.created_by or ""),
               timezone.localtime(e.created_at).replace(tzinfo=None)]


def house_rows(houses):
    for h in houses.select_related("unit").iterator(chunk_size=2000):
        yield [h.external_ref or f"#{h.pk}", h.unit.key, h.beneficiary_name, int(h.unit_cost), h.beneficiary_address,
               h.beneficiary_category, h.kind, h.funding_sources, h.status, h.started_on, h.completed_on,
               h.handed_over_on, h.note, h.pk]


def ledger_export(entries, campaign, fmt: str):
    return _respond(fmt, f"so-quy-{campaign.pk}", _("Sổ quỹ"), LEDGER_HEADER, ledger_rows(entries))


def houses_export(houses, campaign, fmt: str):
    return _respond(fmt, f"nha-{campaign.pk}", _("Nhà, công trình"), HOUSE_HEADER, house_rows(houses))


def progress_export(campaign, progress: dict, fmt: str):
    header = [_("Xếp hạng"), _("Mã đơn vị"), _("Đơn vị"), _("Chỉ tiêu nhà"), _("Nhà đã hoàn thành"),
              _("Chỉ tiêu tiền (đồng)"), _("Đã nhận (đồng)"), _("Cam kết (đồng)"), _("Tỷ lệ đạt (%)")]

    def rows():
        for r in progress["ranking"]:
            yield [r.rank, r.unit.key, r.unit.name, int(r.houses_target) if r.houses_target else "", r.houses_done,
                   int(r.money_target) if r.money_target else "", int(r.received), int(r.pledged),
                   float(round(r.ratio * 100, 1)) if r.ratio is not None else ""]

    return _respond(fmt, f"tien-do-{campaign.pk}", _("Tiến độ"), header, rows())
