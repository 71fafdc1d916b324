"""Participants from CSV: the command line reads it with this module, the checker page with transfer.mjs,
under one policy (README, "Input"): the separator is `,`, `;` or a tab, whichever the header row holds
most of; an unknown column, or a cell beyond the header's columns, is an error naming it. The call may be
given in columns of its own (CSV_CALL_COLUMNS), the same on every row.

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

from .input_text import Problems, Where, clip, closest, shown
from .model import InputError

CSV_COLUMNS = ("name", "country", "role", "type", "controlled_by", "flags", "pic")
# The call may come in columns too, the same on every row (the checker's export writes them).
CSV_CALL_COLUMNS = ("programme", "action", "call_year", "call_id", "deadline", "part")
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
    participants: list[dict[str, Any]] = read_csv(text)["participants"]
    return participants


def read_csv(text: str) -> dict[str, Any]:
    """{"participants": [...], "call": {...}, "notes": [...]} from CSV with a header row. The call may come in
    columns of its own (programme, action, call_year, call_id, deadline, part), the same on every row that
    fills them. InputError with every problem found: path "csv" for the file and its header, the path of the
    participant a row becomes (participants[2]) for a row."""
    text = text.lstrip("\ufeff")
    separator = csv_separator(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=separator, strict=True))
    except csv.Error as exc:
        raise _file_error(f"is not valid CSV: {exc}.", "A quote that is opened must be closed.") from None
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    if not numbered:
        raise _file_error(
            "is empty.", "Write a header row (name,country,role,type,controlled_by) and one row per partner."
        )
    header = csv_header(numbered[0][1])
    required = CSV_REQUIRED_COLUMNS_WITH_PIC if "pic" in header else CSV_REQUIRED_COLUMNS
    missing = [c for c in required if c not in header]
    problems = Problems()
    if missing:
        found = ", ".join(h for h in header if h) or "nothing"
        problems.add(
            _FILE.problem(
                f"the header row lacks the column(s) {', '.join(missing)} (it has: {clip(found, 200)}).",
                "The first row names the columns: name,country,role and any of type,controlled_by,flags "
                "(or pic,role: the organisation directory gives the name, country and type of a PIC).",
            )
        )
    _check_columns(header, numbered[1:], problems)
    problems.check()
    participants, call = _rows(header, numbered[1:], problems)
    problems.check()
    notes = []
    if separator != ",":
        notes.append(f"The cells are separated by {SEPARATOR_NAMES[separator]}.")
    if call:
        notes.append(f"The call is read from the column(s) {', '.join(call)}.")
    return {"participants": participants, "call": call, "notes": notes}


SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}
_FILE = Where("csv", "", "The CSV file")


def _file_error(what: str, hint: str | None = None) -> InputError:
    return _FILE.error(what, hint)


def _rows(
    header: list[str], rows: list[tuple[int, list[str]]], problems: Problems
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    participants = []
    call: dict[str, str] = {}
    for index, (number, row) in enumerate(rows):
        item: dict[str, Any] = {}
        for column, cell in zip(header, row, strict=False):
            value = unguard(cell.strip())
            if not value or not column:
                continue
            if column in CSV_CALL_COLUMNS:
                if call.setdefault(column, value) != value:
                    problems.add(
                        Where(f"participants[{index}]", column, f"Row {number} of the CSV").problem(
                            f"gives {column} '{shown(value)}', but an earlier row gives '{shown(call[column])}'.",
                            "The call is the same for every partner: give it once, or the same on every row.",
                        )
                    )
            elif column == "flags":
                item[column] = [f.strip() for f in re.split(r"[;,]", value) if f.strip()]
            else:
                item[column] = value
        participants.append(item)
    return participants, call


def _check_columns(header: list[str], rows: list[tuple[int, list[str]]], problems: Problems) -> None:
    """Unknown columns and cells beyond the header are errors; a column with neither name nor data is not."""
    allowed = CSV_COLUMNS + CSV_CALL_COLUMNS
    for index, column in enumerate(header):
        if not column and any(index < len(row) and row[index].strip() for _, row in rows):
            problems.add(
                _FILE.problem(
                    f"column {index + 1} has data but no name in the header row.", "Name the column, or remove it."
                )
            )
        if column and column not in allowed:
            near = closest(column, allowed)
            problems.add(
                Where("csv", clip(column), "The CSV file").problem(
                    f"the column '{shown(column)}' is not one we know.",
                    (f"Did you mean '{near}'? " if near else "") + f"The columns are: {', '.join(allowed)}.",
                )
            )
    for index, (number, row) in enumerate(rows):
        if any(cell.strip() for cell in row[len(header) :]):
            problems.add(
                Where(f"participants[{index}]", "", f"Row {number} of the CSV").problem(
                    f"has {len(row)} cells, but the header row has {len(header)} columns.",
                    "A cell holding the separator must be in double quotes.",
                )
            )
