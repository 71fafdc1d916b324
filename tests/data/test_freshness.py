"""`build_scripts/rules/freshness.py` lists the sources (and the facts citing them) not verified for 180 days."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import DATA, ROOT, freshness, load

FAR_FUTURE = "2100-01-01"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = freshness.main(list(args))
    return status, capsys.readouterr().out


@pytest.fixture
def fresh_data(tmp_path: Path) -> Path:
    """A copy of data/ in which every source was verified today."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    sources = copy / "sources.yaml"
    text = re.sub(r"verified_on: \S+", f"verified_on: {dt.date.today().isoformat()}", sources.read_text("utf-8"))
    sources.write_text(text, encoding="utf-8")
    return copy


def test_everything_is_stale_far_in_the_future(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "--today", FAR_FUTURE, "--format", "json")
    assert status == 1
    report = json.loads(out)
    sources = load("sources.yaml")["sources"]
    assert report["sources_total"] == len(sources)
    assert sorted(s["id"] for s in report["stale"]) == sorted(sources)
    assert all(s["age_days"] > 180 for s in report["stale"])


def test_nothing_is_stale_today_when_everything_was_just_verified(
    capsys: pytest.CaptureFixture[str], fresh_data: Path
) -> None:
    status, out = _run(capsys, "--data", str(fresh_data))
    assert status == 0
    assert out.startswith("All ")


def test_nothing_is_stale_on_the_day_of_the_latest_verification(capsys: pytest.CaptureFixture[str]) -> None:
    # The data as committed: on the day of its latest verification, only older sources can be stale.
    sources = load("sources.yaml")["sources"]
    newest = max(s["verified_on"] for s in sources.values())
    oldest = min(s["verified_on"] for s in sources.values())
    span = (dt.date.fromisoformat(newest) - dt.date.fromisoformat(oldest)).days
    status, out = _run(capsys, "--today", newest, "--max-age-days", str(max(span, 180)))
    assert status == 0, out


def test_a_source_is_stale_from_the_day_after_max_age(capsys: pytest.CaptureFixture[str], fresh_data: Path) -> None:
    today = dt.date.today()
    at_limit = (today + dt.timedelta(days=180)).isoformat()
    past_limit = (today + dt.timedelta(days=181)).isoformat()
    assert _run(capsys, "--data", str(fresh_data), "--today", at_limit)[0] == 0
    assert _run(capsys, "--data", str(fresh_data), "--today", past_limit)[0] == 1
    assert _run(capsys, "--data", str(fresh_data), "--today", at_limit, "--max-age-days", "179")[0] == 1


def test_stale_sources_list_the_entries_that_cite_them(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(capsys, "--today", FAR_FUTURE, "--format", "json")
    stale = {s["id"]: s for s in json.loads(out)["stale"]}
    cited = {(c["file"], c["path"]) for c in stale["KR-HE"]["cited_by"]}
    assert ("data/horizon-europe/association.yaml", "countries.KR[0]") in cited
    restrictions = {(c["file"], c["path"]) for c in stale["HU-TRUSTS"]["cited_by"]}
    assert any(file == "data/horizon-europe/restrictions.yaml" for file, _ in restrictions)
    # Entries reached through YAML anchors are listed where they are used, not under `templates`.
    assert not any(c["path"].startswith("templates") for s in stale.values() for c in s["cited_by"])


def test_text_report_names_source_date_and_citing_files(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "--today", FAR_FUTURE)
    assert status == 1
    assert "KR-HE: verified_on " in out
    assert "cited in data/horizon-europe/association.yaml: countries.KR[0]" in out


def test_markdown_report_is_a_checklist_for_the_monthly_issue(capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _run(capsys, "--today", FAR_FUTURE, "--format", "markdown")
    assert status == 1
    assert out.startswith("## ")
    sources = load("sources.yaml")["sources"]
    assert out.count("\n- [ ] **") == len(sources)
    assert "- [ ] **KR-HE**: [" in out
    assert "`data/horizon-europe/association.yaml`" in out
    assert len(out) < 65536, "a GitHub issue body holds at most 65536 characters"


def test_markdown_report_when_nothing_is_stale(capsys: pytest.CaptureFixture[str], fresh_data: Path) -> None:
    status, out = _run(capsys, "--data", str(fresh_data), "--format", "markdown")
    assert status == 0
    assert "- [ ]" not in out


def test_bad_arguments_exit_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        freshness.main(["--today", "31/12/2026"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        freshness.main(["--max-age-days", "-1"])
    assert caught.value.code == 2


def test_unreadable_data_exits_with_status_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("sources: [unclosed\n", encoding="utf-8")
    assert freshness.main(["--data", str(tmp_path)]) == 2
    assert "error:" in capsys.readouterr().err


def test_command_line_exit_status() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "build_scripts.rules.freshness", "--today", FAR_FUTURE, "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["stale"]
