"""Kiến nghị, phản ánh, khiếu nại, tố cáo (cases), their deadlines as data, hotspots and
public-sentiment reports (tình hình Nhân dân).

Privacy: a denouncer's identity lives only in `Petitioner` rows. Those fields are listed in
`AUDIT_REDACTED_FIELDS`, `Petitioner.__str__` never shows them, and every reader goes through
`selectors.can_see_identity` (an explicit `IdentityGrant` for tố cáo cases).

One module per subject (`cases`, `deadlines`, `people`, `documents`, `sentiment`); import the models from here.
"""

from .cases import Case, Field, Hotspot, Kind
from .deadlines import DeadlineRule, Extension
from .documents import CaseDocument, _document_path
from .people import IdentityGrant, IdentityGrantRequest, Petitioner
from .sentiment import SentimentIssue, SentimentReport

__all__ = ["Case", "CaseDocument", "DeadlineRule", "Extension", "Field", "Hotspot", "IdentityGrant",
           "IdentityGrantRequest", "Kind", "Petitioner", "SentimentIssue", "SentimentReport", "_document_path"]
