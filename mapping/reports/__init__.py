"""Area reports: a profile of one area, or of the whole neighbourhood, for print and CSV."""
