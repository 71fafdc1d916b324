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
- `load_directory(text)`: `{"path": "<the directory file in Pyodide's file system>"}` -> `{"ok": true,
  "organisations": N, "snapshots": {...}}`: the organisation directory (directory.py) that participants
  given by `pic` and `partners` read, from then on. The page fetches the file only when it is needed.
- `partners(text)`: `{"query": "...", "country": "DE" or null, "limit": 8}` -> `{"ok": true, "matches":
  [...]}`, the best matches (`horizon-eligibility partners`), or `{"ok": false, "errors": [...]}` before
  load_directory.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import catalog as _catalog
from . import parse_call_id
from .compare import compare_years as _compare_years
from .country_names import find_country
from .csv_input import read_csv as _read_csv
from .engine import check as _check
from .input_text import MAX_INPUT_BYTES, Where, clean_long_text, kind, load_json, whole
from .model import InputError
from .rules import load_rules as _rules
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


MAX_SUGGESTIONS = 50


# The directory module is imported by the two functions that need it: the first check does not load it.
def load_directory(text: str) -> str:
    from .directory import DirectoryError, use_directory
    from .directory import parse as parse_directory

    def load(data: Any) -> dict[str, Any]:
        path = data.get("path") if isinstance(data, dict) else None
        if not isinstance(path, str):
            raise Where("path", "path", "The directory's path").error(f"is {kind(path)}; text is expected.")
        try:
            with open(path, "rb") as handle:
                directory = parse_directory(handle.read())
        except (OSError, DirectoryError) as exc:
            raise InputError([whole(f"The organisation directory cannot be read: {exc}.")]) from None
        use_directory(directory)
        directory.search("a")  # build the word index now, not on the first keystroke
        return {"organisations": len(directory), "snapshots": directory.meta.get("snapshots", {})}

    return _json(_answer(text, load, call=False))


def partners(text: str) -> str:
    from .directory import MAX_QUERY_LENGTH
    from .directory import load_directory as loaded_directory

    def search(data: Any) -> dict[str, Any]:
        query = data.get("query") if isinstance(data, dict) else None
        if not isinstance(query, str):
            raise Where("query", "query", "The query").error(f"is {kind(query)}; text is expected.")
        directory = loaded_directory()
        if directory is None:
            raise InputError([whole("The organisation directory is not loaded.")])
        country, limit = data.get("country"), data.get("limit", 8)
        if not isinstance(limit, int) or isinstance(limit, bool):
            raise Where("limit", "limit", "The limit").error(f"is {kind(limit)}; a number is expected.")
        # A country the form holds that names no country (yet) does not narrow the search.
        code = find_country(_rules(), country[:100]).code if isinstance(country, str) and country.strip() else None
        found = directory.search(query[:MAX_QUERY_LENGTH], code, max(0, min(limit, MAX_SUGGESTIONS)))
        return {"matches": [o.to_match() for o in found]}

    return _json(_answer(text, search, call=False))


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
