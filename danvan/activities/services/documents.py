"""The document register and implementation tracking (requirements, plans, reviews, đề án)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danvan.accounts.permissions import ensure_can
from danvan.core.audit import audit, audit_create, diff, snapshot
from danvan.core.concurrency import save_versioned
from danvan.core.db import insert_or_existing, insert_unique
from danvan.core.text import fold, nfc
from danvan.core.workflow import transition
from danvan.orgunits.models import OrgUnit

from .. import uploads
from ..models import Activity, DisseminationRequirement, Document, DocumentReview, ImplementationPlan, Project
from ..symbols import DOC_TYPE_LABELS, parse_symbol
from .common import add, merge_errors, today

DOCUMENT_FIELDS = ("symbol", "issuing_body", "issued_on", "title", "summary", "replaces", "interim_review_years",
                   "final_review_years")


def _validate_document(document: Document, errors: dict[str, list]) -> None:
    try:
        parsed = parse_symbol(document.symbol, field="symbol")
    except ValidationError as error:
        merge_errors(errors, error)
        parsed = None
    if parsed is not None:
        document.symbol, document.family = parsed.symbol, parsed.family
        document.number, document.doc_type, document.issuer_code = parsed.number, parsed.doc_type, parsed.issuer
        if parsed.year and document.issued_on and parsed.year != document.issued_on.year:
            add(errors, "issued_on", _("Năm trong số, ký hiệu (%(y)s) khác năm ban hành (%(d)s).") % {
                "y": parsed.year, "d": document.issued_on.year})
    if document.issued_on is None:
        add(errors, "issued_on", _("Ngày ban hành không được để trống."))
    elif document.issued_on > today():
        add(errors, "issued_on", _("Ngày ban hành không được ở tương lai."))
    if not (document.title or "").strip():
        add(errors, "title", _("Trích yếu không được để trống."))
    if not (document.issuing_body or "").strip():
        add(errors, "issuing_body", _("Cơ quan ban hành không được để trống."))
    if document.replaces_id and document.replaces_id == document.pk:
        add(errors, "replaces", _("Văn bản không thể thay thế chính nó."))
    for name in ("interim_review_years", "final_review_years"):
        value = getattr(document, name)
        if value is not None and not 0 < value <= 50:
            add(errors, name, _("Số năm phải từ 1 đến 50."))
    if (document.interim_review_years and document.final_review_years
            and document.interim_review_years > document.final_review_years):
        add(errors, "interim_review_years", _("Sơ kết phải trước tổng kết."))
    if parsed is not None and document.issued_on and Document.objects.filter(
            symbol=document.symbol, issued_on=document.issued_on).exclude(pk=document.pk).exists():
        add(errors, "symbol", _("Văn bản %(s)s ngày %(d)s đã có trong sổ.") % {
            "s": document.symbol, "d": document.issued_on.strftime("%d/%m/%Y")})


def _set_file(document: Document, upload) -> None:
    extension = uploads.validate_upload(upload, field="file")
    document.file_name = uploads.display_name(upload.name)
    document.file.save(uploads.safe_name(document.file_name, extension), upload, save=False)


def _document_search(document: Document) -> str:
    label = DOC_TYPE_LABELS.get(document.doc_type, "")
    return fold(" ".join([document.symbol, label, document.issuing_body, document.title, document.summary[:300]]))[:800]


def _check_document(document: Document, upload) -> None:
    """The document's fields and its file (when one is sent), every problem reported at once."""
    errors: dict[str, list] = {}
    _validate_document(document, errors)
    if upload is not None:
        try:
            uploads.validate_upload(upload, field="file")
        except ValidationError as error:
            merge_errors(errors, error)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_create(*, actor, unit: OrgUnit, on_behalf: bool = False, upload=None, **fields) -> Document:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    document = Document(unit=unit, created_by=actor if getattr(actor, "pk", None) else None)
    for name, value in fields.items():
        setattr(document, name, nfc(value) if isinstance(value, str) else value)
    _check_document(document, upload)
    if upload is not None:
        _set_file(document, upload)
    document.search_text = _document_search(document)
    insert_unique(document)  # the same symbol and date registered in parallel: 409
    audit_create(actor=actor, action="activities.document.created", target=document, on_behalf=on_behalf)
    return document


