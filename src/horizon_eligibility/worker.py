"""What the checker page's Web Worker calls (docs/assets/javascripts/checker-worker.mjs), on Pyodide.

JSON text in, JSON text out: nothing depends on how Pyodide converts Python objects to JavaScript.

- `catalog()`: the engine's catalog() (what the form offers, the input contract, the labels).
- `check(text)`: the input JSON (DESIGN.md) -> `{"ok": true, "verdict": {...}}`, or
  `{"ok": false, "error": "<field>: <what is wrong>", "field": "<field>"}` for bad input. Both may carry
  `"call": {"call_year": …, "part": …}`, what the call identifier implies, so the form can show it.
  A bug in the engine is not caught here: the worker reports it as a failed request.
"""

from __future__ import annotations

import json
from typing import Any

from . import catalog as _catalog
from . import parse_call_id
from .engine import check as _check
from .model import InputError


def catalog() -> str:
    return json.dumps(_catalog(), ensure_ascii=False)


def check(text: str) -> str:
    return json.dumps(reply(text), ensure_ascii=False)


def reply(text: str) -> dict[str, Any]:
    """The reply to one check request, as a dictionary (check() sends it as JSON text)."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return {"ok": False, "field": "", "error": f"not valid JSON: {exc}"}
    out: dict[str, Any]
    try:
        out = {"ok": True, "verdict": _check(data).to_dict()}
    except InputError as exc:
        out = {"ok": False, "field": exc.field, "error": str(exc)}
    call = _call(data)
    if call is not None:
        out["call"] = call
    return out


def _call(data: Any) -> dict[str, Any] | None:
    """What a call identifier implies (for the form's hints), or None when there is none to read."""
    if not isinstance(data, dict):
        return None
    call_id, programme = data.get("call_id"), data.get("programme")
    if not isinstance(call_id, str) or not call_id.strip() or len(call_id) > 100:
        return None
    return parse_call_id(programme if isinstance(programme, str) else "", call_id)
