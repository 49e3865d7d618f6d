"""Validation rules are data (`ValidationRule`): left expression, operator, right expression.

`run_rules` evaluates every active rule against the values given; indicators a rule needs that are
not in `values` are read from the unit's figures for the period. Each failed rule yields a
`RuleResult` (blocking or warning) with its Vietnamese message.
"""

from __future__ import annotations

import operator as op
from dataclasses import dataclass
from decimal import Decimal

from danvan.core.formatting import format_number

from .indicators import evaluate, expression_codes
from .models import ValidationRule

_OPERATORS = {"<=": op.le, "<": op.lt, ">=": op.ge, ">": op.gt, "==": op.eq, "!=": op.ne}


@dataclass(frozen=True)
class RuleResult:
    rule_code: str
    blocking: bool
    message: str
    left: Decimal
    right: Decimal

    def __str__(self) -> str:
        return self.message


def rule_codes(rule: ValidationRule) -> set[str]:
    return set(expression_codes(rule.left)) | set(expression_codes(rule.right))


def active_rules() -> list[ValidationRule]:
    return list(ValidationRule.objects.filter(is_active=True))


def run_rules(*, unit, period: str, values: dict[str, Decimal], rules: list[ValidationRule] | None = None
              ) -> list[RuleResult]:
    """Failed rules for `unit`/`period` given `values` (indicator code -> value)."""
    from .engine import base_codes, with_formulas
    from .selectors import figures

    rules = active_rules() if rules is None else rules
    needed = set()
    for rule in rules:
        needed |= rule_codes(rule)
    known = {code: Decimal(value) for code, value in values.items() if value is not None}
    missing = sorted(code for code in base_codes(needed - set(known)) if code not in known)
    if missing:
        known.update(figures(unit=unit, period=period, indicators=missing))
    known = {**known, **{k: v for k, v in with_formulas(known, needed).items() if k not in known}}
    results = []
    for rule in rules:
        left, right = evaluate(rule.left, known), evaluate(rule.right, known)
        if _OPERATORS[rule.operator](left, right):
            continue
        try:
            message = rule.message % {"left": format_number(left), "right": format_number(right)}
        except (KeyError, ValueError, TypeError):
            message = rule.message
        results.append(RuleResult(rule.code, rule.severity == ValidationRule.Severity.BLOCKING, message,
                                  left, right))
    return results
