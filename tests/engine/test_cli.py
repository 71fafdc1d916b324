"""The command line: exit codes, formats (JSON, YAML, CSV, stdin), and bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import CONSORTIA, run_cli

from horizon_eligibility.cli import main


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command in a process of its own (the exit status and output the shell sees); the other
    tests call it in this process (run_cli), which gives the same without starting Python again."""
    return subprocess.run(
        [sys.executable, "-m", "horizon_eligibility", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_check_eligible_exits_0_and_prints_a_report() -> None:
    result = run("check", str(CONSORTIA / "uk-2024-ria-associated.json"))
    assert result.returncode == 0, result.stderr
    # A 2024 call: the sources printed are the General Annexes 2023-2024 (HE-GA23), in force for it.
    assert "VERDICT: ELIGIBLE" in result.stdout and "HE-GA23" in result.stdout and "HE-GA26" not in result.stdout


def test_check_not_eligible_exits_1_with_how_to_fix() -> None:
    result = run("check", str(CONSORTIA / "design-example.json"))
    assert result.returncode == 1
    assert "NOT ELIGIBLE" in result.stdout and "How to fix it" in result.stdout


def test_check_json_output_follows_the_contract() -> None:
    result = run("check", str(CONSORTIA / "design-example.json"), "--format", "json")
    verdict = json.loads(result.stdout)
    assert verdict["eligible"] is False and verdict["outcome"] == "not-eligible"
    assert verdict["headline"] == "Not eligible" and verdict["conditions_to_confirm"] == []
    for finding in verdict["findings"]:
        assert set(finding) >= {"rule", "severity", "message", "sources"}
        assert finding["severity"] in ("error", "warning", "info")
    for participant in verdict["participants"]:
        assert set(participant) >= {"name", "counts_towards_minimum", "funding", "reason"}
        assert participant["funding"] in ("eligible", "not-eligible", "excluded")


def test_check_reads_stdin() -> None:
    result = run("check", "-", "--format", "json", stdin=(CONSORTIA / "kosovo-2025.json").read_bytes())
    assert result.returncode == 0 and json.loads(result.stdout)["eligible"] is True


def test_check_reads_yaml(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    path = tmp_path / "c.yaml"
    path.write_text(
        "programme: horizon-europe\naction: RIA\ncall_year: 2025\nparticipants:\n"
        "  - {name: A, country: DE, role: coordinator}\n  - {name: B, country: FR, role: beneficiary}\n"
        "  - {name: C, country: IT, role: beneficiary}\n",
        encoding="utf-8",
    )
    assert run_cli("check", str(path)).returncode == 0


def test_check_reads_csv_with_call_options(tmp_path: Path) -> None:
    path = tmp_path / "partners.csv"
    path.write_text(
        "name,country,role,type,controlled_by\nUni A,DE,coordinator,university,\n"
        'Firm B,FR,beneficiary,sme,\n"Firm C, S.L.",ES,beneficiary,,Firm B\n',
        encoding="utf-8",
    )
    result = run_cli(
        "check",
        str(path),
        "--programme",
        "horizon-europe",
        "--action",
        "RIA",
        "--call-id",
        "HORIZON-CL5-2025-D3-01",
        "--format",
        "json",
    )
    assert result.returncode == 1  # Firm C is controlled by Firm B
    assert [p["name"] for p in json.loads(result.stdout)["participants"]][2] == "Firm C, S.L."


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b'{"programme": ', "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        (b"\xff\xfe\xfa", "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "more than 20 levels deep"),
        (b"name,country\nA,DE\n", "not valid JSON"),
    ],
)
def test_bad_files_exit_2_with_a_message(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(content)
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr


def test_csv_problems_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("name,land\nA,DE\n", encoding="utf-8")
    result = run_cli("check", str(path), "--programme", "horizon-europe", "--action", "RIA", "--call-year", "2025")
    assert result.returncode == 2 and "lacks the column(s) country, role" in result.stderr


def test_missing_file_and_unknown_country_exit_2(tmp_path: Path) -> None:
    assert run_cli("check", str(tmp_path / "nope.json")).returncode == 2
    data = json.loads((CONSORTIA / "design-example.json").read_text(encoding="utf-8"))
    data["participants"][0]["country"] = "XX"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 2
    assert "error: Participant 1 (Uni A), country: 'XX' is not a country we know." in result.stderr


def test_huge_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (17 * 1024 * 1024))
    result = run_cli("check", str(path))
    assert result.returncode == 2 and "larger than 16 MB" in result.stderr


def test_countries_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["countries", "ch", "--programme", "horizon-europe", "--year", "2025", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["status"] == "associated" and row["funding"] == "eligible"
    assert main(["countries", "--programme", "horizon-2020", "--year", "2015", "--part", "excellent-science"]) == 0
    assert "Switzerland" in capsys.readouterr().out
    assert main(["countries", "ZZ", "--year", "2025"]) == 2


def test_actions_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["actions", "--programme", "horizon-2020"]) == 0
    assert "MSCA-RISE" in capsys.readouterr().out


TOPIC_TEXT = (
    "Participation is limited to legal entities established in Member States and Associated Countries.\n"
    "- Applicants must be members of the OECD.\n"
)


