"""Writes on annual reports: create, edit the document fields, save section drafts, finalise, reopen."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.accounts.permissions import APPROVE, WRITE, ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import StaleRecordError, save_versioned
from danvan.core.db import insert_or_existing
from danvan.core.workflow import transition

from . import documents, outline, selectors
from .models import AnnualReport, AnnualReportSectionVersion

DOCUMENT_FIELDS = ["superior_body", "issuing_body", "number", "place", "report_date", "title", "signing_formula",
                   "signer_title", "signer_position", "signer", "recipients", "draft_number"]
FINALISE_FIELDS = ["report_date", "signing_formula", "signer_position", "signer"]


@transaction.atomic
def get_or_create_report(*, actor, unit, year: int, boundaries: str = "historical", half: int = 0,
                         on_behalf: bool = False) -> AnnualReport:
    """The unit's report for the period, created with the unit's document fields on first edit."""
    ensure_can(actor, WRITE, unit, on_behalf=on_behalf)
    selectors.check_unit_in_year(unit, year, half)
    boundaries = selectors.parse_boundaries(boundaries)
    def find() -> AnnualReport | None:
        return AnnualReport.objects.select_for_update().filter(unit=unit, year=year, half=half,
                                                               boundaries=boundaries).first()

    report = find()
    if report is not None:
        return report
    _start, end = selectors.year_bounds(year, half)
    defaults = documents.defaults(unit, year, day=end, half=bool(half),
                                  has_next_part=selectors.has_next_part(unit, year, half))
    new = AnnualReport(unit=unit, year=year, half=half, boundaries=boundaries, **defaults)
    new.full_clean()

    def save() -> AnnualReport:
        new.save()
        return new

    # Opened for the first time by two people at once: both get the one report.
    saved, created = insert_or_existing(save, find)
    if not created:
        return saved
    audit_create(actor=actor, action="annual.report.created", target=saved, on_behalf=on_behalf)
    return saved


def _ensure_draft(report: AnnualReport) -> None:
    if report.is_final:
        raise ValidationError(_("Báo cáo đã hoàn thành; cần mở lại trước khi sửa."), code="final")


@transaction.atomic
def update_document(*, actor, report: AnnualReport, fields: dict, expected_version: int | None,
                    on_behalf: bool = False) -> AnnualReport:
    """Header, number, place and date, trích yếu, signature and recipients."""
    ensure_can(actor, WRITE, report.unit, on_behalf=on_behalf)
    _ensure_draft(report)
    before = snapshot(report, DOCUMENT_FIELDS)
    for name in DOCUMENT_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(report, name, value.strip() if isinstance(value, str) else value)
    if "signing_formula" in fields and report.signing_formula:
        report.signer_title = documents.formula_title(report.signing_formula)
    report.full_clean()
    changes = diff(before, snapshot(report, DOCUMENT_FIELDS))
    if not changes:
        return report
    save_versioned(report, expected_version=expected_version, update_fields=DOCUMENT_FIELDS)
    audit(actor=actor, action="annual.report.updated", target=report, changes=changes, on_behalf=on_behalf)
    return report


@transaction.atomic
def save_section(*, actor, report: AnnualReport, section: str, text: str, base_version_id: int | None = None,
                 on_behalf: bool = False) -> AnnualReportSectionVersion | None:
    """Save a new version of one section. `base_version_id` is the version the editor started from;
    if somebody saved a newer one meanwhile, the save is refused instead of overwriting their text.
    Returns None when the text did not change."""
    ensure_can(actor, WRITE, report.unit, on_behalf=on_behalf)
    AnnualReport.objects.select_for_update().filter(pk=report.pk).first()
    _ensure_draft(report)
    if section not in outline.EDITABLE_KEYS:
        raise ValidationError({"section": _("Mục “%(section)s” không có trong đề cương báo cáo.") % {
            "section": section}})
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > 100_000:
        raise ValidationError({"text": _("Nội dung quá dài (tối đa 100.000 ký tự).")})
    latest = selectors.section_history(report, section).first()
    if base_version_id is not None and latest is not None and latest.pk != base_version_id:
        raise StaleRecordError(_("Mục này vừa được người khác lưu sau khi bạn mở. Hãy tải lại trang; nội dung của "
                                 "bạn chưa được lưu."), code="stale")
    if (latest.text if latest else "") == text:
        return None
    version = AnnualReportSectionVersion.objects.create(report=report, section=section, text=text, author=actor)
    AnnualReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    audit(actor=actor, action="annual.section.saved", target=report, on_behalf=on_behalf,
          changes={section: [latest.text if latest else "", text]},
          note=_("Phiên bản mới của mục %(section)s") % {"section": section})
    return version


@transaction.atomic
def finalise(*, actor, report: AnnualReport, note: str = "", fields: dict | None = None) -> AnnualReport:
    """Freeze the figures and the text: the report shows this snapshot and its "as of" time from now on.

    `fields` are what the signer chooses when finalising: the issue date, the signing formula, the
    position and the name. The issue date is required and fixed from then on."""
    ensure_can(actor, APPROVE, report.unit)
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    fields = {key: value for key, value in (fields or {}).items() if key in FINALISE_FIELDS and value not in (None, "")}
    for name, value in fields.items():
        setattr(report, name, value.strip() if isinstance(value, str) else value)
    if report.signing_formula:
        report.signer_title = documents.formula_title(report.signing_formula)
    if report.report_date is None:
        raise ValidationError({"report_date": _("Cần chọn ngày ban hành báo cáo trước khi hoàn thành.")})
    report.full_clean()
    report.save(update_fields=[*FINALISE_FIELDS, "signer_title"])
    payload = selectors.build_payload(unit=report.unit, year=report.year, boundaries=report.boundaries,
                                      report=report, half=report.half)
    now = timezone.now()
    payload["document"]["draft_mark"] = ""
    payload["document"]["appendix_line"] = appendix_line(payload["document"])
    payload["status"] = AnnualReport.Status.FINAL
    payload["finalised_at"] = now.isoformat()
    report.snapshot = payload
    report.save(update_fields=["snapshot"])
    transition(report, to=AnnualReport.Status.FINAL, actor=actor, action="annual.report.finalised",
               note=note or _("Chốt số liệu đến %(as_of)s") % {"as_of": payload["as_of"]},
               extra_fields={"finalised_at": now, "finalised_by": actor})
    audit(actor=actor, action="annual.report.snapshot", target=report,
          changes={"figures": [None, payload["figures"]]}, note=_("Số liệu được chốt trong báo cáo"))
    return report


_BODY_WORDS = {"BAN DÂN VẬN": "Ban Dân vận", "BAN TUYÊN GIÁO VÀ DÂN VẬN": "Ban Tuyên giáo và Dân vận",
               "ĐẢNG ỦY KHỐI": "Đảng ủy Khối"}


def _body_words(issuing: str) -> str:
    return _BODY_WORDS.get(issuing.strip(), issuing.strip().capitalize())


def _superior_words(superior: str) -> str:
    """"TỈNH ỦY HẬU GIANG" -> "Tỉnh ủy Hậu Giang"; "BAN CHẤP HÀNH TRUNG ƯƠNG" -> "Trung ương"."""
    if superior.strip() == "BAN CHẤP HÀNH TRUNG ƯƠNG":
        return "Trung ương"
    words = superior.split()
    if len(words) >= 2 and words[1] == "ỦY":
        return " ".join([words[0].capitalize(), "ủy", *(w.capitalize() for w in words[2:])])
    return superior.capitalize()


def appendix_line(doc: dict) -> str:
    """"Kèm theo Báo cáo số 07-BC/BDVTU, ngày 27/12/2023 của Ban Dân vận Tỉnh ủy Hậu Giang"."""
    from danvan.core.formatting import format_date_short

    day = datetime.date.fromisoformat(doc["date"]) if doc.get("date") else None
    issuer = " ".join(part for part in (_body_words(doc.get("issuing_body", "")),
                                        _superior_words(doc.get("superior_body", ""))) if part)
    return _("Kèm theo Báo cáo số %(number)s, ngày %(date)s của %(issuer)s") % {
        "number": doc.get("number") or "…", "date": format_date_short(day) if day else "…", "issuer": issuer}


@transaction.atomic
def reopen(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Back to draft (figures live again); the reason is kept in the audit trail."""
    ensure_can(actor, APPROVE, report.unit)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Cần ghi lý do mở lại báo cáo.")})
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    transition(report, to=AnnualReport.Status.DRAFT, actor=actor, action="annual.report.reopened",
               note=reason.strip(), extra_fields={"finalised_at": None, "finalised_by": None})
    report.snapshot = None  # the frozen figures stay in the audit trail ("annual.report.snapshot")
    report.save(update_fields=["snapshot"])
    return report


ISSUING_FIELDS = ["doc_superior_body", "doc_issuing_body", "doc_symbol", "doc_place", "doc_signing_formula",
                  "doc_signer_position", "doc_signer_name"]


@transaction.atomic
def update_issuing_body(*, actor, unit, fields: dict):
    """The unit's own header and signing data (blank = the default for its kind). Audited."""
    from danvan.accounts.permissions import ensure_can_edit_issuing_body

    ensure_can_edit_issuing_body(actor, unit)
    before = snapshot(unit, ISSUING_FIELDS)
    for name in ISSUING_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(unit, name, (value or "").strip())
    unit.full_clean(exclude=[f.name for f in unit._meta.fields if f.name not in ISSUING_FIELDS])
    changes = diff(before, snapshot(unit, ISSUING_FIELDS))
    if changes:
        unit.save(update_fields=ISSUING_FIELDS)
        audit(actor=actor, action="orgunits.issuing_body.updated", target=unit, unit=unit, changes=changes)
    return unit
