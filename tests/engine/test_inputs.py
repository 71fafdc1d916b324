"""Bad input gets a clear error naming the field, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from support import example, grows_linearly

from horizon_eligibility import InputError, check


def broken(**changes: Any) -> dict[str, Any]:
    return {**example("design-example"), **changes}


def with_participant(index: int, **changes: Any) -> dict[str, Any]:
    data = example("design-example")
    data["participants"][index] = {**data["participants"][index], **changes}
    return data


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ([], "", "JSON object"),
        (broken(programme="horizon-3000"), "programme", "not one of"),
        (broken(action="XYZ"), "action", "not an action type"),
        (broken(call_year=2030, call_id=None), "call_year", "outside Horizon Europe"),
        (broken(call_year="twenty", call_id=None), "call_year", "must be a year"),
        (broken(call_year=True, call_id=None), "call_year", "must be a year"),
        (broken(call_year=2024), "call_year", "does not match"),
        (broken(call_year=None, call_id=None), "call_year", "missing"),
        (broken(deadline="16/09/2025"), "deadline", "YYYY-MM-DD"),
        (broken(part="pillar-9"), "part", "not one of"),
        (broken(participants=[]), "participants", "empty"),
        (broken(participants="DE,FR"), "participants", "must be a list"),
        (broken(participants=[1, 2]), "participants[0]", "must be an object"),
        (broken(colour="blue"), "colour", "unknown field"),
        (broken(topic={"eligible_countries": ["QQ"]}), "topic.eligible_countries[0]", "unknown country"),
        (broken(topic={"health_challenge": True}), "topic.health_challenge", "unknown field"),
        (broken(topic={"china_ria_exempt": "yes"}), "topic.china_ria_exempt", "true or false"),
        (with_participant(1, country="QQ"), "participants[1] (Firm B).country", "unknown country code 'QQ'"),
        (with_participant(1, country=49), "participants[1] (Firm B).country", "must be text"),
        (with_participant(1, role="partner"), "participants[1] (Firm B).role", "not one of"),
        (with_participant(1, type="startup"), "participants[1] (Firm B).type", "not one of"),
        (with_participant(1, flags=["evil"]), "participants[1] (Firm B).flags[0]", "not one of"),
        (with_participant(1, name=""), "participants[1].name", "empty"),
        (with_participant(1, name=None), "participants[1].name", "missing"),
        (with_participant(1, name="x" * 301), "participants[1].name", "at most 300"),
        (with_participant(1, name="a\x00b"), "participants[1].name", "control characters"),
        (with_participant(1, website="x"), "participants[1].website", "unknown field"),
        (
            broken(participants=[{"name": "A", "country": "DE", "role": "coordinator"}] * 10_001),
            "participants",
            "at most 10,000",
        ),
    ],
)
def test_bad_input_names_the_field(data: Any, field: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        check(data)
    assert raised.value.field == field
    assert words in str(raised.value)


def test_year_from_call_id_and_part_from_prefix() -> None:
    data = broken(call_year=None, part=None, call_id="ERC-2025-StG", action="ERC-StG")
    data["participants"] = [{"name": "Host", "country": "DE", "role": "coordinator"}]
    verdict = check(data)
    assert verdict.request.call_year == 2025 and verdict.request.part == "pillar-1"


def test_codes_and_choices_are_case_insensitive() -> None:
    data = broken(programme="Horizon-Europe", action="ria")
    data["participants"][0]["country"] = "de"
    data["participants"][0]["role"] = "Coordinator"
    assert check(data).request.participants[0].country == "DE"


def test_right_to_left_and_combining_names_are_kept_as_given() -> None:
    names = ["جامعة القاهرة", "Universita\u0300 C", "מכון ויצמן"]
    data = broken(
        participants=[
            {"name": n, "country": c, "role": r}
            for n, c, r in zip(names, ["DE", "FR", "IT"], ["coordinator", "beneficiary", "beneficiary"], strict=True)
        ]
    )
    verdict = check(data)
    assert [r.name for r in verdict.participants] == names and verdict.eligible


def many(n: int) -> list[dict[str, Any]]:
    countries = ["DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "NO", "UK", "US", "KE"]
    return [
        {
            "name": f"P{i}",
            "country": countries[i % len(countries)],
            "role": "coordinator" if i == 0 else "beneficiary",
            **({"controlled_by": f"P{i - 1}"} if i % 7 == 3 else {}),
        }
        for i in range(n)
    ]


def chain(n: int) -> list[dict[str, Any]]:
    """E0 controlled by E1, ... by E(n-1): one controller for all."""
    return [
        {
            "name": f"E{i}",
            "country": ["DE", "FR", "IT", "ES"][i % 4],
            "role": "coordinator" if i == 0 else "beneficiary",
            **({"controlled_by": f"E{i + 1}"} if i < n - 1 else {}),
        }
        for i in range(n)
    ]


def circle(n: int) -> list[dict[str, Any]]:
    return [{**item, "controlled_by": f"E{(i + 1) % n}"} for i, item in enumerate(chain(n))]


def test_5000_participants_are_checked_in_linear_work() -> None:
    # The input allows 10,000 participants; the checker page shows a verdict for 5,000.
    assert check(broken(participants=many(5000))).eligible
    small, large = grows_linearly(lambda n: lambda: check(broken(participants=many(n))), 1000)
    assert large < 2.4 * small, (small, large)


@pytest.mark.parametrize("shape", [chain, circle], ids=["chain", "circle"])
def test_long_control_chains_and_cycles_are_checked_in_linear_work(shape: Any) -> None:
    verdict = check(broken(participants=shape(5000)))
    assert not verdict.eligible  # one controller for all: a single independent beneficiary
    # Was minutes: every entity walked the whole chain (work growing with the square of its length).
    small, large = grows_linearly(lambda n: lambda: check(broken(participants=shape(n))), 1000)
    assert large < 2.4 * small, (small, large)


def test_a_control_cycle_is_reported_once() -> None:
    assert [f.rule for f in check(broken(participants=circle(5000))).findings].count("he.input.control-cycle") == 1
