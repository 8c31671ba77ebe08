"""Importing households and members from the Excel/CSV files offices really have (see docs/import.md).

fupin.core.importing (the reader) -> headers (find the header, map columns) -> rows (parse values) -> validation (plan) -> commit.
"""
