"""Pure rules shared by services and the importer: validation, recipient identity, duplicates, facts.

Kept apart from services.py so the importer can validate every row first and write nothing
until the whole file is known to be good.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.clock import today as today  # re-exported
from danvan.core.text import fold, nfc
from danvan.reports.facts import Fact

from .models import AwardForm, Commendation

INDICATOR_COLLECTIVE = "commendation.collective"
INDICATOR_INDIVIDUAL = "commendation.individual"
FACT_SOURCE = "commendations.commendation"
MIN_YEAR = 1945

TEXT_FIELDS = ("recipient_name", "recipient_position", "recipient_unit_text", "issuing_authority",
               "decision_number", "reason", "link_label", "external_ref")


def normalise(obj: Commendation) -> None:
    """NFC text, a single year stored as start = end, a collective that is a unit named after it."""
    for name in TEXT_FIELDS:
        setattr(obj, name, nfc(getattr(obj, name) or ""))
    if obj.period_start_year and not obj.period_end_year:
        obj.period_end_year = obj.period_start_year
    if obj.recipient_type == Commendation.RecipientType.COLLECTIVE:
        obj.recipient_position = ""
        if obj.recipient_unit_id and not obj.recipient_name:
            obj.recipient_name = obj.recipient_unit.name
    elif obj.recipient_type == Commendation.RecipientType.INDIVIDUAL:
        obj.recipient_unit = None
    if not obj.link_kind:
        obj.link_id = None
    if obj.form_id and not obj.issuing_authority:
        obj.issuing_authority = obj.form.default_authority
    obj.recipient_key = recipient_key(obj)
    obj.search_text = search_text(obj)


def recipient_key(obj: Commendation) -> str:
    """Who is commended, as a comparable key: the same unit, or the same folded name within the same unit."""
    if obj.recipient_type == Commendation.RecipientType.COLLECTIVE and obj.recipient_unit_id:
        return "u:{}".format(obj.recipient_unit_id)
    prefix = "g" if obj.recipient_type == Commendation.RecipientType.COLLECTIVE else "i"
    return ("{}:{}:{}".format(prefix, obj.unit_id or "", fold(obj.recipient_name)))[:320]


def search_text(obj: Commendation) -> str:
    parts = [obj.recipient_name, obj.recipient_position, obj.recipient_unit_text, obj.issuing_authority,
             obj.decision_number, obj.link_label, obj.external_ref, obj.reason[:500]]
    if obj.form_id:
        parts.append(obj.form.name)
    if obj.unit_id:
        parts.append(obj.unit.name)
    if obj.recipient_unit_id:
        parts.append(obj.recipient_unit.name)
    return fold(" ".join(p for p in parts if p))


def validate(obj: Commendation, *, require_decision: bool = False) -> dict[str, list[str]]:
    """Every problem of a commendation, per field, each message naming the field in Vietnamese."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if obj.recipient_type not in Commendation.RecipientType.values:
        add("recipient_type", _("Đối tượng khen thưởng phải là “Tập thể” hoặc “Cá nhân”."))
    elif obj.recipient_type == Commendation.RecipientType.INDIVIDUAL and not obj.recipient_name:
        add("recipient_name", _("Họ và tên: cá nhân được khen thưởng phải có họ và tên."))
    elif obj.recipient_type == Commendation.RecipientType.COLLECTIVE and not (
            obj.recipient_name or obj.recipient_unit_id):
        add("recipient_name", _("Tên tập thể: hãy chọn đơn vị hoặc ghi tên tập thể được khen thưởng."))
    form: AwardForm | None = obj.form if obj.form_id else None
    if form is None:
        add("form", _("Hình thức khen thưởng: chưa chọn hình thức."))
    elif form.has_classes and not obj.award_class:
        add("award_class", _("Hạng: “%(form)s” phải ghi hạng (Nhất, Nhì hoặc Ba).") % {"form": form.name})
    elif not form.has_classes and obj.award_class:
        add("award_class", _("Hạng: “%(form)s” không có hạng.") % {"form": form.name})
    this_year = today().year
    start, end = obj.period_start_year, obj.period_end_year
    if not start:
        add("period_start_year", _("Từ năm: chưa ghi năm (hoặc năm bắt đầu giai đoạn) của thành tích."))
    elif not MIN_YEAR <= start <= this_year:
        add("period_start_year", _("Từ năm: năm %(y)s không hợp lệ (từ %(min)s đến %(max)s).")
            % {"y": start, "min": MIN_YEAR, "max": this_year})
    if end and start and end < start:
        add("period_end_year", _("Đến năm: năm kết thúc %(end)s trước năm bắt đầu %(start)s.")
            % {"end": end, "start": start})
    elif end and end > this_year:
        add("period_end_year", _("Đến năm: năm %(y)s chưa tới.") % {"y": end})
    if obj.decision_date and obj.decision_date > today():
        add("decision_date", _("Ngày quyết định: ngày %(d)s ở tương lai.")
            % {"d": obj.decision_date.strftime("%d/%m/%Y")})
    elif obj.decision_date and start and obj.decision_date.year < start:
        add("decision_date", _("Ngày quyết định: ngày %(d)s trước giai đoạn thành tích (từ năm %(y)s).")
            % {"d": obj.decision_date.strftime("%d/%m/%Y"), "y": start})
    if require_decision:
        if not obj.decision_number:
            add("decision_number", _("Số quyết định: phải ghi số quyết định khen thưởng."))
        if not obj.decision_date:
            add("decision_date", _("Ngày quyết định: phải ghi ngày ký quyết định."))
    if obj.unit_id:
        # A decision must name a unit that existed on its date; before the decision the unit must have
        # existed during the achievement period (units dissolved in 2025 are still commended for 2020–2025).
        if obj.decision_date and not obj.unit.is_valid_on(obj.decision_date):
            add("unit", _("Đơn vị được khen: “%(u)s” không tồn tại vào ngày quyết định %(d)s.")
                % {"u": obj.unit.name, "d": obj.decision_date.strftime("%d/%m/%Y")})
        elif not obj.decision_date and start and not _existed_during(obj.unit, start, max(end or start, start)):
            add("unit", _("Đơn vị được khen: “%(u)s” không tồn tại trong giai đoạn %(p)s.")
                % {"u": obj.unit.name, "p": obj.period_display})
        if obj.proposing_unit_id and not _within(obj.unit, obj.proposing_unit):
            add("proposing_unit", _("Đơn vị đề nghị: “%(p)s” không phải đơn vị được khen hoặc cấp trên của “%(u)s”.")
                % {"p": obj.proposing_unit.name, "u": obj.unit.name})
        if obj.recipient_unit_id and not _within(obj.recipient_unit, obj.unit):
            add("recipient_unit", _("Tập thể là đơn vị: “%(r)s” không thuộc đơn vị được khen “%(u)s”.")
                % {"r": obj.recipient_unit.name, "u": obj.unit.name})
    if obj.link_kind and obj.link_kind not in Commendation.LinkKind.values:
        add("link_kind", _("Loại thành tích gắn với: giá trị “%(v)s” không hợp lệ.") % {"v": obj.link_kind})
    if obj.link_kind and not (obj.link_id or obj.link_label):
        add("link_label", _("Tên mô hình / hoạt động / cuộc vận động: hãy ghi tên hoặc mã bản ghi được khen."))
    return errors


