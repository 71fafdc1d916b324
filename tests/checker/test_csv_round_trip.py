"""The checker's CSV export is a round trip: the page's own pure module (csv.mjs, run under node) writes every
example consortium, the call and the topic in header lines, and the command line (`horizon-eligibility check
FILE.csv`, run in-process) reads it back to the same verdict as the consortium's JSON. Differential: the two
files must give one answer, whatever that answer is."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from horizon_eligibility import catalog
from horizon_eligibility.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]
NODE = shutil.which("node")
CSV_MODULE = ROOT / "docs/assets/javascripts/checker/csv.mjs"
EXPORT = f"""
import {{ consortiumToCsv }} from {json.dumps(CSV_MODULE.as_uri())};
let input = "";
for await (const chunk of process.stdin) input += chunk;
const {{ contract, docs }} = JSON.parse(input);
process.stdout.write(JSON.stringify(docs.map((doc) => consortiumToCsv(doc, contract))));
"""
# Names and a topic text that CSV must quote: separators, quotes, line breaks, a formula, right-to-left text.
ODD_NAMES = ['Uni "A", Ågård', "Firm; B", "Lab\tC", "Zoë\nline 2", "جامعة القاهرة", "=1+1", "'quoted'"]
CONDITIONS = 'Eligible countries: "as in the General Annexes";\nsee the topic, line 2, with a comma.'


def examples() -> list[tuple[str, dict[str, Any]]]:
    paths = sorted((ROOT / "examples").glob("*.json")) + sorted((ROOT / "tests/engine/consortia").glob("*.json"))
    found = []
    for k, path in enumerate(paths):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for p, name in zip(doc["participants"], ODD_NAMES, strict=False):
            for other in doc["participants"]:
                if other.get("controlled_by") == p["name"]:
                    other["controlled_by"] = name
            p["name"] = name
        if k % 5 == 0 and not doc.get("topic"):
            doc["topic"] = {"conditions_text": CONDITIONS}
        found.append((path.name, doc))
    return found


def export_with_node(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if NODE is None:
        pytest.skip("node is not installed (make node)")
    stdin = json.dumps({"contract": catalog()["input"], "docs": docs})
    done = subprocess.run(
        [NODE, "--input-type=module", "-e", EXPORT], input=stdin, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    exported: list[dict[str, Any]] = json.loads(done.stdout)
    return exported


def cli_check(path: Path) -> tuple[int, dict[str, Any]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["check", str(path), "--format", "json"])
    return code, json.loads(out.getvalue())


def test_every_example_exported_as_csv_by_the_page_reads_back_on_the_command_line_to_the_same_verdict(
    tmp_path: Path,
) -> None:
    cases = examples()
    exported = export_with_node([doc for _, doc in cases])
    outcomes = set()
    for (name, doc), csv in zip(cases, exported, strict=True):
        assert csv["left"] == [], name  # every field of these inputs has a place in the CSV
        json_file, csv_file = tmp_path / f"{name}", tmp_path / f"{name}.csv"
        json_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        csv_file.write_text(csv["text"], encoding="utf-8", newline="")
        from_json, from_csv = cli_check(json_file), cli_check(csv_file)
        assert from_csv == from_json, name
        outcomes.add(from_json[1].get("outcome", "bad-input"))
    # The examples reach every outcome, so the round trip is proved on each.
    assert outcomes >= {"eligible", "eligible-if", "not-eligible"}


def test_the_export_names_the_call_in_header_lines_a_person_can_read() -> None:
    doc = {
        "programme": "horizon-europe",
        "action": "RIA",
        "call_id": "HORIZON-CL5-2025-D3-01",
        "deadline": "2025-09-16",
        "topic": {"china_ria_exempt": True},
        "participants": [{"name": "Uni A", "country": "DE", "role": "coordinator"}],
    }
    [csv] = export_with_node([doc])
    assert csv["text"].split("\r\n") == [
        "# programme: horizon-europe",
        "# action: RIA",
        "# call_id: HORIZON-CL5-2025-D3-01",
        "# deadline: 2025-09-16",
        '"# topic: {""china_ria_exempt"":true}"',
        "name,country,role,type,controlled_by",
        "Uni A,DE,coordinator,,",
        "",
    ]