def test_topic_command_prints_the_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "conditions.txt"
    text.write_text(TOPIC_TEXT, encoding="utf-8")
    assert main(["topic", str(text), "--format", "json"]) == 0
    reading = json.loads(capsys.readouterr().out)
    assert reading["topic"] == {"eligible_countries": ["associated-countries"]}
    assert reading["uninterpreted"] == ["Applicants must be members of the OECD."]
    assert main(["topic", str(text)]) == 0
    assert "check these yourself" in capsys.readouterr().out


def test_check_topic_text_applies_the_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "conditions.txt"
    text.write_text(TOPIC_TEXT, encoding="utf-8")
    # The OECD sentence is not understood: eligible only if it is confirmed (exit 3).
    assert (
        main(["check", str(CONSORTIA / "uk-2024-ria-associated.json"), "--topic-text", str(text), "--format", "json"])
        == 3
    )
    verdict = json.loads(capsys.readouterr().out)
    assert "he.topic.unread" in {f["rule"] for f in verdict["findings"]}
    assert [c["rule"] for c in verdict["conditions_to_confirm"]] == ["he.topic.unread"]
    # design-example has a US associated partner: a topic limited to MS and AC keeps it out.
    with_us = CONSORTIA / "design-example.json"
    assert main(["check", str(with_us), "--topic-text", str(text), "--format", "json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert "he.topic.eligible-countries" in {f["rule"] for f in verdict["findings"]}
    assert verdict["outcome"] == "not-eligible" and verdict["conditions_to_confirm"] == []


def test_check_topic_text_that_contradicts_explicit_options_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads((CONSORTIA / "uk-2024-ria-associated.json").read_text(encoding="utf-8"))
    data["topic"] = {"eligible_countries": ["NO"], "conditions_text": TOPIC_TEXT}
    path = tmp_path / "consortium.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(
        "error: Topic option ‘Only these countries may take part (Art 22(5) topic)’: "
        "contradicts the conditions text, which says:"
    )


def test_csv_header_lines_carry_the_call_and_topic_and_options_override_them(tmp_path: Path) -> None:
    # china.restriction-ria-2026 is lifted by the topic (HE-GA26): the CSV's topic line must reach the engine.
    # Differential: the JSON file and the same consortium written as CSV with header lines give one verdict.
    source = CONSORTIA / "china-2026-ria-exempt-destination.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    lines = [f"# {key}: {data[key]}" for key in ("programme", "action", "call_year")]
    lines.append(f"# topic: {json.dumps(data['topic'])}")
    lines.append("name,country,role,type")
    lines += [",".join(p.get(k, "") for k in ("name", "country", "role", "type")) for p in data["participants"]]
    path = tmp_path / "partners.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from_json = json.loads(run("check", str(source), "--format", "json").stdout)
    from_csv = json.loads(run("check", str(path), "--format", "json").stdout)
    assert from_json["outcome"] == "eligible"
    assert {k: from_csv[k] for k in ("outcome", "participants", "findings")} == {
        k: from_json[k] for k in ("outcome", "participants", "findings")
    }
    # An option on the command line wins over the file's header line.
    overridden = json.loads(run("check", str(path), "--call-year", "2025", "--format", "json").stdout)
    assert overridden["call_year"] == 2025


# -- partners: the organisation directory (CORDIS) ---------------------------------------------------------


def test_partners_json_lists_the_best_matches_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "fraunhofer gesellschaft", "--country", "DE", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "fraunhofer gesellschaft"
    first = out["matches"][0]
    assert set(first) == {"pic", "name", "short_name", "country", "type", "projects", "last_year"}
    # CORDIS-HE: FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV, PIC 999984059, DE, REC.
    assert (first["pic"], first["country"], first["type"]) == ("999984059", "DE", "research-organisation")
    assert all(m["country"] == "DE" for m in out["matches"])
    projects = [m["projects"] for m in out["matches"][1:]]
    assert projects == sorted(projects, reverse=True)  # the same match, then by number of projects


def test_partners_reads_el_and_uk_and_prints_a_readable_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["partners", "ethniko kentro erevnas", "--country", "EL", "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "998802502" in out and "GR, research organisation" in out and "© European Union" in out
    assert main(["partners", "zzzzqqq"]) == 0
    assert "No organisation in the directory matches" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["partners", "  "], "The query: is empty."),
        (["partners", "tno", "--country", "XX"], "--country: 'XX' is not a country we know."),
        (["partners", "tno", "--limit", "0"], "--limit: is 0; it must be from 1 to 1000."),
        (["partners", "x" * 201], "The query: is 201 characters long"),
    ],
)
def test_partners_bad_input_exits_2_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_check_a_csv_of_pics_from_the_command_line(tmp_path: Path) -> None:
    csv_file = tmp_path / "partners.csv"
    csv_file.write_text("pic,role\n999984059,coordinator\n999997930,beneficiary\n999991334,beneficiary\n")
    result = run("check", str(csv_file), "--programme", "horizon-europe", "--action", "RIA", "--call-year", "2025")
    assert result.returncode == 0, result.stderr
    assert "country DE and type research organisation from CORDIS (2025-12-06)" in result.stdout
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("pic,role\n123456789,coordinator\n")
    result = run("check", str(unknown), "--programme", "horizon-europe", "--action", "RIA", "--call-year", "2025")
    assert result.returncode == 2
    assert "Participant 1, PIC: 123456789 is the PIC of no organisation in the CORDIS directory" in result.stderr
