"""Research and conversations: workshops, their findings, and residents' ideas."""

from research.models.ideas import (
    IdeaIndexPage,
    IdeaPage,
    IdeaStatus,
    IdeaSubmission,
    IdeaSupport,
)
from research.models.workshops import (
    FindingKind,
    ResearchIndexPage,
    WorkshopFinding,
    WorkshopPage,
)

__all__ = [
    "FindingKind",
    "IdeaIndexPage",
    "IdeaPage",
    "IdeaStatus",
    "IdeaSubmission",
    "IdeaSupport",
    "ResearchIndexPage",
    "WorkshopFinding",
    "WorkshopPage",
]