def _existed_during(unit, start_year: int, end_year: int) -> bool:
    start, end = datetime.date(start_year, 1, 1), datetime.date(end_year, 12, 31)
    return (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_to is None or unit.valid_to >= start)


def _within(inner, outer) -> bool:
    return inner.pk == outer.pk or inner.path.startswith(outer.path) or (inner.current_path or "").startswith(
        outer.path)


def raise_if(errors: dict[str, list[str]]) -> None:
    if errors:
        raise ValidationError(errors)


def same_achievement(a: Commendation, b: Commendation) -> bool:
    """Two awards of the same form to the same recipient reward the same achievement when they name the
    same linked record, or — unless they name two different records — when their periods overlap."""
    if a.recipient_key != b.recipient_key or a.form_id != b.form_id:
        return False
    if a.link_kind and b.link_kind and (a.link_id or b.link_id):
        return (a.link_kind, a.link_id) == (b.link_kind, b.link_id)
    return a.period_start_year <= b.period_end_year and b.period_start_year <= a.period_end_year


def duplicates(obj: Commendation) -> list[Commendation]:
    candidates = (Commendation.objects.filter(recipient_key=obj.recipient_key, form_id=obj.form_id)
                  .exclude(status=Commendation.Status.CANCELLED)
                  .select_related("form", "recipient_unit"))
    if obj.pk:
        candidates = candidates.exclude(pk=obj.pk)
    return [other for other in candidates if same_achievement(obj, other)]


def duplicate_message(obj: Commendation, other: Commendation) -> str:
    if other.decision_number:
        where = _("quyết định số %(n)s") % {"n": other.decision_number}
    else:
        where = _("hồ sơ đang ở trạng thái “%(s)s”") % {"s": other.get_status_display()}
    return _(
        "Xác nhận không trùng: “%(r)s” đã được đề nghị hoặc khen “%(f)s” cho cùng thành tích, giai đoạn %(p)s "
        "(%(w)s). Một thành tích chỉ được khen thưởng một lần; nếu đây là thành tích khác, hãy đánh dấu "
        "“Xác nhận không trùng” rồi lưu lại."
    ) % {"r": obj.recipient_display, "f": other.award_display, "p": other.period_display, "w": where}


def facts_for(obj: Commendation) -> list[Fact]:
    """THE counting rule: a decided commendation is one fact on its unit, on its decision date.

    commendation.collective / commendation.individual; category = the award form's code; sector = the
    commended unit's sector. Drafts, proposals, returned, approved-but-undecided and cancelled count nothing.
    """
    if not obj.counts:
        return []
    indicator = (INDICATOR_COLLECTIVE if obj.recipient_type == Commendation.RecipientType.COLLECTIVE
                 else INDICATOR_INDIVIDUAL)
    sector = obj.unit.sector.code if obj.unit.sector_id else ""
    return [Fact(indicator, obj.unit_id, obj.decision_date, 1, category=obj.form.code, sector=sector)]
