"""Work records: activities (conferences, dialogues, competitions, media items…), dialogue issues and
commitments, and the register of Party/State documents with their implementation tracking.

Counting is driven by data: an `ActivityKind` carries the flags (is_conference, is_dialogue,
is_competition, is_media) that `danvan.activities.facts.activity_facts` reads, so an administrator who
adds a kind decides how it counts without a code change.

The models live in `activity` (activities, dialogues, commitments) and `documents` (the document register);
import them from here.
"""

from .activity import Activity, ActivityAttachment, ActivityKind, Commitment, DialogueIssue, _upload_path
from .documents import DisseminationRequirement, Document, DocumentReview, ImplementationPlan, Project

__all__ = ["Activity", "ActivityAttachment", "ActivityKind", "Commitment", "DialogueIssue", "DisseminationRequirement",
           "Document", "DocumentReview", "ImplementationPlan", "Project", "_upload_path"]
