"""XLSX/CSV import of commendations: all or nothing, every error by line and column, idempotent on external_ref.

A row with a decision (số and ngày quyết định) records a decision already taken on paper: it is stored
as "Đã có quyết định" and counts. A row without a decision is stored as a draft nomination.
Re-importing the same file changes nothing; a changed row updates its record (drafts, returned
nominations and decided records only — a nomination waiting for approval is not overwritten).
"""

from __future__ import annotations

import copy

from django.utils.translation import gettext as _

from danvan.accounts.permissions import write_modes
from danvan.core.imports import ImportFailed, ImportResult, RowError, RowReader, apply, read_table, tracked
from danvan.core.text import fold
from danvan.orgunits.selectors import UnitsByKey

from . import rules, services
from .models import AwardForm, Commendation

REQUIRED = ["external_ref", "unit_key", "recipient_type", "recipient_name", "form", "period_start_year"]
OPTIONAL = ["proposing_unit_key", "recipient_unit_key", "recipient_position", "recipient_unit_text", "award_class",
            "issuing_authority", "decision_number", "decision_date", "reason", "period_end_year", "link_kind",
            "link_id", "link_label", "confirm_duplicate"]
# Columns the export writes for people to read; accepted and ignored on import so an export re-imports.
IGNORED = ["id", "status", "unit_name", "form_name", "award_level"]
EXPORT_HEADER = ["id", "external_ref", "status", "unit_key", "unit_name", "proposing_unit_key", "recipient_type",
                 "recipient_unit_key", "recipient_name", "recipient_position", "recipient_unit_text", "form",
                 "form_name", "award_level", "award_class", "issuing_authority", "decision_number", "decision_date",
                 "reason", "period_start_year", "period_end_year", "link_kind", "link_id", "link_label"]

FIELD_COLUMNS = {"unit": "unit_key", "proposing_unit": "proposing_unit_key", "recipient_unit": "recipient_unit_key",
                 "form": "form", "__all__": ""}
RECIPIENT_TYPES = {"collective": "collective", "tap the": "collective", "tap_the": "collective",
                   "individual": "individual", "ca nhan": "individual", "ca_nhan": "individual"}
CLASSES = {"": "", "nhat": "nhat", "hang nhat": "nhat", "1": "nhat", "i": "nhat",
           "nhi": "nhi", "hang nhi": "nhi", "2": "nhi", "ii": "nhi",
           "ba": "ba", "hang ba": "ba", "3": "ba", "iii": "ba"}
LINK_KINDS = {fold(str(label)): code for code, label in Commendation.LinkKind.choices if code}
LINK_KINDS.update({code: code for code in Commendation.LinkKind.values if code})
YES = {"x", "1", "co", "yes", "true"}


def _form_resolver():
    forms = list(AwardForm.objects.all())
    lookup = {}
    for form in forms:
        lookup[fold(form.code)] = form
        lookup[fold(form.name)] = form
    return lambda value: lookup.get(fold(value))


