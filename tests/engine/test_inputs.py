"""Bad input gets a clear error naming the field, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest
from support import example, grows_linearly

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
            # The option named as the form labels it (data/topic_options.yaml, label).
            "Topic option ‘Only these countries may take part (Art 22(5) topic)’, item 1: 'QQ' is not a country",
        ),
        (
            broken(topic={"health_challenge": True}),
            "topic.health_challenge",
            "Topic: 'health_challenge' is not a field",
        ),
        (
            broken(topic={"china_ria_exempt": "yes"}),
            "topic.china_ria_exempt",
            "Topic option ‘Topic in a destination exempt from the 2026-2027 China restriction’: is text ('yes')",
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
        # Blank text for a list: neither [] nor left out is guessed (README, "Input policy").
        (broken(topic={"eligible_countries": ""}), "topic.eligible_countries", "is empty text; a list of countries"),
        (broken(topic={"funded_third_countries": " ; "}), "topic.funded_third_countries", "is empty text"),
        (with_participant(1, flags=" "), "participants[1].flags", "flags: is empty text; a list of flags"),
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


def test_call_year_and_part_from_the_call_id() -> None:
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


# -- all errors at once ---------------------------------------------------------------------------------
def test_every_problem_is_reported_at_once_in_the_order_of_the_input() -> None:
    data = broken(call_year="next", deadline="2025-13-01")
    data["participants"][0] = {**data["participants"][0], "country": "Atlantis"}
    data["participants"][2] = {**data["participants"][2], "role": "partner", "type": "startup"}
    data["topic"] = {"eligible_countries": ["NO", "QQ", "ZZ"]}
    with pytest.raises(InputError) as raised:
        check(data)
    assert [p.path for p in raised.value.errors] == [
        "call_year",
        "deadline",
        "participants[0].country",
        "participants[2].role",
        "participants[2].type",
        "topic.eligible_countries[1]",
        "topic.eligible_countries[2]",
    ]
    assert [p.message.split(":")[0] for p in raised.value.errors][2:5] == [
        "Participant 1 (Uni A), country",
        "Participant 3 (Firm C), role",
        "Participant 3 (Firm C), type",
    ]
    for problem in raised.value.errors:
        assert_plain(problem)
    assert str(raised.value).splitlines()[0] == "Call year: 'next' is not a year. " + raised.value.errors[0].hint


def test_at_most_50_problems_are_listed_then_how_many_more() -> None:
    data = broken(participants=[{"name": f"P{i}", "country": "QQ", "role": "boss"} for i in range(40)])
    with pytest.raises(InputError) as raised:
        check(data)
    errors = raised.value.errors
    assert len(errors) == 51 and errors[-1].message == "And 30 more problems."
    assert errors[-1].path == "" and errors[-1].hint


def test_checks_that_depend_on_a_field_at_fault_are_skipped() -> None:
    # An unknown programme: no word about the action, the year or the topic, which depend on it.
    with pytest.raises(InputError) as raised:
        check(broken(programme="horizon-3000", action="XYZ", topic={"nonsense": 1}))
    assert [p.path for p in raised.value.errors] == ["programme"]
    # A participant at fault: no near-match check of the names 'controlled by' refers to.
    data = example("design-example")
    data["participants"][1]["country"] = "QQ"
    data["participants"][2]["controlled_by"] = "firm-b"
    with pytest.raises(InputError) as raised:
        check(data)
    assert [p.path for p in raised.value.errors] == ["participants[1].country"]


# -- hostile input (the cases), from Python ---------------------------------------------------------
def with_controller(controller: str) -> dict[str, Any]:
    """design-example: Firm C is controlled by Firm B (not independent: NOT ELIGIBLE, as the CLI test says)."""
    return with_participant(2, controlled_by=controller)


@pytest.mark.parametrize(
    ("controller", "removed"),
    [
        ("Fi\u00adrm B", "a soft hyphen (U+00AD)"),
        ("Firm \u200bB", "a zero-width space (U+200B)"),
        ("\ufeffFirm B", "a byte-order mark (U+FEFF)"),
        ("Fi\u2060rm B\u200d", "a word joiner (U+2060) and a zero-width joiner (U+200D)"),
    ],
)
def test_invisible_characters_in_controlled_by_are_removed_with_a_note_and_the_link_holds(
    controller: str, removed: str
) -> None:
    plain, hostile = check(with_controller("Firm B")), check(with_controller(controller))
    assert not plain.eligible and not hostile.eligible  # the control link is kept: the same verdict
    assert [p.funding for p in hostile.participants] == [p.funding for p in plain.participants]
    note = next(f for f in hostile.findings if f.rule == "he.input.invisible-characters")
    assert note.severity == "info" and note.message.startswith(f"Participant 3's controlled by held {removed}")


@pytest.mark.parametrize(
    ("controller", "letter"),
    [
        ("Firm \u0412", "cyrillic capital letter ve"),  # В
        ("\u0421ompany", None),  # no participant is called Company: an outside controller
        ("Firm b", None),  # case: the same name, an exact match
        ("F\u0456rm B", "cyrillic small letter byelorussian-ukrainian i"),  # і
        ("Firm  B.", ""),  # spaces and punctuation
    ],
)
def test_a_controlled_by_that_only_looks_like_a_participant_is_an_error_naming_it(
    controller: str, letter: str | None
) -> None:
    if letter is None:
        check(with_controller(controller))  # no error
        return
    with pytest.raises(InputError) as raised:
        check(with_controller(controller))
    problem = raised.value.errors[0]
    assert problem.path == "participants[2].controlled_by"
    assert "looks like participant 2, 'Firm B'" in problem.message
    assert letter in problem.message


def test_a_greek_omicron_and_accents_in_controlled_by_are_near_matches() -> None:
    data = broken(
        participants=[
            {"name": "Universität Oslo", "country": "DE", "role": "coordinator"},
            {"name": "Lab B", "country": "FR", "role": "beneficiary", "controlled_by": "Universitat Osl\u03bf"},
            {"name": "Lab C", "country": "IT", "role": "beneficiary"},
        ]
    )
    with pytest.raises(InputError) as raised:
        check(data)
    assert "looks like participant 1, 'Universität Oslo'" in raised.value.errors[0].message
    assert "greek small letter omicron" in raised.value.errors[0].message


def test_a_lone_surrogate_in_a_name_is_refused_with_a_message() -> None:
    with pytest.raises(InputError) as raised:
        check(with_participant(0, name="Uni \ud800A"))
    assert raised.value.errors[0].path == "participants[0].name"
    assert "broken character" in raised.value.errors[0].message


@pytest.mark.parametrize("field", ["name", "controlled_by"])
def test_a_direction_override_is_refused_and_never_reaches_the_report(field: str) -> None:
    with pytest.raises(InputError) as raised:
        check(with_participant(1, **{field: "\u202eevil"}))
    assert raised.value.errors[0].path == f"participants[1].{field}"
    assert "direction override" in raised.value.errors[0].message
    assert "\u202e" not in str(raised.value)  # the message shows it as [U+202E]


def test_direction_marks_are_removed_and_do_not_reach_the_verdict() -> None:
    verdict = check(with_participant(3, name="\u200fמכון ויצמן\u200e"))
    assert verdict.participants[3].name == "מכון ויצמן"
    assert "\u200f" not in str(verdict.to_dict())


def test_a_huge_number_is_refused_without_writing_it_out() -> None:
    with pytest.raises(InputError) as raised:
        check(broken(call_year=10**5000, call_id=None))
    assert raised.value.errors[0].message.startswith("Call year: a number of more than 12 digits is outside")


@pytest.mark.parametrize("deadline", ["2025-W15-1", "2025-04-10xyz", "20250410", "2025-4-10", "2025-04-10T00:00"])
def test_dates_are_yyyy_mm_dd_only(deadline: str) -> None:
    with pytest.raises(InputError) as raised:
        check(broken(deadline=deadline))
    assert raised.value.errors[0].path == "deadline"
    assert raised.value.errors[0].hint == "Write a date as YYYY-MM-DD, such as 2025-09-16."
    assert check(broken(deadline="2025-09-16")).request.deadline is not None


def test_many_names_with_invisible_characters_make_one_note_not_hundreds() -> None:
    participants = [{"name": f"Tech\u00adnology {i}", "country": "DE", "role": "beneficiary"} for i in range(300)]
    verdict = check(broken(participants=participants))
    notes = [f for f in verdict.findings if f.rule == "he.input.invisible-characters"]
    assert len(notes) == 1 and len(notes[0].participants) == 300
    assert notes[0].message.startswith("Characters that do not show (soft hyphen (U+00AD)) were removed from 300")
    assert notes[0].message.endswith("Participant 10's name, and 290 more.")


def test_blank_eligible_countries_is_an_error_whose_hint_says_what_an_empty_list_means() -> None:
    # data/topic_options.yaml: an empty eligible_countries list means "Member States only" (HE-REG Art 22(5));
    # blank text once silently meant that, and excluded every associated country.
    with pytest.raises(InputError) as raised:
        check(broken(topic={"eligible_countries": ""}))
    hint = raised.value.errors[0].hint or ""
    assert "[] means \u2018Member States only" in hint and "leave the field out" in hint


def test_topic_composition_minimum_has_a_hint() -> None:
    composition = [{"text": "three SMEs", "min": 0}]
    with pytest.raises(InputError) as raised:
        check(broken(topic={"composition": composition}))
    problem = raised.value.errors[0]
    assert problem.path == "topic.composition[0].min" and problem.hint
    assert problem.message.startswith("Topic option \u2018Extra composition requirements of the topic\u2019, item 1")


def test_invisible_characters_in_a_country_get_the_note_names_get() -> None:
    # README, "Input policy": invisible format characters are removed with an input.invisible-characters note;
    # the same country without them gives the same verdict.
    plain, hostile = check(with_participant(1, country="FR")), check(with_participant(1, country="FR\u200b"))
    assert [p.country for p in hostile.participants] == [p.country for p in plain.participants]
    assert hostile.outcome == plain.outcome
    note = next(f for f in hostile.findings if f.rule == "he.input.invisible-characters")
    assert note.message.startswith("Participant 2's country held a zero-width space (U+200B)")
    assert not [f for f in plain.findings if f.rule == "he.input.invisible-characters"]
