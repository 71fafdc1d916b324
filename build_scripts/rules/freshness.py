"""List the facts whose sources were last verified more than N days ago (default 180).

    python -m build_scripts.rules.freshness [--today YYYY-MM-DD] [--max-age-days N]
                                             [--format text|markdown|json] [--data DIR]

Reads `verified_on` of every source in data/sources.yaml. A source is stale when it was verified
more than N days before today. For each stale source the command lists the data entries that cite
it (file and path, e.g. `data/horizon-europe/association.yaml: countries.GB[1]`), which are the
facts to check again. `--format markdown` prints the body of the monthly GitHub issue (a checklist);
`--format json` is for other tools.

Exit status: 0 when nothing is stale, 1 when at least one source is stale (so that a scheduled job
can open an issue), 2 on bad arguments or unreadable data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from build_scripts.paths import DATA
from build_scripts.rules.compile import walk_sources

DEFAULT_MAX_AGE_DAYS = 180


@dataclass(frozen=True)
class Citation:
    file: str  # relative to the data directory's parent: data/horizon-europe/actions.yaml
    path: str  # the entry that names the source: actions.RIA.conditions[0]


@dataclass(frozen=True)
class StaleSource:
    id: str
    source: dict[str, Any]
    verified_on: dt.date
    age_days: int
    cited_by: list[Citation] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    today: dt.date
    max_age_days: int
    sources_total: int
    stale: list[StaleSource]

    @property
    def cutoff(self) -> dt.date:
        """Sources verified before this day are stale."""
        return self.today - dt.timedelta(days=self.max_age_days)


class FreshnessError(Exception):
    pass


def _load(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise FreshnessError(f"{path}: cannot be read: {exc}") from exc


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise FreshnessError(f"{where}: verified_on {value!r} is not a date (YYYY-MM-DD)") from exc


def _entries(doc: Any) -> list[tuple[str, str]]:
    """(entry path, source id) for every source cited below doc (the build's walker, less the field name)."""
    out = []
    for where, source_id in walk_sources(doc, ""):
        entry = where.rsplit(".sources", 1)[0] if ".sources" in where else ""
        out.append((entry or "(top level)", source_id))
    return out


def citations(data_dir: Path = DATA) -> dict[str, list[Citation]]:
    """Source id -> the entries of data/ that cite it (templates of YAML anchors left out)."""
    out: dict[str, list[Citation]] = {}
    for path in sorted(data_dir.rglob("*.yaml")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] == "schema" or relative == Path("sources.yaml"):
            continue
        doc = _load(path)
        if isinstance(doc, dict):
            doc = {k: v for k, v in doc.items() if k != "templates"}
        found = _entries(doc)
        name = (Path(data_dir.name) / relative).as_posix()
        for entry, source_id in found:
            out.setdefault(source_id, []).append(Citation(name, entry))
    return out


def load_sources(data_dir: Path = DATA) -> dict[str, dict[str, Any]]:
    doc = _load(data_dir / "sources.yaml")
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), dict):
        raise FreshnessError(f"{data_dir / 'sources.yaml'}: no `sources:` mapping")
    sources: dict[str, dict[str, Any]] = doc["sources"]
    return sources


def report(today: dt.date, max_age_days: int = DEFAULT_MAX_AGE_DAYS, data_dir: Path = DATA) -> Report:
    sources = load_sources(data_dir)
    cited = citations(data_dir)
    stale = []
    for source_id, source in sources.items():
        verified_on = _as_date(source.get("verified_on"), f"sources.{source_id}")
        age = (today - verified_on).days
        if age > max_age_days:
            stale.append(StaleSource(source_id, source, verified_on, age, cited.get(source_id, [])))
    stale.sort(key=lambda s: (s.verified_on, s.id))
    return Report(today, max_age_days, len(sources), stale)