@transaction.atomic
def document_update(*, actor, document: Document, expected_version: int | None, on_behalf: bool = False,
                    upload=None, **fields) -> Document:
    ensure_can(actor, "write", document.unit, on_behalf=on_behalf)
    before = snapshot(document)
    for name, value in fields.items():
        if name not in DOCUMENT_FIELDS:
            raise TypeError(f"unknown document field {name}")
        setattr(document, name, nfc(value) if isinstance(value, str) else value)
    _check_document(document, upload)
    update = [*DOCUMENT_FIELDS, "family", "number", "doc_type", "issuer_code", "search_text"]
    if upload is not None:
        _set_file(document, upload)
        update += ["file", "file_name"]
    document.search_text = _document_search(document)
    save_versioned(document, expected_version=expected_version, update_fields=update)
    audit(actor=actor, action="activities.document.updated", target=document, on_behalf=on_behalf,
          changes=diff(before, snapshot(document)))
    return document


def _check_date(errors, field: str, day: datetime.date | None, document: Document, *, label: str) -> None:
    if day is None:
        add(errors, field, _("%(label)s không được để trống.") % {"label": label})
    elif day < document.issued_on:
        add(errors, field, _("%(label)s (%(d)s) trước ngày ban hành văn bản (%(i)s).") % {
            "label": label, "d": day.strftime("%d/%m/%Y"), "i": document.issued_on.strftime("%d/%m/%Y")})


@transaction.atomic
def requirement_set(*, actor, document: Document, unit: OrgUnit, levels: list[str], deadline: datetime.date | None,
                    note: str = "", on_behalf: bool = False) -> DisseminationRequirement:
    """Require the units of `unit`'s subtree at `levels` to disseminate `document` by `deadline` (upsert)."""
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    errors: dict[str, list] = {}
    levels = [lv for lv in levels if lv]
    bad = [lv for lv in levels if lv not in OrgUnit.Level.values]
    if not levels or bad:
        add(errors, "levels", _("Chọn ít nhất một cấp hợp lệ (Trung ương, cấp tỉnh, cấp huyện, cấp xã)."))
    _check_date(errors, "deadline", deadline, document, label=_("Hạn học tập, quán triệt"))
    if errors:
        raise ValidationError(errors)

    def find() -> DisseminationRequirement | None:
        return DisseminationRequirement.objects.select_for_update().filter(document=document, unit=unit).first()

    requirement = find()
    before = snapshot(requirement) if requirement else {}
    values = {"levels": ",".join(lv for lv in OrgUnit.Level.values if lv in levels), "deadline": deadline,
              "note": nfc(note)}
    if requirement is None:
        new = DisseminationRequirement(document=document, unit=unit, **values)

        def save() -> DisseminationRequirement:
            new.save()
            return new

        # Set in parallel for the same unit: the second request changes the row the first one inserted.
        requirement, created = insert_or_existing(save, find)
        if not created:
            before = snapshot(requirement)
    for name, value in values.items():
        setattr(requirement, name, value)
    requirement.save()
    audit(actor=actor, action="activities.requirement.set", target=document, unit=unit, on_behalf=on_behalf,
          changes=diff(before, snapshot(requirement)))
    return requirement


