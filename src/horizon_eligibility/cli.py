"""`horizon-eligibility` / `python -m horizon_eligibility`.

  check FILE|-      verdict for a consortium (JSON, YAML where PyYAML is installed, or CSV of partners);
                    with --compare-years 2023-2026, the verdict for each of those call years
  countries [CODE]  status and funding of one country, or a table of all
  actions           the action types of a programme and their minimum conditions
  topic FILE|-      what a topic's conditions text sets (eligible countries, exclusions, extra conditions)
  partners QUERY    organisations from CORDIS whose name matches: PIC, name, country, type (--country XX)

Exit status of `check`: 0 eligible, 1 not eligible, 2 bad input (every problem found, one per line, with
what to do; with --format json also {"outcome": "bad-input", "errors": [...]} on standard output), 3 eligible
if conditions the checker could not verify hold (listed as conditions to confirm); with --compare-years, the
worst year's: 1 if not eligible in some year, else 3 if eligible only if conditions hold in some year, else 0.
`partners` exits with 0 (also when nothing matches). Every command exits 2 on bad input, never with a
traceback.
"""

from __future__ import annotations

import argparse
import codecs
import io
import json
import sys
import textwrap
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import catalog
from .compare import compare_years, parse_years
from .country_names import read_country
from .csv_input import read_csv
from .engine import check
from .input_text import MAX_DEPTH, MAX_INPUT_BYTES, JsonSyntaxError, Where, depth_of, load_json, repeated_key, whole
from .inputs import TOPIC_TEXT, not_a_consortium
from .model import FUNDING_LABELS, OUTCOME_LABELS, SEVERITY_LABELS, STATUS_LABELS, InputError, Verdict
from .rules import load_rules
from .status import PublishedStatus, country_status
from .topic_reader import read_topic

EXIT_ELIGIBLE, EXIT_NOT_ELIGIBLE, EXIT_BAD_INPUT, EXIT_ELIGIBLE_IF = 0, 1, 2, 3
EXIT_STATUS = {"eligible": EXIT_ELIGIBLE, "eligible-if": EXIT_ELIGIBLE_IF, "not-eligible": EXIT_NOT_ELIGIBLE}
EXIT_BUG = 70  # EX_SOFTWARE: an error in this program, not in the input (3 is "eligible if")


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
    for stream in (sys.stdout, sys.stderr):  # text that cannot be encoded is escaped, never a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
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
        report_bad_input(exc, json_output=getattr(args, "format", "text") == "json")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except Exception as exc:  # a bug: say so plainly (the input was fine, or it would be InputError)
        print(
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in horizon-eligibility, not in your input;"
            " please report it with the input that caused it.",
            file=sys.stderr,
        )
        return EXIT_BUG


def report_bad_input(error: InputError, json_output: bool) -> None:
    """Every problem on standard error, one a line with its hint; as JSON on standard output too if asked."""
    for problem in error.errors:
        print(f"error: {problem.text()}", file=sys.stderr)
    if json_output:
        _write_json({"outcome": "bad-input", "errors": error.to_list()})