def _by_file(cited_by: list[Citation]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for citation in cited_by:
        paths = grouped.setdefault(citation.file, [])
        if citation.path not in paths:
            paths.append(citation.path)
    return grouped


def _summary(rep: Report) -> str:
    if not rep.stale:
        return (
            f"All {rep.sources_total} sources were verified within {rep.max_age_days} days of {rep.today.isoformat()}."
        )
    return (
        f"{len(rep.stale)} of {rep.sources_total} sources were last verified more than "
        f"{rep.max_age_days} days before {rep.today.isoformat()} (before {rep.cutoff.isoformat()})."
    )


def render_text(rep: Report) -> str:
    lines = [_summary(rep)]
    for item in rep.stale:
        source = item.source
        lines.append("")
        lines.append(f"{item.id}: verified_on {item.verified_on.isoformat()} ({item.age_days} days ago)")
        lines.append(f"  {source.get('title', '')} ({source.get('publisher', '')}; {source.get('version', '')})")
        lines.append(f"  {source.get('reference', '')}; evidence: {source.get('evidence', '')}")
        lines.append(f"  {source.get('url', '')}")
        grouped = _by_file(item.cited_by)
        if not grouped:
            lines.append("  cited by no data entry")
        for name, paths in grouped.items():
            lines.append(f"  cited in {name}: {', '.join(paths)}")
    return "\n".join(lines) + "\n"


def _md(text: Any) -> str:
    """Escape what Markdown would read as markup in a title or a version."""
    out = str(text)
    for char in "\\`*_[]<>|":
        out = out.replace(char, "\\" + char)
    return out


def _clip(text: Any, limit: int) -> str:
    """A field as the monthly issue shows it: its start (the whole is in data/sources.yaml), so that the issue body
    stays within GitHub's 65,536 characters as sources are added."""
    out = str(text)
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def render_markdown(rep: Report) -> str:
    lines = ["## Sources to verify again", "", _summary(rep)]
    if rep.stale:
        lines += [
            "",
            "For each source: check the facts taken from it (the entries listed) against the source, "
            "correct the data where it changed (with a CHANGELOG entry naming the source), then set its "
            "`verified_on` in `data/sources.yaml` to the day of the check and tick the box.",
            "",
        ]
    for item in rep.stale:
        source = item.source
        lines.append(
            f"- [ ] **{item.id}**: [{_md(_clip(source.get('title', ''), 100))}]({source.get('url', '')}) "
            f"({_md(_clip(source.get('publisher', ''), 80))}; {_md(_clip(source.get('version', ''), 60))}; "
            f"{_md(_clip(source.get('reference', ''), 80))}). Evidence: {source.get('evidence', '')}. "
            f"Last verified {item.verified_on.isoformat()} ({item.age_days} days ago)."
        )
        grouped = _by_file(item.cited_by)
        if not grouped:
            lines.append("  - cited by no data entry")
        for name, paths in grouped.items():
            lines.append(f"  - `{name}` ({len(paths)}): " + ", ".join(f"`{p}`" for p in paths))
    return "\n".join(lines) + "\n"


def render_json(rep: Report) -> str:
    payload = {
        "today": rep.today.isoformat(),
        "max_age_days": rep.max_age_days,
        "cutoff": rep.cutoff.isoformat(),
        "sources_total": rep.sources_total,
        "stale": [
            {
                "id": item.id,
                "title": item.source.get("title"),
                "publisher": item.source.get("publisher"),
                "version": item.source.get("version"),
                "reference": item.source.get("reference"),
                "url": item.source.get("url"),
                "evidence": item.source.get("evidence"),
                "verified_on": item.verified_on.isoformat(),
                "age_days": item.age_days,
                "cited_by": [{"file": c.file, "path": c.path} for c in item.cited_by],
            }
            for item in rep.stale
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from exc


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {value!r}") from exc
    if days < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return days


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="List the sources (and the facts citing them) not verified for N days.",
        epilog="Exit status: 0 nothing is stale, 1 something is stale, 2 bad arguments or data.",
    )
    parser.add_argument("--today", type=_date, default=None, help="the reference day (default: today)")
    parser.add_argument("--max-age-days", type=_days, default=DEFAULT_MAX_AGE_DAYS, help="default %(default)s")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument("--data", type=Path, default=DATA, help="the data directory (default: data/)")
    args = parser.parse_args(argv)
    today: dt.date = args.today or dt.date.today()
    try:
        rep = report(today, args.max_age_days, args.data)
    except FreshnessError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(RENDERERS[args.format](rep))
    return 1 if rep.stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
