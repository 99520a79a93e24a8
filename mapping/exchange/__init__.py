"""The research spreadsheet in and out: Kumu workbooks, CSV pairs and open standards."""
