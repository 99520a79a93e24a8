from moderation.models.add_listing import AddListingPage
from moderation.models.submission import ListingSubmission
from moderation.models.suggestion import Suggestion, SuggestionKind
from moderation.models.task import ModerationTask

__all__ = ["AddListingPage", "ListingSubmission", "ModerationTask", "Suggestion", "SuggestionKind"]