def _write_json(value: Any) -> None:
    """JSON on standard output, written at once (never half a document)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


# -- check -----------------------------------------------------------------------------------------
_SAVE_AS_UTF8 = "Save it as UTF-8 text (in Excel: Save as, 'CSV UTF-8')."


def _read(file: str) -> tuple[str, str]:
    """(text, name) of the input; InputError for what cannot be read as text. UTF-8 (with or without a
    byte-order mark) and UTF-16 with a byte-order mark (Excel's "Unicode text") are read; nothing else is
    guessed (a Windows-1252 file read as UTF-8 would change names)."""
    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            name = "The standard input"
        else:
            path = Path(file)
            if not path.exists():
                raise InputError([whole(f"There is no file {file}.", "Check the file's name and folder.")])
            if not path.is_file():
                what = "a folder" if path.is_dir() else "not a file (a device or a pipe)"
                raise InputError([whole(f"{file} is {what}.", "Give the path of a JSON, YAML or CSV file.")])
            with path.open("rb") as handle:
                raw = handle.read(MAX_INPUT_BYTES + 1)
            name = f"The file {file}"
    except OSError as exc:
        raise InputError(
            [whole(f"The file {file} cannot be read ({exc.strerror}).", "Check that you may read it.")]
        ) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise InputError(
            [whole(f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB.", "Check that it is a consortium.")]
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), name
        except UnicodeDecodeError:
            raise InputError(
                [whole(f"{name} is not UTF-8 text, nor UTF-16 text as its byte-order mark says.", _SAVE_AS_UTF8)]
            ) from None
    if b"\x00" in raw:
        raise InputError(
            [whole(f"{name} is a binary file, not JSON, YAML or CSV text.", "Check that this is the right file.")]
        )
    try:
        return raw.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise InputError([whole(f"{name} is not UTF-8 text (byte {exc.start:,}).", _SAVE_AS_UTF8)]) from None


MAX_YAML_BYTES = 2 * 1024 * 1024  # PyYAML is slow on large input; JSON has the full limit


def _looks_like_yaml(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
    return ":" in first or first.lstrip().startswith(("- ", "---"))


def _parse(text: str, name: str, as_csv: bool) -> Any:
    if as_csv:
        reading = read_csv(text)  # the call from its columns, if any; options given override it
        return {**reading["call"], "participants": reading["participants"]}
    stripped = text.lstrip()
    if not stripped:
        raise InputError([whole(f"{name} is empty.", "Give a consortium as JSON, YAML or CSV, as in the examples.")])
    try:
        return load_json(text, name)
    except JsonSyntaxError as exc:
        yaml_file = name.lower().endswith((".yaml", ".yml"))
        if stripped[0] in "{[" or not (yaml_file or (not name.lower().endswith(".json") and _looks_like_yaml(text))):
            if name == "The standard input" and stripped[0] not in "{[":  # no file name to tell CSV by
                problem = exc.errors[0]._replace(hint="Standard input is read as JSON or YAML: for CSV, add --csv.")
                raise InputError([problem]) from None
            raise
        json_error = exc.errors[0]
    return _parse_yaml(text, name, json_error.message)


class _RepeatedKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _yaml_loader(yaml: Any) -> Any:
    """PyYAML's safe loader, refusing a key given twice in one mapping (it keeps the last silently), as the
    JSON reader does."""

    class Loader(yaml.SafeLoader):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: set[str] = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in seen:
                        raise _RepeatedKey(str(key_node.value))
                    seen.add(key_node.value)
            return super().construct_mapping(node, deep)

    return Loader


def _parse_yaml(text: str, name: str, json_error: str) -> Any:
    if len(text) > MAX_YAML_BYTES:
        raise InputError([whole(f"{name} is larger than 2 MB.", "Give large consortia as JSON.")])
    try:
        import yaml
    except ImportError:
        raise InputError(
            [whole(json_error, "YAML input needs PyYAML: pip install 'horizon-eligibility[yaml]'.")]
        ) from None
    try:
        data = yaml.load(text, Loader=_yaml_loader(yaml))  # a SafeLoader, refusing repeated keys
    except _RepeatedKey as exc:
        raise InputError([repeated_key(name, exc.key)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(
            [whole(f"{name} is neither valid JSON nor valid YAML{where}.", "Check the text near that place.")]
        ) from None
    except (RecursionError, ValueError, OverflowError):  # nesting, or a number Python will not read
        raise InputError(
            [whole(f"{name} holds YAML that nests too deeply or a number too long to read.", "Check the file.")]
        ) from None
    if depth_of(data) > MAX_DEPTH:
        raise InputError(
            [whole(f"{name} nests lists or objects more than {MAX_DEPTH} levels deep.", "Check the file.")]
        )
    return data


def _check(args: argparse.Namespace) -> int:
    text, name = _read(args.file)
    as_csv = args.csv or args.file.lower().endswith(".csv")
    data = _parse(text, name, as_csv)
    if not isinstance(data, dict):
        raise not_a_consortium(data)  # as check() says it
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
        option = Where("--topic-text", "topic", "The option --topic-text")
        if not isinstance(topic, dict):
            raise option.error("cannot be added: the file's topic is not an object.")
        if topic.get(TOPIC_TEXT):
            raise option.error(f"and the file's topic.{TOPIC_TEXT} both give the conditions.", "Give one of the two.")
        data["topic"] = {**topic, TOPIC_TEXT: _read(args.topic_text)[0]}
    if args.compare_years:
        try:
            return _compare(data, parse_years(args.compare_years, "--compare-years"), args.format)
        except InputError as exc:  # name the option, not the function's parameter
            raise InputError(
                [p._replace(path="--compare-years") if p.path == "years" else p for p in exc.errors]
            ) from None
    verdict = check(data)
    if args.format == "json":
        _write_json(verdict.to_dict())
    else:
        write_report(verdict, sys.stdout)
    return EXIT_STATUS[verdict.outcome]


def _worst(outcomes: list[str]) -> int:
    """The exit status of several years: not eligible in one of them wins over eligible-if, over eligible."""
    if "not-eligible" in outcomes:
        return EXIT_NOT_ELIGIBLE
    return EXIT_ELIGIBLE_IF if "eligible-if" in outcomes else EXIT_ELIGIBLE


def _compare(data: dict[str, Any], years: list[int], output: str) -> int:
    comparison = compare_years(data, years)
    status = _worst([y["outcome"] for y in comparison["years"]])
    if output == "json":
        _write_json(comparison)
        return status
    c = comparison
    wrap = textwrap.TextWrapper(width=100, initial_indent="  ", subsequent_indent="    ")
    print(f"{c['programme_name']} - {c['action_name']} ({c['action']}) - {c['part_name']}: call years compared")
    for note in c["notes"]:
        print(wrap.fill(f"Note: {note}"))
    print(f"\n  {'Year':6}{'Verdict':15}{'Errors':>7}{'Warnings':>10}  To confirm")
    for y in c["years"]:
        verdict = OUTCOME_LABELS[y["outcome"]].upper()
        confirm = len(y["conditions_to_confirm"])
        print(f"  {y['year']:<6}{verdict:15}{y['errors']:>7}{y['warnings']:>10}  {confirm or '-'}".rstrip())
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
        # A change of the verdict names its year itself ("Met from 2025: ...").
        print(wrap.fill(f"{year}: {p['name']} ({p['country']}): {text}" if p else text))
    to_confirm: dict[tuple[str, str], list[str]] = {}
    for y in c["years"]:
        for f in y["conditions_to_confirm"]:
            to_confirm.setdefault((f["rule"], f["message"]), []).append(str(y["year"]))
    if to_confirm:
        print("\nConditions to confirm (the checker could not verify them)")
        for (rule, message), in_years in to_confirm.items():
            print(wrap.fill(f"{', '.join(in_years)}: {rule}: {message}"))
    print(f"\nData version {c['data_version']}, verified on {c['data_verified_on']}.")
    return status


def _topic(args: argparse.Namespace) -> int:
    text, name = _read(args.file)
    try:
        reading = read_topic(text, args.programme)
    except InputError as exc:  # the reader's limit on length
        detail = exc.detail.split(": ", 1)[-1]
        raise InputError([whole(f"{name} {detail}.", "Give only the topic's conditions.")]) from None
    if args.format == "json":
        _write_json(reading.to_dict())
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
    where = Where("QUERY", "QUERY", "The query")
    if not query or not words(query):
        raise where.error("is empty.", "Give words of the organisation's name, such as fraunhofer.")
    if len(query) > MAX_QUERY_LENGTH:
        raise where.error(f"is {len(query):,} characters long; at most {MAX_QUERY_LENGTH} are accepted.", "Shorten it.")
    if not 1 <= args.limit <= MAX_LIMIT:
        raise Where("--limit", "--limit", "--limit").error(f"is {args.limit}; it must be from 1 to {MAX_LIMIT}.")
    country = None
    if args.country:
        country = read_country(load_rules(), args.country, Where("--country", "--country", "--country"))[0]
    directory = load_directory()
    if directory is None:
        raise InputError(
            [whole("The organisation directory is not installed with this copy of the engine.", "Reinstall it.")]
        )
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
    words = OUTCOME_LABELS[v["outcome"]]
    out.write(wrap.fill(f"VERDICT: {words.upper()}{v['headline'][len(words) :]}") + "\n\n")
    if v["conditions_to_confirm"]:
        out.write("Conditions to confirm (the checker could not verify them; if one does not hold, the consortium is\n")
        out.write("not eligible)\n")
        for number, f in enumerate(v["conditions_to_confirm"], 1):
            sources = f" [{', '.join(f['sources'])}]" if f["sources"] else ""
            out.write(wrap.fill(f"  {number}. {f['rule']}: {f['message']}{sources}") + "\n")
        out.write("\n")
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
        given = p.get("input_country")  # a name or an alias: show the code it was read as
        read_as = f"{given} -> {p['country']}, " if given and given.upper() != p["country"] else ""
        out.write(wrap.fill(f"  {p['name']} ({read_as}{STATUS_LABELS[p['status']]}): {p['reason']}") + "\n")
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
BENEFICIARY_WORDS = {
    "yes": "",
    "no": "; as a beneficiary: no (an associated partner only)",
    "if-call-provides": "; as a beneficiary: only where the call conditions provide for it",
    "to-confirm": "; as a beneficiary: only if the call conditions provide for it (to confirm)",
}


def describe(status: PublishedStatus) -> str:
    """One line: the outcome, then what differs by deadline or in the actions a restriction covers."""
    text = f"funding: {status.funding}"
    split = status.depends_on_deadline
    if split:
        text += (
            f"; depends on the deadline: before {split.date} {split.before.funding}"
            f"{' (counts)' if split.before.counts_towards_minimum else ''}, from then {split.from_date.funding}"
            f"{' (counts)' if split.from_date.counts_towards_minimum else ''}"
        )
    if status.restrictions:  # the action asked for is one a restriction covers: say what holds elsewhere
        text += f" (restriction: {', '.join(status.restrictions)})"
        text += f"; in actions no restriction covers: {status.elsewhere.funding}"
    for other in status.other_actions:
        text += f"; in {other.action_name}s: {other.outcome.funding}"
        if other.unless_topic:
            text += f" (unless the topic sets {', '.join(other.unless_topic)})"
    for other in status.reached_in:
        text += f"; in {other.action_name}s: {other.outcome.funding}, with a warning"
    text += BENEFICIARY_WORDS[status.beneficiary]
    for flagged in status.flagged:
        text += f"; flagged '{flagged.flag}': {flagged.outcome.funding}"
    return text


def _print_notes(notes: tuple[tuple[str, str, str, tuple[str, ...]], ...], heading: str = "") -> None:
    for severity, _rule, message, _sources in notes:
        text = f"{heading}{severity}: {message}"
        print(textwrap.fill(text, 100, initial_indent="    ", subsequent_indent="      " if heading else "    "))


def _countries(args: argparse.Namespace) -> int:
    rules = load_rules()
    programme = rules.programme(args.programme)
    if args.code:
        codes = [read_country(rules, args.code, Where("code", "code", "The country"))[0]]
    else:
        codes = sorted(rules.countries, key=rules.country_name)
    try:
        table = [country_status(args.programme, args.year, args.part, c, args.action, args.deadline) for c in codes]
    except InputError as exc:  # name the option, not the function's parameter
        options = {"call_year": "--year", "code": "code"}
        raise InputError([p._replace(path=options.get(p.path, f"--{p.path}")) for p in exc.errors]) from None
    if args.format == "json":
        rows = [row.to_dict() for row in table]
        _write_json(rows if not args.code else rows[0])
        return 0
    first = table[0]
    action = first.action_name or "any type of action but those a restriction covers, listed"
    print(f"{programme.name}, calls of {args.year}, {programme.parts[first.part]['name']} ({action})")
    for row in table:
        counts = "counts" if row.counts_towards_minimum else "-"
        print(f"  {row.code:6} {row.name[:34]:34} {row.status:22} {counts:7} {describe(row)}")
        if args.code:
            _print_notes(row.notes)
            if row.as_beneficiary:
                _print_notes(row.as_beneficiary, f"as a beneficiary ({row.action_name}): ")
            for other in (*row.other_actions, *row.reached_in):  # said of those actions, not of this one
                _print_notes(other.notes, f"in {other.action_name}s only: ")
            for flagged in row.flagged:
                _print_notes(flagged.notes, f"if flagged '{flagged.label}': ")
            print(f"    sources: {', '.join(row.sources) or '-'}")
    return 0


def _actions(args: argparse.Namespace) -> int:
    rules = load_rules()
    programme = rules.programme(args.programme)
    if args.format == "json":
        entry = next(p for p in catalog()["programmes"] if p["id"] == args.programme)
        _write_json(entry["actions"])
        return 0
    print(f"{programme.name}: action types")
    for action_id, action in programme.actions.items():
        print(f"\n  {action_id} - {action['name']} (default part: {action['default_part']})")
        for condition in action["conditions"]:
            text = f"- {_call_years(condition['from_year'], condition['until_year'])}{condition['text']}"
            print(textwrap.fill(text, 100, initial_indent="    ", subsequent_indent="      "))
    return 0


def _call_years(first: int | None, last: int | None) -> str:
    """'Calls of 2023-2024: ' for a condition in force for some call years only."""
    if first and last:
        return f"Calls of {first}: " if first == last else f"Calls of {first}-{last}: "
    if first:
        return f"Calls of {first} and later: "
    return f"Calls up to {last}: " if last else ""
