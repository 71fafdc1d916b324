"""Random values in every field of a consortium: check() raises nothing but InputError, the page's worker always
answers JSON, the command line exits 0, 1, 2 or 3 and never with a traceback, and the three agree."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import example

from horizon_eligibility import InputError, check, load_rules, worker
from horizon_eligibility.cli import main
from horizon_eligibility.input_topic import COMPOSITION_FIELDS
from horizon_eligibility.inputs import PARTICIPANT_FIELDS, TOP_LEVEL_FIELDS

TOPIC_OPTIONS = load_rules().topic_options

# Text that has hurt, or could: a lone surrogate, a direction override, invisible characters, week dates,
# long digit strings, the YAML trap NO, ambiguous and everyday names, control characters.
HOSTILE = [
    "",
    " ",
    "\ud800",
    "A\udfffB",
    "\u202eevil",
    "Fi\u00adrm B",
    "\ufeffFirm B",
    "Firm \u0412",
    "2025-W15-1",
    "2025-04-10xyz",
    "9" * 500,
    "NO",
    "el",
    "Korea",
    "South Korea",
    "x" * 400,
    "a\x00b",
    "line\nbreak",
    "coordinator",
    "RIA",
    "horizon-europe",
    "associated-countries",
    "true",
    "2025",
    "2025.0",
]
TEXT = st.sampled_from(HOSTILE) | st.text(max_size=12)


def huge_number() -> int:
    return 10**5000  # a number of 5,001 digits, which Python will not write out as text


def values(json_only: bool) -> st.SearchStrategy[Any]:
    """Any value; with json_only, one JSON can write (no NaN, no Infinity: JSON text has neither, and the
    engine refuses them in text)."""
    floats = st.floats(allow_nan=not json_only, allow_infinity=not json_only)
    # From Python (and YAML) a number may be huge, and a key need not be text.
    integers = st.integers(-(10**30), 10**30) | (st.nothing() if json_only else st.builds(huge_number))
    scalars = st.none() | st.booleans() | integers | floats | TEXT
    keys = TEXT if json_only else TEXT | integers | st.none()
    return st.recursive(
        scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=10
    )


FIELDS = [*TOP_LEVEL_FIELDS, "colour"]
PARTICIPANT_KEYS = [*PARTICIPANT_FIELDS, "website"]
TOPIC_KEYS = [*TOPIC_OPTIONS, "conditions_text", "budget"]
REQUIREMENT_KEYS = [*COMPOSITION_FIELDS, "country"]


def topic_value(key: str, json_only: bool) -> st.SearchStrategy[Any]:
    """A value for a topic option, nested the way the option nests. Random values alone rarely build a list
    of objects with a composition requirement's fields, so the parser never met a list where a requirement
    wants text (`established_in: ["african-union"]` raised AttributeError): each field of each requirement,
    and each item of a list of countries, also gets any value, nested structures included."""
    inner = values(json_only)
    field_values = inner | st.lists(TEXT | inner, max_size=3)
    requirement = st.dictionaries(st.sampled_from(REQUIREMENT_KEYS), field_values, max_size=6)
    requirement |= st.fixed_dictionaries(
        {"text": TEXT, "min": inner}, optional={k: field_values for k in COMPOSITION_FIELDS[2:]}
    )
    if key == "composition":
        return st.lists(requirement | inner, max_size=3) | inner
    return st.lists(TEXT | inner, max_size=4) | inner


@st.composite
def consortia(draw: st.DrawFn, json_only: bool = False) -> Any:
    """The design example with random values put into random fields (call, participants, topic)."""
    VALUES = values(json_only)
    if draw(st.integers(0, 20)) == 0:
        return draw(VALUES)  # not even an object
    data: dict[str, Any] = example("design-example")
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
        if draw(st.booleans()):
            data[field] = draw(VALUES)
        else:
            data.pop(field, None)
    participants = data.get("participants")
    if isinstance(participants, list) and participants:
        for _ in range(draw(st.integers(0, 3))):
            index = draw(st.integers(0, len(participants) - 1))
            if isinstance(participants[index], dict):
                participants[index][draw(st.sampled_from(PARTICIPANT_KEYS))] = draw(VALUES)
    if draw(st.booleans()):
        keys = draw(st.lists(st.sampled_from(TOPIC_KEYS), max_size=3))
        data["topic"] = {key: draw(topic_value(key, json_only)) for key in keys}
    return data


def outcome(data: Any) -> tuple[str, Any]:
    """("verdict", its dictionary) or ("bad-input", the errors): check() may raise InputError only."""
    try:
        verdict = check(data).to_dict()
    except InputError as error:
        assert error.errors and all(p.message and isinstance(p.path, str) for p in error.errors)
        str(error).encode("utf-8")  # printable: a broken character is shown as its code, not passed on
        return "bad-input", error.to_list()
    json.dumps(verdict, ensure_ascii=False).encode("utf-8")  # nothing in it that UTF-8 cannot carry
    return "verdict", verdict


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consortia())
def test_check_raises_nothing_but_input_error(data: Any) -> None:
    outcome(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consortia(json_only=True))
def test_the_worker_always_answers_json_and_agrees_with_check(data: Any) -> None:
    answer = json.loads(worker.check(json.dumps(data)))
    kind, found = outcome(data)
    if kind == "verdict":
        assert answer["ok"] is True and answer["verdict"] == found
    else:
        assert answer["ok"] is False and answer["errors"] == found


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60) | st.sampled_from(['{"call_year": 1' + "0" * 5000 + "}", "[" * 5000, '{"a": NaN}']))
def test_the_worker_answers_any_text_with_json(text: str) -> None:
    answer = json.loads(worker.check(text))
    assert answer["ok"] is False and answer["errors"]
    assert json.loads(worker.compare_years(text))["ok"] is False
    assert json.loads(worker.read_csv(text))["ok"] in (True, False)
    assert json.loads(worker.read_topic(text))["ok"] in (True, False)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consortia(json_only=True), st.sampled_from(["text", "json"]))
def test_the_command_line_exits_0_1_2_or_3_and_agrees_with_check(data: Any, output: str) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="ascii") as handle:
        json.dump(data, handle)  # ASCII escapes: a lone surrogate travels as \ud800
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", handle.name, "--format", output])
    finally:
        os.unlink(handle.name)
    assert code in (0, 1, 2, 3), err.getvalue()
    assert "Traceback" not in err.getvalue()
    kind, found = outcome(data)
    if kind == "bad-input":
        assert code == 2 and err.getvalue().startswith("error: ")
        if output == "json":
            assert json.loads(out.getvalue()) == {"outcome": "bad-input", "errors": found}
    else:
        assert code == {"eligible": 0, "not-eligible": 1, "eligible-if": 3}[found["outcome"]]
        if output == "json":
            assert json.loads(out.getvalue()) == found


def test_a_composition_requirement_with_a_list_where_text_is_expected_is_bad_input_naming_the_field() -> None:
    """The review's case: `established_in: ["african-union"]` gave a traceback (exit 1). It is bad input that
    names the field, and the hint says that a requirement cannot name a country group."""
    data = example("design-example")
    requirement = {
        "text": "three entities in African Union member states",
        "min": 3,
        "established_in": ["african-union"],
    }
    data["topic"] = {"composition": [requirement]}
    kind, errors = outcome(data)
    assert kind == "bad-input"
    assert [e["path"] for e in errors] == ["topic.composition[0].established_in"]
    assert "country group" in errors[0]["hint"]
    requirement["established_in"] = "african-union"
    kind, errors = outcome(data)
    assert kind == "bad-input" and "country group" in errors[0]["hint"]
