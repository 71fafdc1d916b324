"""What the checker page's Web Worker calls (docs/assets/javascripts/checker-worker.mjs), on Pyodide.

JSON text in, JSON text out: nothing depends on how Pyodide converts Python objects to JavaScript. Each
function is named as the page's request (checker/protocol.mjs). Bad input, whatever it is (text that is not
JSON, nested too deeply, a number of hundreds of digits, too large, a field at fault), comes back as
`{"ok": false, "errors": [{"path", "field", "message", "hint"}, ...]}` (every problem found; see
model.InputProblem), never as an exception. A bug in the engine is not caught here: the worker reports it as
a failed request.

- `catalog()`: the engine's catalog() (what the form offers, the input contract, the labels, the country names).
- `check(text)`: the input JSON (README) -> `{"ok": true, "verdict": {...}}`. Both answers may carry
  `"call": {"call_year": …, "part": …, "topic_url"?: …}`, what the call identifier implies, so the form can
  show it.
- `compare_years(text)`: the same input -> `{"ok": true, "comparison": {...}}`, compare_years() for every
  call year of the programme.
- `read_topic(text)`: `{"text": "<conditions>", "programme": "<id>"}` -> `{"ok": true, "reading": {...}}`,
  read_topic() of the topic's conditions text.
- `read_csv(text)`: the CSV text itself (not JSON) -> `{"ok": true, "participants": [...], "call": {...},
  "notes": [...]}`, the command line's CSV reader (csv_input.read_csv).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import catalog as _catalog
from . import parse_call_id
from .compare import compare_years as _compare_years
from .csv_input import read_csv as _read_csv
from .engine import check as _check
from .input_text import MAX_INPUT_BYTES, Where, clean_long_text, kind, load_json, whole
from .model import InputError
from .topic_reader import read_topic as _read_topic


def catalog() -> str:
    return _json(_catalog())


def check(text: str) -> str:
    return _json(reply(text))


def compare_years(text: str) -> str:
    return _json(_answer(text, lambda data: {"comparison": _compare_years(data)}))


def read_topic(text: str) -> str:
    def read(data: Any) -> dict[str, Any]:
        where = Where("text", "text", "The topic's conditions")
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise where.error(f"are {kind(data.get('text') if isinstance(data, dict) else data)}; text is expected.")
        programme = data.get("programme") or "horizon-europe"
        if not isinstance(programme, str):
            raise Where("programme", "programme", "The programme").error(f"is {kind(programme)}; text is expected.")
        try:
            conditions = clean_long_text(data["text"])
            return {"reading": _read_topic(conditions, programme).to_dict()}
        except InputError as exc:  # the reader's own: too long, or an unknown programme
            path = exc.field if exc.field == "programme" else "text"
            raise Where(path, path, where.label).error(f"{exc.detail.split(': ', 1)[-1]}.") from None
        except ValueError as exc:  # a broken character
            raise where.error(f"{exc}.", "Paste the text again.") from None

    return _json(_answer(text, read, call=False))


def read_csv(text: str) -> str:
    if not isinstance(text, str) or len(text) > MAX_INPUT_BYTES:
        size = f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB" if isinstance(text, str) else "not text"
        return _json({"ok": False, "errors": [whole(f"The CSV file is {size}.").to_dict()]})
    try:
        return _json({"ok": True, **_read_csv(text)})
    except InputError as exc:
        return _json({"ok": False, "errors": exc.to_list()})


def reply(text: str) -> dict[str, Any]:
    """The reply to one check request, as a dictionary (check() sends it as JSON text)."""
    return _answer(text, lambda data: {"verdict": _check(data).to_dict()})


def _answer(text: str, run: Callable[[Any], dict[str, Any]], call: bool = True) -> dict[str, Any]:
    try:
        if not isinstance(text, str):
            raise InputError([whole(f"The request is {kind(text)}, not JSON text.")])
        data = load_json(text)
    except InputError as exc:  # the text is refused before any of it is read (Pyodide's stack is small)
        return {"ok": False, "errors": exc.to_list()}
    out: dict[str, Any]
    try:
        out = {"ok": True, **run(data)}
    except InputError as exc:
        out = {"ok": False, "errors": exc.to_list()}
    implied = _call(data) if call else None
    if implied is not None:
        out["call"] = implied
    return out


def _call(data: Any) -> dict[str, Any] | None:
    """What a call identifier implies (for the form's hints), or None when there is none to read."""
    if not isinstance(data, dict):
        return None
    call_id, programme = data.get("call_id"), data.get("programme")
    if not isinstance(call_id, str) or not call_id.strip() or len(call_id) > 100:
        return None
    return parse_call_id(programme if isinstance(programme, str) else "", call_id)


def _json(value: Any) -> str:
    """JSON text for the page; escaped to ASCII when it holds what UTF-8 cannot carry (a lone surrogate)."""
    written = json.dumps(value, ensure_ascii=False)
    try:
        written.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value)
    return written
