"""The checker page's worker calls horizon_eligibility.worker: JSON text in, JSON text out (the same
module runs in Pyodide, where tests/pyodide runs this file against the shipped wheel)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from support import CONSORTIA, example

from horizon_eligibility import catalog, check, worker

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


def test_bad_input_names_the_field() -> None:
    data = example("design-example")
    data["participants"][1]["contry"] = "FR"
    answer = reply(data)
    assert answer["ok"] is False and "verdict" not in answer
    assert answer["field"] == "participants[1].contry"
    assert answer["error"].startswith('participants[1].contry: unknown field, did you mean "country"?')


def test_text_that_is_not_json_is_an_error_not_an_exception() -> None:
    answer = json.loads(worker.check('{"programme": '))
    assert answer == {"ok": False, "field": "", "error": answer["error"]}
    assert answer["error"].startswith("not valid JSON")


def test_the_call_identifier_is_read_for_the_form_even_when_the_input_is_incomplete() -> None:
    data = {"programme": "horizon-europe", "action": "RIA", "call_id": "HORIZON-CL5-2025-D3-01", "participants": []}
    answer = reply(data)
    assert answer["ok"] is False and answer["field"] == "participants"
    assert answer["call"] == {"call_year": 2025, "call_years": [2025, 2025], "part": "pillar-2"}
    assert "call" not in reply(example("ca-2025-pillar-2") | {"call_id": None})


def test_catalog_is_the_engines_catalog_as_json() -> None:
    assert json.loads(worker.catalog()) == catalog()
