"""Participants from CSV: the command line reads it with this module, the checker page with transfer.mjs,
under one policy (README, "Input"): the separator is `,`, `;` or a tab, whichever the header row holds
most of; an unknown column, or a cell beyond the header's columns, is an error naming it.

CSV written for people opens in spreadsheets, which run a cell that starts with `=`, `+`, `-`, `@`, a tab or
a carriage return as a formula (CSV injection: a partner named `=HYPERLINK(...)`). Every CSV the product
writes (the page's export, the site's country-statuses.csv) passes its cells through `spreadsheet_safe`,
which puts a single quote before such a cell (OWASP's advice); reading takes that quote off again
(`unguard`), here and in the page's csv.mjs.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from .inputs import clip, unknown_message
from .model import InputError

CSV_COLUMNS = ("name", "country", "role", "type", "controlled_by", "flags", "pic")
CSV_REQUIRED_COLUMNS = ("name", "country", "role")
# With a pic column, name and country may come from the organisation directory (from_directory.py).
CSV_REQUIRED_COLUMNS_WITH_PIC = ("role",)
# Excel writes ";" where the decimal mark is a comma (most of Europe), tabs when copied from a sheet.
CSV_SEPARATORS = (",", ";", "\t")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUOTED = re.compile(r'"[^"]*"')
_HEADER_SPACE = re.compile(r"[\s-]+")


def _guarded(cell: str) -> bool:
    """True for a cell that spreadsheet_safe changes: a formula, or a quote that unguard would take off."""
    return cell.startswith(FORMULA_START) or (cell[:1] == "'" and cell[1:2].startswith((*FORMULA_START, "'")))


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: a single quote before one that would start a formula (and
    before a quote that unguard would take off, so that unguard(spreadsheet_safe(cell)) == cell)."""
    return "'" + cell if _guarded(cell) else cell


def unguard(cell: str) -> str:
    """The cell as it was before spreadsheet_safe."""
    return cell[1:] if cell[:1] == "'" and _guarded(cell[1:]) else cell


def csv_separator(text: str) -> str:
    """The separator the header row holds most of (quoted text aside); "," when it holds none."""
    first = _QUOTED.sub("", text.lstrip("\ufeff").split("\n", 1)[0])
    counts = [first.count(separator) for separator in CSV_SEPARATORS]
    best = max(range(len(CSV_SEPARATORS)), key=counts.__getitem__)
    return CSV_SEPARATORS[best] if counts[best] else ","


def csv_header(cells: list[str]) -> list[str]:
    """Column names as the input's field names: "Controlled by" and "controlled-by" are controlled_by."""
    return [_HEADER_SPACE.sub("_", cell.strip().lower()) for cell in cells]


def parse_csv(text: str) -> list[dict[str, Any]]:
    """Partners from CSV with a header row: name,country,role[,type,controlled_by,flags,pic] (with a pic
    column, role alone is required: the organisation directory fills in the rest)."""
    text = text.lstrip("\ufeff")
    separator = csv_separator(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=separator, strict=True))
    except csv.Error as exc:
        raise InputError("csv", f"not valid CSV: {exc}") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise InputError(
            "csv",
            "is empty: a header row (name,country,role,type,controlled_by) and one row per partner are needed",
        )
    header = csv_header(rows[0])
    required = CSV_REQUIRED_COLUMNS_WITH_PIC if "pic" in header else CSV_REQUIRED_COLUMNS
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(
            "csv",
            f"the header row lacks column(s) {', '.join(missing)} (found: {', '.join(header) or 'nothing'})",
        )
    _check_columns(header, rows[1:])
    participants = []
    for row in rows[1:]:
        item: dict[str, Any] = {}
        for column, cell in zip(header, row, strict=False):
            value = unguard(cell.strip())
            if not value or not column:
                continue
            item[column] = [f.strip() for f in re.split(r"[;,]", value) if f.strip()] if column == "flags" else value
        participants.append(item)
    return participants


def _check_columns(header: list[str], rows: list[list[str]]) -> None:
    """Unknown columns and cells beyond the header are errors; a column with neither name nor data is not."""
    for index, column in enumerate(header):
        if not column and any(index < len(row) and row[index].strip() for row in rows):
            raise InputError("csv", f"column {index + 1} has data but no name in the header row")
        if column and column not in CSV_COLUMNS:
            raise InputError(f"csv column {clip(column)}", unknown_message("column", column, CSV_COLUMNS))
    for number, row in enumerate(rows, start=2):
        if any(cell.strip() for cell in row[len(header) :]):
            raise InputError(f"csv row {number}", f"has {len(row)} cells but the header has {len(header)} columns")
