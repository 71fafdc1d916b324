"""Participants from CSV: the command line reads it with this module, the checker page with transfer.mjs,
under one policy (README, "Input"): the separator is `,`, `;` or a tab, whichever the header row holds
most of; an unknown column, or a cell beyond the header's columns, is an error naming it. The call may be
given in columns of its own (CSV_CALL_COLUMNS), the same on every row, or in header lines before the column
names (`# programme: horizon-europe`, `# topic: {"conditions_text": "..."}`: HEADER_FIELDS), which is how the
checker's export writes it.

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
from collections import Counter
from typing import Any

from .input_text import MAX_NAME_LENGTH, Problems, Where, clip, closest, load_json, shown
from .model import InputError

CSV_COLUMNS = ("name", "country", "role", "type", "controlled_by", "flags", "pic")
# The call may come in columns too, the same on every row (the checker's export writes them).
CSV_CALL_COLUMNS = ("programme", "action", "call_year", "call_id", "deadline", "part")
CSV_REQUIRED_COLUMNS = ("name", "country", "role")
# With a pic column, name and country may come from the organisation directory (from_directory.py).
CSV_REQUIRED_COLUMNS_WITH_PIC = ("role",)
# Header lines before the column names: "# name: value", the call's fields as text and the topic as JSON.
HEADER_FIELDS = (*CSV_CALL_COLUMNS, "topic")
HEADER_MARK = "#"
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


def _header_line(line: str) -> bool:
    """A line before the column names that carries a header field (as written, or quoted by a spreadsheet)."""
    return line.lstrip().lstrip('"').startswith(HEADER_MARK)


def csv_separator(text: str) -> str:
    """The separator the header row (the column names) holds most of, quoted text aside; "," when it holds
    none. Header lines before it do not count."""
    lines = text.lstrip("\ufeff").split("\n")
    first = _QUOTED.sub("", next((line for line in lines if line.strip() and not _header_line(line)), ""))
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
    fills them, or in header lines before the header row ("# call_id: HORIZON-CL5-2025-D3-01"; the topic as
    JSON, "# topic: {...}"); `call` holds the input's top-level fields the file gives (text, the topic as
    its JSON holds it), for the engine to read. InputError with every problem found: path "csv" for the file,
    its header lines and its header row, the path of the participant a row becomes (participants[2]) for a
    row."""
    text = text.lstrip("\ufeff")
    separator = csv_separator(text)
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=separator, strict=True))
    except csv.Error as exc:
        if "field limit" in str(exc):  # Python's words: "field larger than field limit (131072)"
            raise _file_error(
                f"has a cell longer than {csv.field_size_limit():,} characters, which is not read.",
                f"A name is at most {MAX_NAME_LENGTH} characters: shorten the cell, or close the quote that runs "
                "cells together.",
            ) from None
        raise _file_error(f"is not valid CSV: {exc}.", "A quote that is opened must be closed.") from None
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(cell.strip() for cell in r)]
    problems = Problems()
    given = _header_fields(numbered, separator, problems)
    if not numbered:
        raise _file_error(
            "is empty.", "Write a header row (name,country,role,type,controlled_by) and one row per partner."
        )
    header = csv_header(numbered[0][1])
    required = CSV_REQUIRED_COLUMNS_WITH_PIC if "pic" in header else CSV_REQUIRED_COLUMNS
    missing = [c for c in required if c not in header]
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
    participants, columns = _rows(header, numbered[1:], problems)
    for key, value in given.items():
        if key in columns and columns[key] != value:
            problems.add(
                Where("csv", key, "The CSV file").problem(
                    f"its header line gives {key} '{shown(str(value))}', but its column gives '{shown(columns[key])}'.",
                    "Give the call once: in the header lines or in the columns.",
                )
            )
    problems.check()
    notes = []
    if separator != ",":
        notes.append(f"The cells are separated by {SEPARATOR_NAMES[separator]}.")
    if given:
        notes.append(f"The call is read from the header line(s) {', '.join(given)}.")
    if columns:
        notes.append(f"The call is read from the column(s) {', '.join(columns)}.")
    return {"participants": participants, "call": {**columns, **given}, "notes": notes}


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
    """Unknown or repeated columns and cells beyond the header are errors; a column with neither name nor data
    is not."""
    allowed = CSV_COLUMNS + CSV_CALL_COLUMNS
    counts = Counter(c for c in header if c)
    for column in (c for c, n in counts.items() if n > 1):
        # A repeated column would keep its last cell silently: which one was meant is not ours to guess.
        places = ", ".join(str(i + 1) for i, c in enumerate(header) if c == column)
        problems.add(
            Where("csv", clip(column), "The CSV file").problem(
                f"the column '{shown(column)}' is named more than once in the header row (columns {places}).",
                "Keep one column of that name: remove or rename the other.",
            )
        )
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


_HEADER_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9_ -]*?)\s*:(.*)$", re.DOTALL)


def _header_fields(numbered: list[tuple[int, list[str]]], separator: str, problems: Problems) -> dict[str, Any]:
    """The header lines at the top of the file (taken off `numbered`): {field: value}. A line a spreadsheet
    has cut at the separator, or padded with empty cells, is joined again."""
    given: dict[str, Any] = {}
    while numbered and numbered[0][1][0].lstrip().startswith(HEADER_MARK):
        number, cells = numbered.pop(0)
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        body = separator.join(cells).strip()[len(HEADER_MARK) :].strip()
        if not body:
            continue  # a line holding only the mark
        where = Where("csv", "", f"The CSV file, line {number}")
        match = _HEADER_FIELD.match(body)
        if match is None:
            problems.add(
                where.problem(
                    f"'{shown(body)}' is no header line.",
                    "Write a header line as '# name: value', such as '# action: RIA'.",
                )
            )
            continue
        key, value = csv_header([match.group(1)])[0], match.group(2).strip()
        where = Where("csv", clip(key), where.label)
        if key not in HEADER_FIELDS:
            near = closest(key, HEADER_FIELDS)
            problems.add(
                where.problem(
                    f"the header line '{shown(key)}' is not one we know.",
                    (f"Did you mean '{near}'? " if near else "") + f"Header lines are: {', '.join(HEADER_FIELDS)}.",
                )
            )
            continue
        if not value:
            continue  # left empty: not given
        if key == "topic":
            try:
                parsed: Any = load_json(value, "its topic")
            except InputError as exc:
                problems.add(
                    where.problem(exc.errors[0].message, "Write the topic as the JSON input has it: an object.")
                )
                continue
        else:
            parsed = value
        if key in given and given[key] != parsed:
            problems.add(where.problem(f"gives {key} a second time, differently.", "Give each header line once."))
            continue
        given[key] = parsed
    return given
