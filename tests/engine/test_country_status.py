"""country_status(): the status every page, the CSV and `countries` publish is what check() decides.

The differential test runs check() with a Rules object of its own (no memo shared with country_status)
on an otherwise eligible consortium, for every country x programme x call year x part, for the deadline
on either side of a date where one decides, and for the other action types a country is treated
differently in.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

import pytest

from horizon_eligibility import InputError, check, country_status, load_rules
from horizon_eligibility.rules import Rules, parse_rules
from horizon_eligibility.status import Outcome

RULES = load_rules()
PROGRAMMES = list(RULES.programmes)


@pytest.fixture(scope="module")
def separate_rules() -> Rules:
    rules = parse_rules(resources.files("horizon_eligibility").joinpath("rules.json").read_text(encoding="utf-8"))
    assert rules is not RULES
    return rules


def _as_checked(
    rules: Rules, programme: str, action: str, year: int, part: str, code: str, deadline: str | None
) -> Any:
    data: dict[str, Any] = {
        "programme": programme,
        "action": action,
        "call_year": year,
        "part": part,
        "participants": [
            {"name": "Coordinator DE", "country": "DE", "role": "coordinator"},
            {"name": "Partner FR", "country": "FR", "role": "beneficiary"},
            {"name": "Partner IT", "country": "IT", "role": "beneficiary"},
            {"name": "Subject", "country": code, "role": "beneficiary"},
        ],
    }
    if deadline:
        data["deadline"] = deadline
    verdict = check(data, rules)
    result = verdict.participants[3]
    return verdict, Outcome(result.status, result.counts_towards_minimum, result.funding, result.reason)


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_published_status_equals_check_for_every_country_year_and_part(programme: str, separate_rules: Rules) -> None:
    p = RULES.programme(programme)
    action = p.reference_action
    compared = 0
    for year in range(p.first_call_year, p.last_call_year + 1):
        for part in p.parts:
            for code in RULES.countries:
                published = country_status(programme, year, part, code)
                verdict, checked = _as_checked(separate_rules, programme, action, year, part, code, None)
                where = f"{programme} {year} {part} {code}"
                assert checked == published.outcome, where
                assert verdict.eligible == (published.funding != "excluded"), where
                compared += 1
                split = published.depends_on_deadline
                if split:
                    day_before = _day_before(split.date)
                    _, before = _as_checked(separate_rules, programme, action, year, part, code, day_before)
                    _, after = _as_checked(separate_rules, programme, action, year, part, code, split.date)
                    assert before == split.before and after == split.from_date, where
                for other in published.other_actions:
                    _, in_other = _as_checked(separate_rules, programme, other.action, year, part, code, None)
                    assert in_other == other.outcome, f"{where} {other.action}"
    assert compared == (p.last_call_year - p.first_call_year + 1) * len(p.parts) * len(RULES.countries)


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def test_published_status_shows_action_specific_restrictions_as_such() -> None:
    china = country_status("horizon-europe", 2023, "pillar-2", "CN")
    assert china.funding == "not-eligible"
    assert [(o.action, o.outcome.funding) for o in china.other_actions] == [("IA", "excluded")]


def test_published_status_says_when_the_deadline_decides() -> None:
    russia = country_status("horizon-europe", 2021, "pillar-2", "RU")
    assert russia.depends_on_deadline is not None
    assert russia.depends_on_deadline.date == "2022-03-04"
    assert russia.depends_on_deadline.before.funding == "not-eligible"
    assert russia.depends_on_deadline.from_date.funding == "excluded"
    assert country_status("horizon-europe", 2021, "pillar-2", "RU", deadline="2021-10-06").funding == "not-eligible"
    assert country_status("horizon-europe", 2023, "pillar-2", "RU").depends_on_deadline is None


def test_published_status_accepts_eu_codes_and_rejects_bad_input() -> None:
    assert country_status("horizon-europe", 2024, None, "EL").code == "GR"
    with pytest.raises(InputError, match="'ZZ' is not a country we know"):
        country_status("horizon-europe", 2024, None, "ZZ")
    with pytest.raises(InputError, match="outside Horizon Europe"):
        country_status("horizon-europe", 2031, None, "DE")
    with pytest.raises(InputError, match="'pillar-9' is not a part of Horizon Europe"):
        country_status("horizon-europe", 2024, "pillar-9", "DE")


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_published_status_for_an_action_without_a_part_is_that_actions_part(
    programme: str, separate_rules: Rules
) -> None:
    """`countries CODE --action MSCA-PF`: the part is the action's usual one, as check() assumes (Korea is
    associated in Pillar II only, so not for an MSCA host)."""
    p = RULES.programme(programme)
    year = p.last_call_year
    for action, spec in p.actions.items():
        part = spec["default_part"]
        for code in RULES.countries:
            published = country_status(programme, year, None, code, action)
            assert published.part == part, (action, code)
            _, checked = _as_checked(separate_rules, programme, action, year, part, code, None)
            assert checked.status == published.status and checked.funding == published.funding, (action, code)
    korea = country_status("horizon-europe", 2025, None, "KR", "MSCA-PF")
    assert korea.status == "third-country" and not korea.counts_towards_minimum
