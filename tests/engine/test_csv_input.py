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


# The call and the topic in header lines before the column names (README, "Input": how the checker's export
# writes them). Expected values are the lines as written in each test.
HEADED = (
    "# programme: horizon-europe\r\n"
    "# action: RIA\r\n"
    "# call_id: HORIZON-CL5-2025-D3-01\r\n"
    "# call_year: 2025\r\n"
    "# deadline: 2025-09-16\r\n"
    "# part: pillar-2\r\n"
    '"# topic: {""conditions_text"": ""Line one, with a comma.\\nLine two."", ""china_ria_exempt"": true}"\r\n'
    "name,country,role\r\n"
    "A,DE,coordinator\r\n"
    "# B,FR,beneficiary\r\n"
)


def test_header_lines_give_the_call_and_the_topic() -> None:
    reading = read_csv(HEADED)
    assert reading["call"] == {
        "programme": "horizon-europe",
        "action": "RIA",
        "call_id": "HORIZON-CL5-2025-D3-01",
        "call_year": "2025",
        "deadline": "2025-09-16",
        "part": "pillar-2",
        "topic": {"conditions_text": "Line one, with a comma.\nLine two.", "china_ria_exempt": True},
    }
    # After the column names every row is a participant, even one that starts with the mark.
    assert reading["participants"] == [
        {"name": "A", "country": "DE", "role": "coordinator"},
        {"name": "# B", "country": "FR", "role": "beneficiary"},
    ]
    assert reading["notes"] == [
        "The call is read from the header line(s) programme, action, call_id, call_year, deadline, part, topic."
    ]


def test_header_lines_a_spreadsheet_cut_at_its_separator_and_padded_read_the_same() -> None:
    # Excel in most of Europe: ";" between cells; a line it split at a ";" of the topic's text, padded rows.
    text = (
        "# programme: horizon-europe;;\r\n"
        '"# topic: {""conditions_text"": ""a";" b""}";;\r\n'
        "#;;\r\n"
        "name;country;role\r\n"
        "A;DE;coordinator\r\n"
    )
    reading = read_csv(text)
    assert reading["call"] == {"programme": "horizon-europe", "topic": {"conditions_text": "a; b"}}
    assert csv_separator(text) == ";"
    assert reading["notes"][0] == "The cells are separated by semicolons."


def test_an_empty_header_line_gives_nothing() -> None:
    assert read_csv("# deadline:\n# programme: horizon-europe\nname,country,role\nA,DE,coordinator\n")["call"] == {
        "programme": "horizon-europe"
    }


@pytest.mark.parametrize(
    ("lines", "field", "words"),
    [
        ("# programe: horizon-europe\n", "programe", "Did you mean 'programme'?"),
        ("# budget: 3\n", "budget", "Header lines are: programme, action, call_year, call_id, deadline, part, topic."),
        ("# exported yesterday\n", "", "Write a header line as '# name: value'"),
        ('# topic: {"china_ria_exempt": tru}\n', "topic", "its topic is not valid JSON"),
        ("# action: RIA\n# action: IA\n", "action", "gives action a second time, differently"),
    ],
)
def test_header_line_problems_name_the_line(lines: str, field: str, words: str) -> None:
    with pytest.raises(InputError) as error:
        read_csv(lines + "name,country,role\nA,DE,coordinator\n")
    problem = error.value.errors[0]
    assert (problem.path, problem.field) == ("csv", field)
    assert problem.message.startswith(f"The CSV file, line {lines.count(chr(10))}:")
    assert words in problem.text()


def test_a_header_line_and_a_column_that_disagree_are_an_error() -> None:
    with pytest.raises(InputError) as error:
        read_csv("# action: RIA\nname,country,role,action\nA,DE,coordinator,IA\n")
    assert (error.value.errors[0].path, error.value.errors[0].field) == ("csv", "action")
    assert "header line gives action 'RIA', but its column gives 'IA'" in error.value.errors[0].message
    # The same value in both is fine.
    assert read_csv("# action: RIA\nname,country,role,action\nA,DE,coordinator,RIA\n")["call"] == {"action": "RIA"}


# README, "Input policy": a problem names its column, with a hint; a repeated column is not read as its
# last cell (a header line given twice differently is refused the same way).
@pytest.mark.parametrize(
    ("header", "column", "places"),
    [("name,country,country,role", "country", "2, 3"), ("Name,name,country,role", "name", "1, 2")],
)
def test_a_column_named_twice_is_an_error_naming_it(header: str, column: str, places: str) -> None:
    with pytest.raises(InputError) as error:
        parse_csv(f"{header}\nA,DE,FR,coordinator\n")
    problem = error.value.errors[0]
    assert (problem.path, problem.field) == ("csv", column)
    assert f"'{column}' is named more than once in the header row (columns {places})" in problem.message
    assert problem.hint


def test_a_cell_too_long_to_read_says_so_and_the_limit() -> None:
    # Python's csv module reads at most 131,072 characters in a cell (csv.field_size_limit()'s default); a
    # name is at most 300 (README, "Limits").
    with pytest.raises(InputError) as error:
        parse_csv("name,country,role\n" + "A" * 200_000 + ",DE,coordinator\n")
    problem = error.value.errors[0]
    assert "longer than 131,072 characters" in problem.message and "field limit" not in problem.message
    assert problem.hint is not None and "300 characters" in problem.hint
