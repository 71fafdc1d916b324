"""What the checker page's Web Worker calls (docs/assets/javascripts/checker-worker.mjs), on Pyodide.

JSON text in, JSON text out: nothing depends on how Pyodide converts Python objects to JavaScript. Each
function is named as the page's request (checker/protocol.mjs), and bad input comes back as
`{"ok": false, "error": "<field>: <what is wrong>", "field": "<field>"}`, never as an exception. A bug in
the engine is not caught here: the worker reports it as a failed request.

- `catalog()`: the engine's catalog() (what the form offers, the input contract, the labels).
- `check(text)`: the input JSON (DESIGN.md) -> `{"ok": true, "verdict": {...}}`. Both answers may carry
  `"call": {"call_year": …, "part": …, "topic_url"?: …}`, what the call identifier implies, so the form can
  show it.
- `compare_years(text)`: the same input -> `{"ok": true, "comparison": {...}}`, compare_years() for every
  call year of the programme.
- `read_topic(text)`: `{"text": "<conditions>", "programme": "<id>"}` -> `{"ok": true, "reading": {...}}`,
  read_topic() of the topic's conditions text.
- `load_directory(text)`: `{"path": "<the directory file in Pyodide's file system>"}` -> `{"ok": true,
  "organisations": N, "snapshots": {...}}`: the organisation directory (directory.py) that participants
  given by `pic` and `partners` read, from then on. The page fetches the file only when it is needed.
- `partners(text)`: `{"query": "...", "country": "DE" or null, "limit": 8}` -> `{"ok": true, "matches":
  [...]}`, the best matches (`horizon-eligibility partners`), or `{"ok": false, "error": ...}` before
  load_directory.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import catalog as _catalog
from . import parse_call_id
from .compare import compare_years as _compare_years
from .engine import check as _check
from .model import InputError
from .rules import load_rules as _rules
from .topic_reader import read_topic as _read_topic


def catalog() -> str:
    return json.dumps(_catalog(), ensure_ascii=False)


def check(text: str) -> str:
    return json.dumps(reply(text), ensure_ascii=False)


def compare_years(text: str) -> str:
    return json.dumps(_answer(text, lambda data: {"comparison": _compare_years(data)}), ensure_ascii=False)


def read_topic(text: str) -> str:
    def read(data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise InputError("conditions_text", "must be text")
        return {"reading": _read_topic(data["text"], data.get("programme") or "horizon-europe").to_dict()}

    return json.dumps(_answer(text, read, call=False), ensure_ascii=False)


MAX_SUGGESTIONS = 50


# The directory module is imported by the two functions that need it: the first check does not load it.
def load_directory(text: str) -> str:
    from .directory import DirectoryError, use_directory
    from .directory import parse as parse_directory

    def load(data: Any) -> dict[str, Any]:
        path = data.get("path") if isinstance(data, dict) else None
        if not isinstance(path, str):
            raise InputError("path", "must name the directory file")
        try:
            with open(path, "rb") as handle:
                directory = parse_directory(handle.read())
        except (OSError, DirectoryError) as exc:
            raise InputError("directory", f"the organisation directory cannot be read: {exc}") from None
        use_directory(directory)
        directory.search("a")  # build the word index now, not on the first keystroke
        return {"organisations": len(directory), "snapshots": directory.meta.get("snapshots", {})}

    return json.dumps(_answer(text, load, call=False), ensure_ascii=False)


def partners(text: str) -> str:
    from .directory import MAX_QUERY_LENGTH
    from .directory import load_directory as loaded_directory

    def search(data: Any) -> dict[str, Any]:
        if not isinstance(data, dict) or not isinstance(data.get("query"), str):
            raise InputError("query", "must be text")
        directory = loaded_directory()
        if directory is None:
            raise InputError("directory", "the organisation directory is not loaded")
        country = data.get("country")
        limit = data.get("limit", 8)
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise InputError("limit", "must be a number")
        code = _rules().resolve_country(country) if isinstance(country, str) and country else None
        found = directory.search(data["query"][:MAX_QUERY_LENGTH], code, max(0, min(limit, MAX_SUGGESTIONS)))
        return {"matches": [o.to_match() for o in found]}

    return json.dumps(_answer(text, search, call=False), ensure_ascii=False)


def reply(text: str) -> dict[str, Any]:
    """The reply to one check request, as a dictionary (check() sends it as JSON text)."""
    return _answer(text, lambda data: {"verdict": _check(data).to_dict()})


def _answer(text: str, run: Callable[[Any], dict[str, Any]], call: bool = True) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return {"ok": False, "field": "", "error": f"not valid JSON: {exc}"}
    out: dict[str, Any]
    try:
        out = {"ok": True, **run(data)}
    except InputError as exc:
        out = {"ok": False, "field": exc.field, "error": str(exc)}
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
