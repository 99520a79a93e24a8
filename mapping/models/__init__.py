"""The mapping app's models: the public pages and the stored, derived data behind them."""

from mapping.models.network import NetworkNeighbourhood, NetworkSnapshot
from mapping.models.opportunities import Match, Need
from mapping.models.pages import MapPage, NetworkPage, OpportunitiesPage, ReportsPage
from mapping.models.spreadsheets import SpreadsheetImport, SpreadsheetImportFile

__all__ = [
    "MapPage",
    "Match",
    "Need",
    "NetworkNeighbourhood",
    "NetworkPage",
    "NetworkSnapshot",
    "OpportunitiesPage",
    "ReportsPage",
    "SpreadsheetImport",
    "SpreadsheetImportFile",
]
