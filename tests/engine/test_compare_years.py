"""compare_years(): the same consortium, checked for other call years (the CLI's `check --compare-years`
and the checker page's "Compare with other call years" show it)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from support import CONSORTIA, CliResult, example, run_cli

from horizon_eligibility import InputError, check, compare_years, worker
from horizon_eligibility.compare import parse_years

# Also inside Pyodide: the page compares call years through the worker.
pytestmark = pytest.mark.pyodide


def by_year(comparison: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {y["year"]: y for y in comparison["years"]}


def standing(comparison: dict[str, Any], name: str) -> dict[int, tuple[str, bool, str]]:
    participant = next(p for p in comparison["participants"] if p["name"] == name)
    return {y["year"]: (y["status"], y["counts_towards_minimum"], y["funding"]) for y in participant["years"]}


def test_each_year_is_the_verdict_check_gives_for_that_year() -> None:
    data = example("ch-2024-ria-not-associated")
    comparison = compare_years(data, [2024, 2025])
    for year, entry in by_year(comparison).items():
        alone = check({**data, "call_year": year, "call_id": None, "deadline": None})
        assert entry["eligible"] == alone.eligible, year
        assert entry["errors"] == sum(f.severity == "error" for f in alone.findings), year
    participants = check(data).to_dict()["participants"]
    assert [p["name"] for p in comparison["participants"]] == [p["name"] for p in participants]


def test_uk_2023_to_2024_says_what_changed_and_why() -> None:
    comparison = compare_years(example("uk-2023-ria-transitional"), [2023, 2024])
    leeds = standing(comparison, "University of Leeds")
    # 2023: the arrangement did not apply at signature, so Leeds neither counted nor was funded
    assert leeds[2023] == ("transitional", False, "not-eligible")
    assert leeds[2024] == ("associated", True, "eligible")
    years = by_year(comparison)
    assert (years[2023]["eligible"], years[2024]["eligible"]) == (False, True)
    [change] = next(p for p in comparison["participants"] if p["name"] == "University of Leeds")["changes"]
    assert (change["from_year"], change["year"]) == (2023, 2024)
    assert "Associated country (was: Transitional arrangement)" in change["text"] and "Why:" in change["text"]


def test_switzerland_2024_to_2025_turns_the_verdict() -> None:
    comparison = compare_years(example("ch-2024-ria-not-associated"), [2024, 2025])
    years = by_year(comparison)
    assert (years[2024]["eligible"], years[2025]["eligible"]) == (False, True)
    swiss = [p for p in comparison["participants"] if p["country"] == "CH"]
    assert swiss and all(standing(comparison, p["name"])[2025][0] == "associated" for p in swiss)
    assert years[2025]["changes"][0] == "From 2025: eligible (in 2024: not eligible)."
    # The minimum condition (he.RIA.composition) is met from 2025, said with how it is met; not "No longer: ...",
    # which read as if the condition had gone.
    [met] = [c for c in years[2025]["changes"] if "At least three independent beneficiaries" in c]
    assert met.startswith("Met from 2025: At least three independent beneficiaries") and "meets this" in met


def test_a_host_condition_met_from_a_year_is_said_as_met() -> None:
    # Switzerland is associated from the 2025 calls (CH-HE): the ERC host condition (he.ERC-StG.coordinator), an
    # error for 2024, holds from 2025. It has no .met finding: the condition's own words say what is now met.
    years = by_year(compare_years(example("ch-erc-2024-host"), [2024, 2025]))
    assert [c for c in years[2025]["changes"] if c.startswith("Met from 2025: The host (coordinator) is established")]
    assert not [c for c in years[2025]["changes"] if c.startswith("No longer")]


def test_china_2025_to_2026_is_excluded_from_research_and_innovation_actions() -> None:
    comparison = compare_years(example("china-2026-ria"), [2025, 2026])
    years = by_year(comparison)
    assert years[2025]["eligible"] is True and years[2026]["eligible"] is False
    assert any(c.startswith("New from 2026: ") and "China" in c for c in years[2026]["changes"])
    chinese = next(p for p in comparison["participants"] if p["country"] == "CN")
    assert chinese["years"][1]["funding"] == "excluded"
    assert chinese["changes"][0]["year"] == 2026 and "excluded" in chinese["changes"][0]["text"]


def test_a_call_id_that_fixes_the_year_is_dropped_and_its_part_kept() -> None:
    data = example("uk-2023-ria-transitional")  # HORIZON-CL6-2023-…: a Pillar II call of 2023
    assert "part" not in data
    comparison = compare_years(data, [2022, 2023, 2024])
    assert all(y["call_id"] is None for y in comparison["years"])
    assert comparison["part"] == "pillar-2"
    assert any(data["call_id"] in note and "without it" in note for note in comparison["notes"])


def test_a_call_id_of_the_compared_years_is_kept() -> None:
    comparison = compare_years(example("uk-2023-ria-transitional"), [2023])
    assert (
        comparison["notes"] == []
        and comparison["years"][0]["call_id"] == example("uk-2023-ria-transitional")["call_id"]
    )


def test_a_deadline_is_kept_for_its_own_year_only() -> None:
    data = {**example("eg-2025-ria-after-april")}
    assert data.get("deadline")
    comparison = compare_years(data, [2024, 2025, 2026])
    deadlines = {y["year"]: y["deadline"] for y in comparison["years"]}
    assert deadlines == {2024: None, 2025: data["deadline"], 2026: None}
    assert any(data["deadline"] in note and "without a deadline" in note for note in comparison["notes"])


def test_default_is_every_call_year_of_the_programme() -> None:
    assert [y["year"] for y in compare_years(example("design-example"))["years"]] == list(range(2021, 2028))
    assert [y["year"] for y in compare_years(example("h2020-uk-no-is-2018"))["years"]] == list(range(2014, 2021))


@pytest.mark.parametrize(
    ("years", "field", "message"),
    [([2019, 2024], "years", "2019 is outside Horizon Europe"), ([], "years", "none is given")],
)
def test_years_outside_the_programme_are_bad_input(years: list[int], field: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        compare_years(example("design-example"), years)
    assert caught.value.field == field and message in str(caught.value)


def check_error(data: dict[str, Any]) -> tuple[Any, ...]:
    with pytest.raises(InputError) as caught:
        check(data)
    return caught.value.errors


def test_bad_consortium_input_names_the_field_as_check_does() -> None:
    data = example("design-example")
    data["participants"][0]["country"] = "ZZ"
    with pytest.raises(InputError) as caught:
        compare_years(data, [2024])
    assert caught.value.field == "participants[0].country"
    assert caught.value.errors == check_error(data)


@pytest.mark.parametrize(
    ("text", "years"), [("2023-2026", [2023, 2024, 2025, 2026]), ("2025,2023", [2023, 2025]), (" 2024 ", [2024])]
)
def test_parse_years(text: str, years: list[int]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize(
    ("text", "message"), [("2026-2023", "runs backwards"), ("next year", "not a year"), (",", "none is given")]
)
def test_parse_years_names_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_years(text, "--compare-years")


def cli(*args: str) -> CliResult:
    return run_cli("check", *args)


def test_cli_compare_years_json_is_compare_years() -> None:
    path = CONSORTIA / "china-2026-ria.json"
    done = cli(str(path), "--compare-years", "2025-2026", "--format", "json")
    assert done.returncode == 1, done.stderr  # not eligible in 2026
    assert json.loads(done.stdout) == compare_years(json.loads(path.read_text(encoding="utf-8")), [2025, 2026])


def test_cli_compare_years_text_report() -> None:
    done = cli(str(CONSORTIA / "uk-2023-ria-transitional.json"), "--compare-years", "2023-2024")
    assert done.returncode == 1, done.stderr  # not eligible in 2023 (the UK did not count), eligible in 2024
    out = done.stdout
    assert "call years compared" in out and "Note: The call identifier HORIZON-CL6-2023" in out
    assert "2023  NOT ELIGIBLE" in out and "2024  ELIGIBLE" in out
    assert "no/not-eligible" in out and "yes/eligible" in out
    assert "2024: University of Leeds (GB): Associated country (was: Transitional arrangement)" in out


def test_cli_compare_years_bad_option_names_it() -> None:
    done = cli(str(CONSORTIA / "design-example.json"), "--compare-years", "2019-2022")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("error: The years to compare: 2019, 2020 are outside Horizon Europe")


def test_worker_compares_every_year_of_the_programme() -> None:
    data = example("uk-2023-ria-transitional")
    answer = json.loads(worker.compare_years(json.dumps(data)))
    assert answer["ok"] is True and answer["comparison"] == compare_years(data)
    bad = json.loads(worker.compare_years(json.dumps({**data, "action": "XYZ"})))
    assert bad["ok"] is False and [e["path"] for e in bad["errors"]] == ["action"]


def test_compare_years_says_the_same_condition_to_confirm_under_the_next_work_programme() -> None:
    # HE-GA21, HE-GA23, HE-GA25 (not read on this point): a Kenyan CSA beneficiary is a condition to confirm in
    # each, under a rule id of each work programme. The comparison says it is the same condition, not a new one.
    data = {
        "programme": "horizon-europe",
        "action": "CSA",
        "call_year": 2022,
        "participants": [
            {"name": "A", "country": "DE", "role": "coordinator"},
            {"name": "K", "country": "KE", "role": "beneficiary"},
        ],
    }
    years = by_year(compare_years(data, [2022, 2023, 2025]))
    for year, version in ((2023, "2023-2024"), (2025, "2025")):
        changes = years[year]["changes"]
        assert [c for c in changes if "to confirm" in c] == [
            next(c for c in changes if c.startswith(f"Still to confirm, the same condition under the {version}"))
        ], year


# README, "Input policy": bad input is an InputError with a plain message and a hint, never a TypeError or
# ValueError; a message lists at most five values (it is read by a person). Horizon Europe's calls run from
# 2021 to 2027 (Regulation (EU) 2021/695, the programme's duration).
@pytest.mark.parametrize(
    ("years", "words"),
    [
        (["2025"], "holds text ('2025'); each year is a whole number"),
        ([True], "holds true/false"),
        ([2025.0], "holds a number"),
        (2025, "is a number; a list of years is expected"),
        ([10**5000], "a number of more than 12 digits is outside Horizon Europe"),
        (list(range(1, 100_000)), "99,992 of the years given (1, 2, 3, 4, 5 ...) are outside Horizon Europe"),
        ("2019-2024", "2019, 2020 are outside Horizon Europe"),
        ("twenty", "'twenty' is not a year"),
    ],
)
def test_compare_years_from_python_refuses_bad_years_with_a_short_message(years: Any, words: str) -> None:
    with pytest.raises(InputError) as caught:
        compare_years(example("design-example"), years)
    problem = caught.value.errors[0]
    assert words in problem.message and problem.hint and problem.path == "years"
    assert len(str(caught.value)) < 400


def test_compare_years_from_python_takes_years_as_text_as_the_option_does() -> None:
    # The text form is --compare-years's: the same years, whichever way they come.
    data = example("design-example")
    from_text = compare_years(data, "2023-2026")
    assert from_text == compare_years(data, [2023, 2024, 2025, 2026])
    assert [y["year"] for y in from_text["years"]] == parse_years("2023-2026")
