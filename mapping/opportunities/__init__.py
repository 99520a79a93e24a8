"""Opportunities for action: needs matched with offers nearby, and the needs nobody meets."""
