"""The page and the command line read input alike: on a seeded corpus of random consortia (corpus.py), each
opened in the checker as a person brings it (a link, or every tenth an imported file), the page gives the
same outcome, per-participant funding and error paths as `horizon-eligibility check FILE --format json`, and
sends the engine the very input it was given.

The expected answers are the command line's (run in-process, `cli.main`): the test proves the two paths agree,
not what the rules say. HE_DIFF_COUNT (default 200) and HE_DIFF_SEED (default 2026) change the run; a larger
one: `HE_DIFF_COUNT=2000 HE_DIFF_SEED=7 pytest tests/browser/test_page_cli_differential.py` (README, "Tests").
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from .corpus import corpus
from .helpers import cli_view, import_settled, open_link, page_view, same_json, wait_ready

COUNT = int(os.environ.get("HE_DIFF_COUNT", "200"))
SEED = int(os.environ.get("HE_DIFF_SEED", "2026"))


def test_the_page_and_the_command_line_agree_on_random_consortia(
    page: Any, checker_url: str, tmp_path: Path, page_errors: list[str]
) -> None:
    consortia = corpus(SEED, COUNT)
    page.goto(checker_url)
    wait_ready(page)
    started = time.perf_counter()
    mismatches, outcomes = [], {}
    for k, data in enumerate(consortia):
        path = tmp_path / f"consortium-{k}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        expected = cli_view(path)
        shown = import_settled(page, str(path)) if k % 10 == 9 else open_link(page, data)
        sent = json.loads(page.evaluate("() => window.__heChecker.inputText()"))
        got = page_view(shown)
        outcomes[expected["outcome"]] = outcomes.get(expected["outcome"], 0) + 1
        if got != expected or not same_json(sent, data):
            as_given = same_json(sent, data)
            mismatches.append({"case": k, "input": data, "cli": expected, "page": got, "sent_as_given": as_given})
    elapsed = time.perf_counter() - started
    print(f"\n{COUNT} consortia (seed {SEED}) in {elapsed:.1f} s: {outcomes}")
    assert not mismatches, json.dumps(mismatches[:3], ensure_ascii=False, indent=1)
    # The corpus reaches every outcome, and bad input of many kinds.
    assert {"eligible", "not-eligible", "bad-input"} <= set(outcomes), outcomes
    assert not page_errors
