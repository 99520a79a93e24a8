"""Stories and projects: the narrative side of the neighbourhood."""

from stories.models.project import (
    ProjectIndexPage,
    ProjectOutcome,
    ProjectPage,
    ProjectUpdate,
)
from stories.models.story import StoryFeaturedListing, StoryIndexPage, StoryPage, StoryTopic

__all__ = [
    "ProjectIndexPage",
    "ProjectOutcome",
    "ProjectPage",
    "ProjectUpdate",
    "StoryFeaturedListing",
    "StoryIndexPage",
    "StoryPage",
    "StoryTopic",
]
