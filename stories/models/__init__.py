"""Stories and projects: the narrative side of the neighbourhood."""

from stories.models.involvement import GetInvolvedResponse
from stories.models.project import (
    ProjectIndexPage,
    ProjectOutcome,
    ProjectPage,
    ProjectUpdate,
)
from stories.models.story import StoryFeaturedListing, StoryIndexPage, StoryPage, StoryTopic
from stories.models.whats_on import WhatsOnPage

__all__ = [
    "GetInvolvedResponse",
    "ProjectIndexPage",
    "ProjectOutcome",
    "ProjectPage",
    "ProjectUpdate",
    "StoryFeaturedListing",
    "StoryIndexPage",
    "StoryPage",
    "StoryTopic",
    "WhatsOnPage",
]
