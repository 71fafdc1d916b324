"""The checker page's worker calls horizon_eligibility.worker: JSON text in, JSON text out (the same
module runs in Pyodide, where tests/pyodide runs this file against the shipped wheel)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from support import CONSORTIA, example

from horizon_eligibility import InputError, catalog, check, worker
from horizon_eligibility.csv_input import read_csv

# Also inside Pyodide: the worker's JSON protocol is what the checker page calls there.
pytestmark = pytest.mark.pyodide


def reply(data: Any) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(worker.check(json.dumps(data)))
    return answer


def test_every_example_consortium_gets_the_verdict_of_check() -> None:
    for path in sorted(CONSORTIA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        answer = reply(data)
        assert answer["ok"] is True, (path.name, answer)
        assert answer["verdict"] == check(data).to_dict(), path.name


def test_bad_input_comes_back_as_every_error_with_its_path() -> None:
    data = example("design-example")
    data["participants"][1]["contry"] = "FR"
    data["participants"][2]["country"] = "Atlantis"
    answer = reply(data)
    assert set(answer) == {"ok", "errors", "call"} and answer["ok"] is False  # no "error", no "field"
    assert [(e["path"], e["field"]) for e in answer["errors"]] == [
        ("participants[1].contry", "contry"),
        ("participants[2].country", "country"),
    ]
    first = answer["errors"][0]
    assert first["message"] == "Participant 2 (Firm B): 'contry' is not a field we know."
    assert first["hint"].startswith("Did you mean 'country'?")
    with pytest.raises(InputError) as caught:
        check(data)
    assert answer["errors"] == caught.value.to_list()  # the worker's errors are check()'s


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"programme": ', "is not valid JSON"),
        ("[" * 50_000 + "]" * 50_000, "more than 20 levels deep"),
        ('{"call_year": 2' + "0" * 5000 + "}", "a number of 5,001 digits"),
        ('{"call_year": NaN}', "NaN, which is not a number in JSON"),
        (" " * (16 * 1024 * 1024 + 1), "larger than 16 MB"),
    ],
)
def test_text_the_engine_will_not_read_is_an_error_not_an_exception(text: str, words: str) -> None:
    answer = json.loads(worker.check(text))
    assert answer["ok"] is False and len(answer["errors"]) == 1, answer
    assert answer["errors"][0]["path"] == "" and words in answer["errors"][0]["message"]
    assert json.loads(worker.compare_years(text))["errors"] == answer["errors"]


def test_the_call_identifier_is_read_for_the_form_even_when_the_input_is_incomplete() -> None:
    data = {"programme": "horizon-europe", "action": "RIA", "call_id": "HORIZON-CL5-2025-D3-01", "participants": []}
    answer = reply(data)
    assert answer["ok"] is False and [e["path"] for e in answer["errors"]] == ["participants"]
    assert answer["call"] == {"call_year": 2025, "call_years": [2025, 2025], "part": "pillar-2"}
    assert "call" not in reply(example("ca-2025-pillar-2") | {"call_id": None})


def test_read_csv_is_the_command_lines_csv_reader() -> None:
    text = "name;country;role\nUni A;Deutschland;coordinator\n"
    answer = json.loads(worker.read_csv(text))
    assert answer == {"ok": True, **read_csv(text)}
    assert answer["participants"] == [{"name": "Uni A", "country": "Deutschland", "role": "coordinator"}]
    assert answer["notes"] == ["The cells are separated by semicolons."]
    bad = json.loads(worker.read_csv("naam,land\nA,DE\n"))
    assert bad["ok"] is False and bad["errors"][0]["path"] == "csv"
    # A broken character is passed on as read, in JSON the page can parse; check() refuses it, naming the field.
    broken = json.loads(worker.read_csv("name,country,role\nUni \ud800,DE,coordinator\n"))
    assert broken["participants"][0]["name"] == "Uni \ud800"


def test_read_topic_errors_come_back_in_the_same_shape() -> None:
    assert json.loads(worker.read_topic('{"text": "Only Member States may take part."}'))["ok"] is True
    for request in ('{"text": 5}', '{"text": "x", "programme": ["a"]}', "[[["):
        answer = json.loads(worker.read_topic(request))
        assert answer["ok"] is False and {"path", "field", "message", "hint"} == set(answer["errors"][0])


def test_a_lone_surrogate_comes_back_as_an_error_in_json_the_page_can_read() -> None:
    data = example("design-example")
    data["participants"][0]["name"] = "Uni \ud800"
    answer = json.loads(worker.check(json.dumps(data)))
    assert answer["ok"] is False and answer["errors"][0]["path"] == "participants[0].name"
    assert "broken character" in answer["errors"][0]["message"]


def test_catalog_is_the_engines_catalog_as_json() -> None:
    assert json.loads(worker.catalog()) == catalog()