def import_commendations(*, actor, data: bytes) -> ImportResult:
    rows = read_table(data, required=REQUIRED, optional=OPTIONAL + IGNORED)
    errors: list[RowError] = []
    units = UnitsByKey()
    find_form = _form_resolver()
    refs = [row.get("external_ref", "").strip() for _line, row in rows]
    existing = {c.external_ref: c for c in Commendation.objects.filter(external_ref__in=[r for r in refs if r])
                .select_related("unit", "proposing_unit", "form", "recipient_unit")}
    seen_refs: dict[str, int] = {}
    planned: list[tuple[int, Commendation, Commendation | None, bool]] = []

    write_mode = write_modes(actor)  # False: own unit; True: on behalf; None: not allowed

    for line, row in tracked(rows):
        r = RowReader(line, row, errors)
        ref = r.text("external_ref", required=True, max_length=100)
        if ref and ref in seen_refs:
            r.error("external_ref", _("mã tham chiếu “%(r)s” đã có ở dòng %(l)s.") % {"r": ref, "l": seen_refs[ref]})
        seen_refs.setdefault(ref, line)
        not_found = _("không có đơn vị với mã “%(v)s”.")
        unit = r.lookup("unit_key", units.get, required=True,
                        not_found=not_found % {"v": row.get("unit_key", "")})
        proposing = r.lookup("proposing_unit_key", units.get,
                             not_found=not_found % {"v": row.get("proposing_unit_key", "")}) or unit
        recipient_unit = r.lookup("recipient_unit_key", units.get,
                                  not_found=not_found % {"v": row.get("recipient_unit_key", "")})
        kind_text = r.text("recipient_type", required=True)
        recipient_type = RECIPIENT_TYPES.get(fold(kind_text)) if kind_text else None
        if kind_text and recipient_type is None:
            r.error("recipient_type", _("“%(v)s” không hợp lệ (tập thể hoặc cá nhân).") % {"v": kind_text})
        form = r.lookup("form", find_form, required=True,
                        not_found=_("không có hình thức khen thưởng “%(v)s”.") % {"v": row.get("form", "")})
        class_text = r.text("award_class")
        award_class = CLASSES.get(fold(class_text))
        if award_class is None:
            r.error("award_class", _("hạng “%(v)s” không hợp lệ (Nhất, Nhì, Ba).") % {"v": class_text})
        link_text = r.text("link_kind")
        link_kind = LINK_KINDS.get(fold(link_text)) if link_text else ""
        if link_kind is None:
            r.error("link_kind", _("“%(v)s” không hợp lệ (dvk_model, activity, campaign).") % {"v": link_text})
        start = r.integer("period_start_year", required=True, minimum=1)
        end = r.integer("period_end_year", minimum=1)
        decision_number = r.text("decision_number", max_length=60)
        decision_date = r.date("decision_date")
        fields = {
            "recipient_name": r.text("recipient_name", max_length=255),
            "recipient_position": r.text("recipient_position", max_length=200),
            "recipient_unit_text": r.text("recipient_unit_text", max_length=255),
            "issuing_authority": r.text("issuing_authority", max_length=200),
            "reason": r.text("reason"),
            "link_id": r.integer("link_id", minimum=1),
            "link_label": r.text("link_label", max_length=255),
        }
        confirm = fold(r.text("confirm_duplicate")) in YES
        if unit is not None and write_mode(unit if proposing is None else proposing) is None:
            column = "proposing_unit_key" if row.get("proposing_unit_key") else "unit_key"
            r.error(column, _("bạn không có quyền nhập dữ liệu cho đơn vị “%(u)s”.") % {"u": proposing.name})
        current = existing.get(ref)
        if current is not None and current.status not in (*Commendation.EDITABLE_STATUSES,
                                                          Commendation.Status.DECIDED):
            r.error("external_ref", _("hồ sơ “%(r)s” đang trong quy trình duyệt (%(s)s), không cập nhật từ tệp.")
                    % {"r": ref, "s": current.get_status_display()})
        if current is not None and write_mode(current.proposing_unit) is None:
            r.error("external_ref", _("bạn không có quyền sửa hồ sơ “%(r)s”.") % {"r": ref})
        if not r.ok:
            continue
        decided = bool(decision_number or decision_date)
        values = dict(external_ref=ref, unit=unit, proposing_unit=proposing, recipient_type=recipient_type,
                      recipient_unit=recipient_unit, form=form, award_class=award_class, period_start_year=start,
                      period_end_year=end or start, link_kind=link_kind, decision_number=decision_number,
                      decision_date=decision_date, **fields)
        if current is not None:
            obj = copy.copy(current)
            for name, value in values.items():
                setattr(obj, name, value)
            if decided:
                obj.status = Commendation.Status.DECIDED
        else:
            obj = Commendation(**values)
            obj.status = Commendation.Status.DECIDED if decided else Commendation.Status.DRAFT
        rules.normalise(obj)
        problems = rules.validate(obj, require_decision=obj.status == Commendation.Status.DECIDED)
        for field, messages in problems.items():
            for message in messages:
                r.error(FIELD_COLUMNS.get(field, field), message)
        if not r.ok:
            continue
        if not (confirm or obj.duplicate_confirmed):
            clash = next((other for _l, other, _c, _b in planned if rules.same_achievement(obj, other)), None)
            if clash is None:
                clash = next(iter(rules.duplicates(obj)), None)
            if clash is not None:
                r.error("confirm_duplicate", rules.duplicate_message(obj, clash)
                        + " " + _("Ghi “x” vào cột confirm_duplicate nếu đây là thành tích khác."))
                continue
        obj.duplicate_confirmed = obj.duplicate_confirmed or confirm
        planned.append((line, obj, current, bool(write_mode(proposing))))
    if errors:
        raise ImportFailed(errors)
    return apply(lambda: services.commendations_import_bulk(
        actor=actor, rows=[(obj, current, on_behalf) for _line, obj, current, on_behalf in planned]))


def export_row(c: Commendation) -> list:
    return [c.pk, c.external_ref, c.get_status_display(), c.unit.key, c.unit.name, c.proposing_unit.key,
            c.get_recipient_type_display(), c.recipient_unit.key if c.recipient_unit_id else "", c.recipient_name,
            c.recipient_position, c.recipient_unit_text, c.form.code, c.form.name, c.form.get_level_display(),
            c.award_class, c.issuing_authority, c.decision_number,
            c.decision_date.strftime("%d/%m/%Y") if c.decision_date else "", c.reason, c.period_start_year,
            c.period_end_year, c.link_kind, c.link_id or "", c.link_label]
