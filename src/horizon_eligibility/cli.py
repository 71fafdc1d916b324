"""`horizon-eligibility` / `python -m horizon_eligibility`.

  check FILE|-      verdict for a consortium (JSON, YAML where PyYAML is installed, or CSV of partners);
                    with --compare-years 2023-2026, the verdict for each of those call years
  countries [CODE]  status and funding of one country, or a table of all
  actions           the action types of a programme and their minimum conditions
  topic FILE|-      what a topic's conditions text sets (eligible countries, exclusions, extra conditions)
  partners QUERY    organisations from CORDIS whose name matches: PIC, name, country, type (--country XX)

Exit status of `check`: 0 eligible, 1 not eligible, 2 bad input (with a message naming the field); with
--compare-years, 0 only if eligible in every year compared. `partners` exits with 0 (also when nothing
matches) or 2 for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import catalog
from .compare import compare_years, parse_years
from .csv_input import parse_csv
from .engine import check
from .inputs import TOPIC_TEXT
from .model import FUNDING_LABELS, SEVERITY_LABELS, STATUS_LABELS, InputError, Verdict
from .rules import load_rules
from .status import PublishedStatus, country_status
from .topic_reader import read_topic

MAX_INPUT_BYTES = 16 * 1024 * 1024
EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="horizon-eligibility", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    programmes = tuple(load_rules().programmes)
    chk = sub.add_parser("check", help="check a consortium")
    chk.add_argument("file", help="JSON or YAML input, a CSV of partners, or - for standard input")
    chk.add_argument("--format", choices=("text", "json"), default="text")
    chk.add_argument("--csv", action="store_true", help="read FILE as CSV (name,country,role,type,controlled_by)")
    for option in ("programme", "action", "call-id", "deadline", "part"):
        chk.add_argument(f"--{option}", help=f"the call's {option.replace('-', ' ')} (overrides the file)")
    chk.add_argument("--call-year", help="the call's budget year (overrides the file)")
    chk.add_argument(
        "--topic-text", metavar="FILE", help="the topic's conditions as text or HTML from the portal (- for stdin)"
    )
    chk.add_argument(
        "--compare-years",
        metavar="YEARS",
        help="check the same consortium for these call years (2023-2026, or 2023,2025): what changes and why",
    )

    top = sub.add_parser("topic", help="read a topic's conditions text into topic options")
    top.add_argument("file", help="the conditions as text or HTML (from the portal), or - for standard input")
    top.add_argument("--programme", default="horizon-europe", choices=programmes)
    top.add_argument("--format", choices=("text", "json"), default="text")

    ctr = sub.add_parser("countries", help="status and funding of countries")
    ctr.add_argument("code", nargs="?", help="one country (ISO alpha-2; EL, UK accepted)")
    ctr.add_argument("--programme", default="horizon-europe", choices=programmes)
    ctr.add_argument("--year", type=int, required=True, help="the call's budget year")
    ctr.add_argument(
        "--part",
        help="programme part (default: the action's if it has one, e.g. Pillar I for ERC; else the programme's)",
    )
    ctr.add_argument("--action", help="action type (default: the programme's reference action, RIA)")
    ctr.add_argument("--deadline", help="the call deadline (YYYY-MM-DD), where a rule runs by date")
    ctr.add_argument("--format", choices=("text", "json"), default="text")

    par = sub.add_parser("partners", help="find organisations (PIC, country, type) in the CORDIS directory")
    par.add_argument("query", help="words of the name or short name, in any order, as prefixes (KU Leuven, fraunh)")
    par.add_argument("--country", help="only organisations in this country (ISO alpha-2; EL, UK accepted)")
    par.add_argument("--limit", type=int, default=10, help="at most this many matches (default 10)")
    par.add_argument("--format", choices=("text", "json"), default="text")

    act = sub.add_parser("actions", help="action types and their minimum conditions")
    act.add_argument("--programme", default="horizon-europe", choices=programmes)
    act.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "countries":
            return _countries(args)
        if args.command == "topic":
            return _topic(args)
        if args.command == "partners":
            return _partners(args)
        return _actions(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. piped into `head`
        return 0


# -- check -----------------------------------------------------------------------------------------
def _read(file: str) -> tuple[str, str]:
    """(text, name) of the input; InputError for what cannot be read as text."""
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            name = "standard input"
        else:
            path = Path(file)
            if not path.is_file():
                raise InputError("file", f"{file}: no such file")
            with path.open("rb") as handle:
                raw = handle.read(MAX_INPUT_BYTES + 1)
            name = file
    except OSError as exc:
        raise InputError("file", f"{file}: cannot be read ({exc.strerror})") from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError("file", f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB")
    if b"\x00" in raw:
        raise InputError("file", f"{name} is a binary file, not JSON, YAML or CSV text")
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise InputError("file", f"{name} is not UTF-8 text (byte {exc.start})") from None


MAX_YAML_BYTES = 2 * 1024 * 1024  # PyYAML is slow on large input; JSON has the full limit


def _looks_like_yaml(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    return ":" in first or first.lstrip().startswith(("- ", "---"))


def _parse(text: str, name: str, as_csv: bool) -> Any:
    if as_csv:
        return {"participants": parse_csv(text)}
    stripped = text.lstrip()
    if not stripped:
        raise InputError("file", f"{name} is empty")
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError("file", f"{name} is nested too deeply") from None
    except json.JSONDecodeError as exc:
        json_error = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        yaml_file = name.lower().endswith((".yaml", ".yml"))
        if stripped[0] in "{[" or not (yaml_file or (not name.lower().endswith(".json") and _looks_like_yaml(text))):
            raise InputError("file", f"{name} is {json_error}") from None
    if len(text) > MAX_YAML_BYTES:
        raise InputError("file", f"{name} is larger than 2 MB: give large consortia as JSON")
    try:
        import yaml
    except ImportError:
        raise InputError(
            "file",
            f"{name} is {json_error} (YAML input needs PyYAML: pip install 'horizon-eligibility[yaml]')",
        ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError("file", f"{name} is neither valid JSON nor valid YAML{where}") from None


def _check(args: argparse.Namespace) -> int:
    text, name = _read(args.file)
    as_csv = args.csv or args.file.lower().endswith(".csv")
    data = _parse(text, name, as_csv)
    if not isinstance(data, dict):
        raise InputError("", f"{name} must hold a JSON object with a 'participants' list")
    overrides = {
        "programme": args.programme,
        "action": args.action,
        "call_id": args.call_id,
        "deadline": args.deadline,
        "part": args.part,
        "call_year": args.call_year,
    }
    data.update({k: v for k, v in overrides.items() if v is not None})
    if args.topic_text:
        topic = data.get("topic") or {}
        if not isinstance(topic, dict):
            raise InputError("topic", "must be an object")
        if topic.get(TOPIC_TEXT):
            raise InputError("--topic-text", f"the file already has topic.{TOPIC_TEXT}: give one of the two")
        data["topic"] = {**topic, TOPIC_TEXT: _read(args.topic_text)[0]}
    if args.compare_years:
        try:
            return _compare(data, parse_years(args.compare_years, "--compare-years"), args.format)
        except InputError as exc:
            if exc.field == "years":  # name the option, not the function's parameter
                raise InputError("--compare-years", exc.detail) from None
            raise
    verdict = check(data)
    if args.format == "json":
        json.dump(verdict.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        write_report(verdict, sys.stdout)
    return EXIT_ELIGIBLE if verdict.eligible else EXIT_NOT_ELIGIBLE


def _compare(data: dict[str, Any], years: list[int], output: str) -> int:
    comparison = compare_years(data, years)
    all_eligible = all(y["eligible"] for y in comparison["years"])
    if output == "json":
        json.dump(comparison, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_ELIGIBLE if all_eligible else EXIT_NOT_ELIGIBLE
    c = comparison
    wrap = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="    ")
    print(f"{c['programme_name']} - {c['action_name']} ({c['action']}) - {c['part_name']}: call years compared")
    for note in c["notes"]:
        print(wrap.fill(f"Note: {note}"))
    print(f"\n  {'Year':6}{'Verdict':15}{'Errors':>7}{'Warnings':>10}")
    for y in c["years"]:
        verdict = "ELIGIBLE" if y["eligible"] else "NOT ELIGIBLE"
        print(f"  {y['year']:<6}{verdict:15}{y['errors']:>7}{y['warnings']:>10}")
    rows = [
        (
            f"{p['name']} ({p['country']})",
            [f"{'yes' if y['counts_towards_minimum'] else 'no'}/{y['funding']}" for y in p["years"]],
        )
        for p in c["participants"]
    ]
    first = min(32, max(len(label) for label, _ in rows)) + 2
    cell = max(len(text) for _, cells in rows for text in cells) + 2
    print("\nParticipants: counts towards the minimum / EU funding, by year")
    print("  " + " " * first + "".join(f"{y['year']:<{cell}}" for y in c["years"]).rstrip())
    for label, cells in rows:
        print("  " + f"{label[: first - 2]:{first}}" + "".join(f"{text:<{cell}}" for text in cells).rstrip())
    changes = [(y["year"], None, text) for y in c["years"] for text in y["changes"]]
    changes += [(ch["year"], p, ch["text"]) for p in c["participants"] for ch in p["changes"]]
    print("\nWhat changes" if changes else "\nNothing changes from one year to the next.")
    for year, p, text in sorted(changes, key=lambda item: item[0]):
        who = f"{p['name']} ({p['country']}): " if p else "Verdict: "
        print(wrap.fill(f"{year}: {who}{text}"))
    print(f"\nData version {c['data_version']}, verified on {c['data_verified_on']}.")
    return EXIT_ELIGIBLE if all_eligible else EXIT_NOT_ELIGIBLE


def _topic(args: argparse.Namespace) -> int:
    text, _ = _read(args.file)
    reading = read_topic(text, args.programme)
    if args.format == "json":
        json.dump(reading.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
    print("Topic options read:" if reading.topic else "No topic option read: the general rules apply.")
    for key, value in reading.topic.items():
        print(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    for clause in reading.clauses:
        print(f"\n  {clause.kind}: sets {json.dumps(dict(clause.sets), ensure_ascii=False) or '{}'}")
        print(wrap.fill(f"\u201c{clause.sentence}\u201d"))
    if reading.uninterpreted:
        print("\nNot understood (check these yourself):")
        for sentence in reading.uninterpreted:
            print(wrap.fill(f"\u201c{sentence}\u201d"))
    return 0


MAX_LIMIT = 1000


def _partners(args: argparse.Namespace) -> int:
    from .directory import MAX_QUERY_LENGTH, load_directory, words  # only this command reads the directory

    query = args.query.strip()
    if not query or not words(query):
        raise InputError("QUERY", "is empty: give words of the organisation's name, such as fraunhofer")
    if len(query) > MAX_QUERY_LENGTH:
        raise InputError("QUERY", f"is {len(query)} characters long; at most {MAX_QUERY_LENGTH} are accepted")
    if not 1 <= args.limit <= MAX_LIMIT:
        raise InputError("--limit", f"must be from 1 to {MAX_LIMIT}")
    country = None
    if args.country:
        country = load_rules().resolve_country(args.country)
        if country is None:
            raise InputError("--country", f"unknown country code {args.country!r} (use ISO 3166-1 alpha-2, such as DE)")
    directory = load_directory()
    if directory is None:
        raise InputError("partners", "the organisation directory is not installed with this copy of the engine")
    matches = [o.to_match() for o in directory.search(query, country, args.limit)]
    about = {
        "snapshots": directory.meta.get("snapshots", {}),
        "attribution": directory.meta.get("attribution", ""),
    }
    if args.format == "json":
        json.dump(
            {"query": args.query, "matches": matches, "directory": about}, sys.stdout, ensure_ascii=False, indent=2
        )
        sys.stdout.write("\n")
        return 0
    if not matches:
        print(f"No organisation in the directory matches {query!r}{f' in {country}' if country else ''}.")
    for m in matches:
        short = f" ({m['short_name']})" if m["short_name"] else ""
        last = f", last call {m['last_year']}" if m["last_year"] else ""
        kind = (m["type"] or "type not recorded").replace("-", " ")
        print(f"  {m['pic']}  {m['name']}{short}")
        print(f"             {m['country'] or '??'}, {kind}; {m['projects']} Horizon project(s){last}")
    dates = about["snapshots"]
    print(
        f"\nFrom CORDIS: Horizon Europe {dates.get('HE', '?')}, Horizon 2020 (partial) {dates.get('H2020', '?')}; "
        f"{about['attribution']}."
    )
    return 0


def write_report(verdict: Verdict, out: TextIO) -> None:
    v = verdict.to_dict()
    wrap = textwrap.TextWrapper(width=100, subsequent_indent="    ")
    call = f" ({v['call_id']})" if v["call_id"] else ""
    deadline = f", deadline {v['deadline']}" if v["deadline"] else ""
    programme = load_rules().programme(v["programme"]).name
    out.write(f"{programme} - {v['action_name']} ({v['action']}) - call year {v['call_year']}{call}{deadline}\n")
    out.write(f"Programme part: {v['part_name']}\n\n")
    out.write(f"VERDICT: {'ELIGIBLE' if v['eligible'] else 'NOT ELIGIBLE'}\n\n")
    out.write("Participants\n")
    rows = [("Name", "Country", "Role", "Counts", "Funding")]
    for p in v["participants"]:
        rows.append(
            (
                p["name"],
                f"{p['country']} {p['status']}",
                p["role"],
                "yes" if p["counts_towards_minimum"] else "no",
                FUNDING_LABELS[p["funding"]],
            )
        )
    widths = [min(30, max(len(r[i]) for r in rows)) for i in range(5)]
    for row in rows:
        # Names are cut to fit; the funding column is last, so its words are never cut.
        cells = [cell[:30].ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        out.write("  " + "  ".join([*cells, row[-1]]).rstrip() + "\n")
    out.write("\n")
    for p in v["participants"]:
        out.write(wrap.fill(f"  {p['name']} ({STATUS_LABELS[p['status']]}): {p['reason']}") + "\n")
    if v["findings"]:
        out.write("\nFindings\n")
        for f in v["findings"]:
            sources = f" [{', '.join(f['sources'])}]" if f["sources"] else ""
            severity = SEVERITY_LABELS[f["severity"]].upper()
            out.write(wrap.fill(f"  {severity} {f['rule']}: {f['message']}{sources}") + "\n")
    if v["critical_participants"]:
        out.write(wrap.fill("\nThe consortium cannot lose: " + ", ".join(v["critical_participants"])) + "\n")
    if v["suggestions"]:
        out.write("\nHow to fix it\n")
        for s in v["suggestions"]:
            out.write(wrap.fill(f"  - {s}") + "\n")
    out.write("\nSources\n")
    for sid, s in v["sources"].items():
        out.write(wrap.fill(f"  {sid}: {s['title']}, {s['version']} ({s['url']}); verified {s['verified_on']}") + "\n")
    out.write(
        f"\nData version {v['data_version']}, verified on {v['data_verified_on']}. The call text prevails; "
        "the EU does not pre-check eligibility.\n"
    )


# -- countries and actions -------------------------------------------------------------------------
def describe(status: PublishedStatus) -> str:
    """One line: the outcome, then what differs by deadline or in other actions."""
    text = f"funding: {status.funding}"
    split = status.depends_on_deadline
    if split:
        text += (
            f"; depends on the deadline: before {split.date} {split.before.funding}"
            f"{' (counts)' if split.before.counts_towards_minimum else ''}, from then {split.from_date.funding}"
            f"{' (counts)' if split.from_date.counts_towards_minimum else ''}"
        )
    for other in status.other_actions:
        text += f"; in {other.action_name}s: {other.outcome.funding}"
    return text


def _countries(args: argparse.Namespace) -> int:
    rules = load_rules()
    programme = rules.programme(args.programme)
    if args.code:
        code = rules.resolve_country(args.code)
        if code is None:
            raise InputError("code", f"unknown country code {args.code!r}")
        codes = [code]
    else:
        codes = sorted(rules.countries, key=rules.country_name)
    try:
        table = [country_status(args.programme, args.year, args.part, c, args.action, args.deadline) for c in codes]
    except InputError as exc:  # name the option, not the function's parameter
        option = {"call_year": "--year", "code": "code"}.get(exc.field, f"--{exc.field}")
        raise InputError(option, exc.detail) from None
    if args.format == "json":
        rows = [row.to_dict() for row in table]
        json.dump(rows if not args.code else rows[0], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    first = table[0]
    print(f"{programme.name}, calls of {args.year}, {programme.parts[first.part]['name']} ({first.action_name})")
    for row in table:
        counts = "counts" if row.counts_towards_minimum else "-"
        print(f"  {row.code:6} {row.name[:34]:34} {row.status:22} {counts:7} {describe(row)}")
        if args.code:
            for note in row.notes:
                print(textwrap.fill(f"{note[0]}: {note[2]}", 100, initial_indent="    ", subsequent_indent="    "))
            print(f"    sources: {', '.join(row.sources) or '-'}")
    return 0


def _actions(args: argparse.Namespace) -> int:
    rules = load_rules()
    programme = rules.programme(args.programme)
    if args.format == "json":
        entry = next(p for p in catalog()["programmes"] if p["id"] == args.programme)
        json.dump(entry["actions"], sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{programme.name}: action types")
    for action_id, action in programme.actions.items():
        print(f"\n  {action_id} - {action['name']} (default part: {action['default_part']})")
        for condition in action["conditions"]:
            print(textwrap.fill(f"- {condition['text']}", 100, initial_indent="    ", subsequent_indent="      "))
    return 0