@transaction.atomic
def plan_add(*, actor, document: Document, unit: OrgUnit, issued_on: datetime.date | None, symbol: str = "",
             title: str = "", on_behalf: bool = False) -> ImplementationPlan:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    errors: dict[str, list] = {}
    symbol = nfc(symbol)
    if symbol:
        try:
            symbol = parse_symbol(symbol, field="symbol").symbol
        except ValidationError as error:
            merge_errors(errors, error)
    _check_date(errors, "issued_on", issued_on, document, label=_("Ngày ban hành kế hoạch"))
    if issued_on and issued_on > today():
        add(errors, "issued_on", _("Ngày ban hành kế hoạch không được ở tương lai."))
    if errors:
        raise ValidationError(errors)
    plan = ImplementationPlan.objects.create(document=document, unit=unit, symbol=symbol, issued_on=issued_on,
                                             title=nfc(title))
    audit_create(actor=actor, action="activities.plan.created", target=plan, on_behalf=on_behalf)
    return plan


@transaction.atomic
def review_add(*, actor, document: Document, unit: OrgUnit, kind: str, held_on: datetime.date | None,
               report_symbol: str = "", report: str = "", activity: Activity | None = None,
               on_behalf: bool = False) -> DocumentReview:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    errors: dict[str, list] = {}
    if kind not in DocumentReview.Kind.values:
        add(errors, "kind", _("Chọn sơ kết hoặc tổng kết."))
    _check_date(errors, "held_on", held_on, document, label=_("Ngày sơ kết, tổng kết"))
    if held_on and held_on > today():
        add(errors, "held_on", _("Ngày sơ kết, tổng kết không được ở tương lai."))
    report_symbol = nfc(report_symbol)
    if report_symbol:
        try:
            report_symbol = parse_symbol(report_symbol, field="report_symbol").symbol
        except ValidationError as error:
            merge_errors(errors, error)
    if activity is not None and activity.unit_id != unit.pk:
        add(errors, "activity", _("Hội nghị phải do chính đơn vị này tổ chức."))
    if errors:
        raise ValidationError(errors)
    review = DocumentReview.objects.create(document=document, unit=unit, kind=kind, held_on=held_on,
                                           report_symbol=report_symbol, report=nfc(report), activity=activity)
    audit_create(actor=actor, action="activities.review.created", target=review, on_behalf=on_behalf)
    return review


@transaction.atomic
def project_create(*, actor, unit: OrgUnit, name: str, assigned_by: str, assigned_on: datetime.date | None,
                   deadline: datetime.date | None = None, document: Document | None = None,
                   on_behalf: bool = False) -> Project:
    ensure_can(actor, "write", unit, on_behalf=on_behalf)
    errors: dict[str, list] = {}
    if not nfc(name):
        add(errors, "name", _("Tên đề án không được để trống."))
    if not nfc(assigned_by):
        add(errors, "assigned_by", _("Cơ quan giao đề án không được để trống."))
    if assigned_on is None:
        add(errors, "assigned_on", _("Ngày giao không được để trống."))
    elif assigned_on > today():
        add(errors, "assigned_on", _("Ngày giao không được ở tương lai."))
    elif deadline is not None and deadline < assigned_on:
        add(errors, "deadline", _("Hạn trình trước ngày giao."))
    if errors:
        raise ValidationError(errors)
    project = Project.objects.create(unit=unit, name=nfc(name), assigned_by=nfc(assigned_by),
                                     assigned_on=assigned_on, deadline=deadline, document=document)
    audit_create(actor=actor, action="activities.project.created", target=project, on_behalf=on_behalf)
    return project


@transaction.atomic
def project_transition(*, actor, project: Project, to: str, completed_on: datetime.date | None = None,
                       note: str = "", on_behalf: bool = False) -> Project:
    ensure_can(actor, "write", project.unit, on_behalf=on_behalf)
    extra = {}
    if to == Project.Status.APPROVED:
        completed_on = completed_on or today()
        if completed_on > today():
            raise ValidationError({"completed_on": _("Ngày hoàn thành không được ở tương lai.")})
        extra["completed_on"] = completed_on
    return transition(project, to=to, actor=actor, action=f"activities.project.{to}", note=note,
                      extra_fields=extra, on_behalf=on_behalf)
