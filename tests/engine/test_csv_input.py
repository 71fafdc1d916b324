"""CSV input (the command line; the page's transfer.mjs follows the same policy, tests/js prove it):
`,`, `;` or tab separators found from the header row; unknown columns and stray cells are errors."""

from __future__ import annotations

import pytest

from horizon_eligibility import InputError
from horizon_eligibility.csv_input import csv_separator, parse_csv, read_csv, spreadsheet_safe, unguard
from horizon_eligibility.input_text import closest

EXPECTED = [
    {"name": "Uni A", "country": "DE", "role": "coordinator", "type": "university"},
    {"name": "Firm B; Ltd", "country": "FR", "role": "beneficiary", "flags": ["sanctioned", "russian-owned"]},
    {"name": 'Lab "C"', "country": "ES", "role": "beneficiary", "controlled_by": "Firm B; Ltd"},
]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_every_separator_reads_the_same_participants(separator: str) -> None:
    def line(*cells: str) -> str:
        return separator.join(f'"{c}"' if any(x in c for x in ',;"\t') else c for c in cells) + "\r\n"

    text = (
        "\ufeff"
        + line("Name", "Country", "Role", "Type", "Controlled by", "flags")
        + line("Uni A", "DE", "coordinator", "university", "", "")
        + line("Firm B; Ltd", "FR", "beneficiary", "", "", "sanctioned;russian-owned")
        + line('Lab ""C""', "ES", "beneficiary", "", "Firm B; Ltd", "")
        + "\r\n"
    )
    assert csv_separator(text) == separator
    assert parse_csv(text) == EXPECTED


def test_separator_comes_from_the_header_row_not_the_data() -> None:
    assert csv_separator("name;country;role\nA, B and C;DE;coordinator\n") == ";"
    assert csv_separator('"name;x",country,role\n') == ","
    assert csv_separator("name\nA\n") == ","


@pytest.mark.parametrize(
    ("text", "path", "field", "words"),
    [
        ("name,country,role,notes\nA,DE,coordinator,x\n", "csv", "notes", "the column 'notes' is not one we know"),
        ("name,country,role,contry\nA,DE,coordinator,x\n", "csv", "contry", "Did you mean 'country'?"),
        (
            "name,country,role\nA,DE,coordinator,extra\n",
            "participants[0]",
            "",
            "Row 2 of the CSV: has 4 cells, but the header row has 3 columns.",
        ),
        ("name,country,role,\nA,DE,coordinator,x\n", "csv", "", "column 4 has data but no name"),
        ("naam,land\nA,DE\n", "csv", "", "lacks the column(s) name, country, role"),
        ('name,country,role\n"A,DE,coordinator\n', "csv", "", "is not valid CSV"),
        ("\n \n", "csv", "", "is empty"),
    ],
)
def test_problems_name_the_column_or_row(text: str, path: str, field: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        parse_csv(text)
    assert (error.value.errors[0].path, error.value.errors[0].field) == (path, field)
    assert words in str(error.value)


def test_every_problem_of_a_csv_file_at_once_rows_as_the_participants_they_become() -> None:
    text = "name,country,role,notes,contry\n\nA,DE,coordinator,x,y\nB,FR,beneficiary,,,z\n"
    with pytest.raises(InputError) as error:
        parse_csv(text)
    # The blank line is skipped: row 4 of the file is the second participant.
    assert [(e.path, e.field) for e in error.value.errors] == [
        ("csv", "notes"),
        ("csv", "contry"),
        ("participants[1]", ""),
    ]
    assert error.value.errors[2].message.startswith("Row 4 of the CSV: has 6 cells")


def test_the_call_may_come_in_columns_of_its_own() -> None:
    text = (
        "programme,action,call_id,name,country,role\n"
        "horizon-europe,RIA,HORIZON-CL5-2025-D3-01,A,DE,coordinator\n"
        ",,,B,FR,beneficiary\n"
    )
    reading = read_csv(text)
    assert reading["call"] == {"programme": "horizon-europe", "action": "RIA", "call_id": "HORIZON-CL5-2025-D3-01"}
    assert reading["participants"] == [
        {"name": "A", "country": "DE", "role": "coordinator"},
        {"name": "B", "country": "FR", "role": "beneficiary"},
    ]
    assert reading["notes"] == ["The call is read from the column(s) programme, action, call_id."]
    with pytest.raises(InputError) as error:
        read_csv("action,name,country,role\nRIA,A,DE,coordinator\nIA,B,FR,beneficiary\n")
    assert (error.value.errors[0].path, error.value.errors[0].field) == ("participants[1]", "action")
    assert "gives action 'IA', but an earlier row gives 'RIA'" in error.value.errors[0].message


def test_empty_trailing_cells_and_unnamed_empty_columns_are_not_errors() -> None:
    assert parse_csv("name,country,role,\nA,DE,coordinator,\nB,FR,beneficiary,,\n") == [
        {"name": "A", "country": "DE", "role": "coordinator"},
        {"name": "B", "country": "FR", "role": "beneficiary"},
    ]


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("contry", "country"),
        ("Country ", "country"),
        ("rloe", "role"),
        ("controlled-by", "controlled_by"),
        ("flag", "flags"),
        ("budget", None),
        ("x" * 61, None),
        ("", None),
    ],
)
def test_did_you_mean_only_for_a_slip_of_the_keyboard(typed: str, hint: str | None) -> None:
    assert closest(typed, ("name", "country", "role", "type", "controlled_by", "flags")) == hint


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_would_start_a_formula_is_guarded_and_read_back(cell: str) -> None:
    guarded = spreadsheet_safe(cell)
    assert guarded == "'" + cell
    assert unguard(guarded) == cell


@pytest.mark.parametrize("cell", ["Uni A", "'quoted'", "", "1=1", " =x", "'"])
def test_other_cells_are_left_alone(cell: str) -> None:
    assert spreadsheet_safe(cell) == cell
    assert unguard(cell) == cell


def test_import_takes_the_guard_off() -> None:
    text = "name,country,role\n'=HYPERLINK(\"http://x\"),DE,coordinator\n'-Lab,FR,beneficiary\n"
    assert [p["name"] for p in parse_csv(text)] == ['=HYPERLINK("http://x")', "-Lab"]


@pytest.mark.parametrize("cell", ["'=typed with a quote", "''", "'''=x", "'-", "=", "'"])
def test_every_cell_reads_back_as_it_was_written(cell: str) -> None:
    assert unguard(spreadsheet_safe(cell)) == cell
