"""Bad input gets a clear error naming the field, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from support import example

from horizon_eligibility import InputError, InputProblem, check


def broken(**changes: Any) -> dict[str, Any]:
    return {**example("design-example"), **changes}


def with_participant(index: int, **changes: Any) -> dict[str, Any]:
    data = example("design-example")
    data["participants"][index] = {**data["participants"][index], **changes}
    return data


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ([], "", "The input: is a list, not a consortium."),
        (broken(programme="horizon-3000"), "programme", "Programme: 'horizon-3000' is not a programme we know."),
        (broken(action="XYZ"), "action", "Type of action: 'XYZ' is not a type of action of Horizon Europe."),
        (broken(call_year=2030, call_id=None), "call_year", "Call year: 2030 is outside Horizon Europe"),
        (broken(call_year="twenty", call_id=None), "call_year", "Call year: 'twenty' is not a year."),
        (broken(call_year=True, call_id=None), "call_year", "Call year: is true/false; a year is expected."),
        (broken(call_year=2025.0, call_id=None), "call_year", "Call year: 2025.0 is not a whole year."),
        (broken(call_year=2024), "call_year", "does not match the call identifier HORIZON-CL5-2025-D3-01"),
        (broken(call_year=None, call_id=None), "call_year", "Call year: is missing."),
        (broken(deadline="16/09/2025"), "deadline", "Deadline: '16/09/2025' is not a date in the form YYYY-MM-DD."),
        (broken(part="pillar-9"), "part", "Programme part: 'pillar-9' is not a part of the programme we know."),
        (broken(participants=[]), "participants", "Participants: the list is empty."),
        (broken(participants="DE,FR"), "participants", "Participants: is text; a list is expected."),
        (broken(participants=[1, 2]), "participants[0]", "Participant 1: is a number, not a participant."),
        (broken(colour="blue"), "colour", "The input: 'colour' is not a field we know."),
        (
            broken(topic={"eligible_countries": ["QQ"]}),
            "topic.eligible_countries[0]",
            "Topic, eligible countries, item 1: 'QQ' is not a country we know.",
        ),
        (
            broken(topic={"health_challenge": True}),
            "topic.health_challenge",
            "Topic: 'health_challenge' is not a field",
        ),
        (
            broken(topic={"china_ria_exempt": "yes"}),
            "topic.china_ria_exempt",
            "Topic, china ria exempt: is text ('yes'); true or false is expected.",
        ),
        (with_participant(1, country="QQ"), "participants[1].country", "Participant 2 (Firm B), country: 'QQ' is not"),
        (with_participant(1, country=49), "participants[1].country", "Participant 2 (Firm B), country: is a number"),
        (with_participant(1, role="partner"), "participants[1].role", "Participant 2 (Firm B), role: 'partner' is not"),
        (with_participant(1, type="startup"), "participants[1].type", "type: 'startup' is not a type of organisation"),
        (
            with_participant(1, flags=["evil"]),
            "participants[1].flags[0]",
            "flags, item 1: 'evil' is not a flag we know.",
        ),
        (with_participant(1, name=""), "participants[1].name", "Participant 2, name: is empty."),
        (with_participant(1, name=None), "participants[1].name", "Participant 2, name: is missing."),
        (with_participant(1, name="x" * 301), "participants[1].name", "is 301 characters long; at most 300"),
        (with_participant(1, name="a\x00b"), "participants[1].name", "contains a control character"),
        (
            with_participant(1, website="x"),
            "participants[1].website",
            "Participant 2 (Firm B): 'website' is not a field",
        ),
        (
            broken(participants=[{"name": "A", "country": "DE", "role": "coordinator"}] * 10_001),
            "participants",
            "Participants: 10,001 are given; at most 10,000 are accepted.",
        ),
    ],
)
def test_bad_input_says_where_and_what_in_plain_words(data: Any, path: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        check(data)
    problem = raised.value.errors[0]
    assert (raised.value.field, problem.path) == (path, path)
    assert words in problem.message
    assert_plain(problem)


def assert_plain(problem: InputProblem) -> None:
    """A message for a person: no JSON path, no 0-based index, no Python repr or quoting (a hint may show
    a piece of JSON to write)."""
    for machine in ("participants[", "topic.", "\\x", "\\u", "None", "True", "False", '"'):
        assert machine not in problem.message, (machine, problem.message)
    for machine in ("\\x", "\\u", "None", "True", "False", "participants["):
        assert machine not in (problem.hint or ""), (machine, problem.hint)
    # The field's name: the last name in the path ("" for the whole input, or a whole participant).
    assert problem.field in (problem.path.rsplit(".", 1)[-1].split("[")[0], "")


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


def test_right_to_left_names_are_kept_and_combining_accents_composed_as_unicode_nfc() -> None:
    # NFC (Unicode Standard Annex #15) composes a + U+0300 into U+00E0; a name looks the same either way.
    names = ["جامعة القاهرة", "Universita\u0300 C", "מכון ויצמן"]
    data = broken(
        participants=[
            {"name": n, "country": c, "role": r}
            for n, c, r in zip(names, ["DE", "FR", "IT"], ["coordinator", "beneficiary", "beneficiary"], strict=True)
        ]
    )
    verdict = check(data)
    assert [r.name for r in verdict.participants] == ["جامعة القاهرة", "Universit\u00e0 C", "מכון ויצמן"]
    assert verdict.eligible


def test_5000_participants_are_checked_quickly() -> None:
    import time

    countries = ["DE", "FR", "IT", "ES", "NL", "BE", "AT", "PL", "NO", "UK", "US", "KE"]
    participants = [
        {
            "name": f"P{i}",
            "country": countries[i % len(countries)],
            "role": "coordinator" if i == 0 else "beneficiary",
            **({"controlled_by": f"P{i - 1}"} if i % 7 == 3 else {}),
        }
        for i in range(5000)
    ]
    start = time.process_time()  # CPU time: not skewed by other processes on the machine
    verdict = check(broken(participants=participants))
    assert time.process_time() - start < 2.0
    assert verdict.eligible


def test_long_control_chains_and_cycles_are_checked_quickly() -> None:
    import time

    chain = [
        {
            "name": f"E{i}",
            "country": ["DE", "FR", "IT", "ES"][i % 4],
            "role": "coordinator" if i == 0 else "beneficiary",
            **({"controlled_by": f"E{i + 1}"} if i < 4999 else {}),
        }
        for i in range(5000)
    ]
    circle = [{**item, "controlled_by": f"E{(i + 1) % 5000}"} for i, item in enumerate(chain)]
    for participants in (chain, circle):
        start = time.process_time()
        verdict = check(broken(participants=participants))
        assert time.process_time() - start < 2.0  # was minutes: every entity walked the whole chain
        assert not verdict.eligible  # one controller for all: a single independent beneficiary
    assert [f.rule for f in check(broken(participants=circle)).findings].count("he.input.control-cycle") == 1
