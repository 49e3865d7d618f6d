"""The indicator catalogue: built-in indicators plus what record apps register, synced into `Indicator`.

Built-ins exist even before a record app registers them, so aggregates can be entered and
imported for every indicator code the issue names. A registration by a record app (name,
categories) takes precedence over the built-in text; a formula stays a formula.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from .catalogue import registered_indicators
from .models import Indicator, ValidationRule


@dataclass(frozen=True)
class BuiltIn:
    code: str
    name: str
    unit_of_measure: str
    source: str = Indicator.Source.RECORDS
    formula: str = ""
    is_money: bool = False
    order: int = 100
    categories: dict = field(default_factory=dict)
    description: str = ""


BUILT_INS: list[BuiltIn] = [
    BuiltIn("dvk.registered", "Mô hình “Dân vận khéo” được đăng ký", "mô hình", order=10),
    BuiltIn("dvk.recognised.collective", "Mô hình “Dân vận khéo” tập thể được công nhận", "mô hình", order=11),
    BuiltIn("dvk.recognised.individual", "Mô hình “Dân vận khéo” cá nhân được công nhận", "mô hình", order=12),
    BuiltIn("dvk.recognised", "Mô hình “Dân vận khéo” được công nhận", "mô hình", source=Indicator.Source.FORMULA,
            formula="dvk.recognised.collective + dvk.recognised.individual", order=13,
            description="Tổng số mô hình tập thể và cá nhân được công nhận."),
    BuiltIn("conference.dissemination", "Hội nghị học tập, quán triệt", "hội nghị", order=20,
            description="Hội nghị học tập, quán triệt, triển khai thực hiện văn bản."),
    BuiltIn("conference.dissemination.attendees", "Lượt người dự hội nghị học tập, quán triệt", "lượt người",
            order=21),
    BuiltIn("dialogue", "Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân", "cuộc", order=30),
    BuiltIn("competition", "Cuộc thi tìm hiểu", "cuộc", order=40),
    BuiltIn("media", "Tin, bài tuyên truyền", "tin, bài", order=50),
    BuiltIn("commendation.collective", "Tập thể được khen thưởng", "tập thể", order=60),
    BuiltIn("commendation.individual", "Cá nhân được khen thưởng", "cá nhân", order=61),
    BuiltIn("petition.received", "Đơn thư tiếp nhận", "đơn", order=70),
    BuiltIn("petition.resolved", "Đơn thư đã giải quyết", "đơn", order=71),
    BuiltIn("campaign.money.received", "Số tiền vận động được", "đồng", is_money=True, order=80),
    BuiltIn("campaign.houses.completed", "Nhà đại đoàn kết, nhà tình nghĩa hoàn thành", "căn", order=81),
]

BUILT_IN_RULES = [
    {"code": "dvk-recognised-le-registered", "left": "dvk.recognised", "operator": "<=",
     "right": "dvk.registered", "severity": ValidationRule.Severity.WARNING,
     "message": "Số mô hình “Dân vận khéo” được công nhận (%(left)s) lớn hơn số mô hình được đăng ký "
                "(%(right)s)."},
    {"code": "attendees-ge-conferences", "left": "conference.dissemination.attendees", "operator": ">=",
     "right": "conference.dissemination", "severity": ValidationRule.Severity.WARNING,
     "message": "Số lượt người dự hội nghị học tập, quán triệt (%(left)s) nhỏ hơn số hội nghị (%(right)s)."},
]

_TERM_RE = re.compile(r"\s*([+-])?\s*([A-Za-z_][A-Za-z0-9_.]*|\d+(?:\.\d+)?)\s*")


def parse_expression(expression: str) -> list[tuple[int, str]]:
    """"a + b - 2" -> [(1, "a"), (1, "b"), (-1, "2")]. ValueError on anything else."""
    terms: list[tuple[int, str]] = []
    position = 0
    text = expression.strip()
    if not text:
        raise ValueError("empty expression")
    while position < len(text):
        match = _TERM_RE.match(text, position)
        if not match or match.end() == position:
            raise ValueError(f"bad expression {expression!r}")
        sign, term = match.groups()
        if sign is None and terms:
            raise ValueError(f"bad expression {expression!r}")
        terms.append((-1 if sign == "-" else 1, term))
        position = match.end()
    return terms


def evaluate(expression: str, values: dict[str, Decimal]) -> Decimal:
    total = Decimal(0)
    for sign, term in parse_expression(expression):
        if term[0].isdigit():
            total += sign * Decimal(term)
        else:
            total += sign * Decimal(values.get(term, 0) or 0)
    return total


def expression_codes(expression: str) -> list[str]:
    return [term for _sign, term in parse_expression(expression) if not term[0].isdigit()]


@transaction.atomic
def sync_indicators() -> tuple[int, int]:
    """Create/update Indicator rows from the built-ins and the registrations; seed the built-in rules."""
    wanted: dict[str, dict] = {}
    for item in BUILT_INS:
        wanted[item.code] = {
            "name": item.name, "unit_of_measure": item.unit_of_measure, "source": item.source,
            "formula": item.formula, "is_money": item.is_money, "order": item.order,
            "categories": dict(item.categories), "description": item.description, "app": "",
        }
    for code, spec in registered_indicators().items():
        entry = wanted.get(code, {"formula": "", "order": spec.order, "description": ""})
        source = spec.source if spec.source in Indicator.Source.values else Indicator.Source.RECORDS
        if entry.get("formula"):
            source = Indicator.Source.FORMULA
        entry.update({
            "name": spec.name, "unit_of_measure": spec.unit_of_measure, "source": source,
            "is_money": spec.is_money or entry.get("is_money", False),
            "categories": dict(spec.categories) or entry.get("categories", {}),
            "description": spec.description or entry.get("description", ""),
            "app": "" if spec.source in Indicator.Source.values else spec.source,
        })
        entry.setdefault("order", spec.order)
        wanted[code] = entry
    created = updated = 0
    existing = {i.code: i for i in Indicator.objects.all()}
    for code, fields in wanted.items():
        indicator = existing.get(code)
        if indicator is None:
            Indicator.objects.create(code=code, **fields)
            created += 1
            continue
        changed = [name for name, value in fields.items() if getattr(indicator, name) != value]
        if changed:
            for name in changed:
                setattr(indicator, name, fields[name])
            indicator.save(update_fields=changed)
            updated += 1
    for rule in BUILT_IN_RULES:
        ValidationRule.objects.get_or_create(code=rule["code"], defaults=rule)
    from . import engine

    engine.forget_indicators()
    return created, updated
