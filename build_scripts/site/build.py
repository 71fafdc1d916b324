"""Build the guidance site: render the rule data into Markdown, then run `mkdocs build --strict`.

    python -m build_scripts.site.build [--site-url URL] [--site-dir DIR] [--no-mkdocs] [--check-regions]

Steps (one direction only, data -> pages -> site):

1. Write the generated pages into gitignored folders of docs/ (countries/, actions/, changes/,
   sources/, data/) from the Jinja2 templates in build_scripts/site/templates/, and the downloads
   (rules.json, country-statuses.csv) into docs/data/.
2. Refresh the data regions of the hand-written pages (docs/index.md, docs/guidance/*.md), see
   regions.py, and check that every page's front matter is strict YAML (front_matter.py).
3. Bundle the browser checker (build_scripts/checker/bundle.py).
4. Run MkDocs in strict mode with mkdocs.yml; only site_url and site_dir may be overridden here (a
   GitHub Pages project site lives under https://<user>.github.io/<repo>/, and instant navigation
   turns itself off when site_url does not match where the site is served).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from build_scripts.checker import bundle, service_worker
from build_scripts.paths import DOCS, ROOT, RULES_JSON, SITE
from build_scripts.site import front_matter, world_map
from build_scripts.site.links import Linker, cell, yes_no
from build_scripts.site.queries import (
    FUNDING_LABEL,
    GROUP_LABEL,
    SiteData,
    action_slug,
    country_slug,
    source_anchor,
)
from build_scripts.site.regions import Facts, update_regions
from horizon_eligibility import RuleInfo, rule_anchor, rule_ids
from horizon_eligibility.model import SEVERITY_LABELS
from horizon_eligibility.csv_input import spreadsheet_safe

GENERATED_DIRS = ("countries", "actions", "changes", "sources", "rules", "data")
# Written by the build (and gitignored): the generated pages and the checker bundle.
BUILD_OUTPUTS = tuple(
    DOCS / d for d in (*GENERATED_DIRS, "assets/pyodide", "assets/wheels", "assets/checker", "assets/directory")
)
TEMPLATES = Path(__file__).resolve().parent / "templates"
HAND_WRITTEN = ("index.md", "guidance")
EXAMPLE = ROOT / "examples" / "design-example.json"

log = logging.getLogger("build_site")


class _Undefined(jinja2.StrictUndefined):
    """Missing optional keys may be tested (`{% if entry.note %}`) or looped over, never printed."""

    def __bool__(self) -> bool:  # type: ignore[override]
        return False

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        return iter(())

    def __len__(self) -> int:  # type: ignore[override]
        return 0


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=_Undefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown out; every value comes from our own data files
    )
    env.filters["cell"] = cell
    env.filters["yes_no"] = yes_no
    env.filters["ws"] = lambda text: " ".join(str(text).split())
    # A JSON string is a YAML double-quoted scalar: a title with ': ' or '"' in it stays strict front matter.
    env.filters["yaml_str"] = lambda text: json.dumps(str(text), ensure_ascii=False)
    env.globals.update(
        GROUP_LABEL=GROUP_LABEL,
        FUNDING_LABEL=FUNDING_LABEL,
        country_slug=country_slug,
        action_slug=action_slug,
        source_anchor=source_anchor,
        json=json,
    )
    return env


class PageWriter:
    def __init__(self, data: SiteData, docs: Path) -> None:
        self.data = data
        self.docs = docs
        self.env = _env()
        self.count = 0

    def write(self, rel: str, template: str, **context: Any) -> None:
        path = self.docs / rel
        depth = len(Path(rel).parts) - 1
        linker = Linker(self.data, "../" * depth)
        text = self.env.get_template(template).render(
            d=self.data, L=linker, F=Facts(self.data, linker), rules=self.data.rules, **context
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.count += 1


def country_statuses_csv(data: SiteData) -> str:
    """Every country x programme x call year x part, as the engine publishes it (country_status)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "programme",
            "call_year",
            "part",
            "code",
            "name",
            "status",
            "counts_towards_minimum",
            "funding",
            "deadline_decides_from",
            "funding_before_that_deadline",
            "funding_in_other_actions",
            "excluded_from_actions",
            "excluded_unless_topic",
            "funding_list",
            "widening",
            "sources",
        ]
    )
    for programme in data.programmes:
        for year in data.years(programme):
            for part in programme.parts:
                for code in sorted(data.rules.countries):
                    row = data.published(programme, code, year, part)
                    split = row.depends_on_deadline
                    writer.writerow(
                        spreadsheet_safe(str(cell))
                        for cell in [
                            programme.id,
                            year,
                            part,
                            code,
                            row.name,
                            row.status,
                            str(row.counts_towards_minimum).lower(),
                            row.funding,
                            split.date if split else "",
                            split.before.funding if split else "",
                            " ".join(f"{o.action}={o.outcome.funding}" for o in row.other_actions),
                            " ".join(o.action for o in row.excluded_from),
                            " ".join(f"{o.action}={'+'.join(o.unless_topic)}" for o in row.excluded_from if o.unless_topic),
                            row.funding_list or "",
                            str(row.widening).lower(),
                            " ".join(row.sources),
                        ]
                    )
    return out.getvalue()


def severity_words(info: RuleInfo) -> str:
    """How a verdict reports a rule, from its declaration: "Error", "Warning or note"."""
    order = list(SEVERITY_LABELS)  # error, warning, info
    words = [SEVERITY_LABELS[s].lower() for s in sorted(info.severities, key=order.index)]
    text = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
    return text.capitalize()


def example_output() -> tuple[str, str]:
    """The design example and the engine's real JSON verdict for it (so the docs never drift)."""
    from horizon_eligibility import check

    text = EXAMPLE.read_text(encoding="utf-8")
    verdict = check(json.loads(text)).to_dict()
    return text.strip(), json.dumps(verdict, ensure_ascii=False, indent=2)


def generate(docs: Path = DOCS) -> dict[str, Any]:
    """Write every generated page and download; return figures for the log."""
    data = SiteData()
    for name in GENERATED_DIRS:
        shutil.rmtree(docs / name, ignore_errors=True)
    writer = PageWriter(data, docs)
    for code in data.codes:
        writer.write(f"countries/{country_slug(code)}.md", "country.md.j2", code=code)
    writer.write("countries/index.md", "countries_index.md.j2", map_html=world_map.section(data))
    writer.write("actions/index.md", "actions_index.md.j2")
    for programme in data.programmes:
        writer.write(f"actions/{programme.id}/index.md", "programme_actions.md.j2", p=programme)
        for action_id in programme.actions:
            writer.write(
                f"actions/{programme.id}/{action_slug(action_id)}.md",
                "action.md.j2",
                p=programme,
                action_id=action_id,
                action=programme.actions[action_id],
            )
    writer.write("changes/index.md", "changes.md.j2", events=data.changes())
    writer.write("sources/index.md", "sources.md.j2", usage=data.source_usage())
    writer.write(
        "rules/index.md",
        "rules.md.j2",
        registry=rule_ids(data.rules),
        rule_anchor=rule_anchor,
        severity_words=severity_words,
    )
    example_in, example_out = example_output()
    from horizon_eligibility.csv_input import CSV_COLUMNS
    from horizon_eligibility.model import ROLES, TYPES

    writer.write(
        "data/index.md",
        "data.md.j2",
        example_in=example_in,
        example_out=example_out,
        csv_columns=CSV_COLUMNS,
        roles=ROLES,
        types=TYPES,
        flags={k: v["label"] for k, v in data.rules.flags.items()},
        topic_options=data.rules.topic_options,
        country_groups=data.rules.country_groups,
        topic_programmes={
            option: ", ".join(p.name for p in data.programmes if option in p.topic_options)
            for option in data.rules.topic_options
        },
    )
    shutil.copyfile(RULES_JSON, docs / "data" / "rules.json")
    (docs / "data" / "country-statuses.csv").write_text(country_statuses_csv(data), encoding="utf-8")
    changed = []
    for path in hand_written_pages(docs):
        if update_regions(path, data, docs):
            changed.append(str(path.relative_to(docs)))
    return {"pages": writer.count, "regions_updated": changed}


def hand_written_pages(docs: Path = DOCS) -> list[Path]:
    pages = [docs / "index.md"] if (docs / "index.md").exists() else []
    pages += sorted((docs / "guidance").glob("*.md"))
    return pages


def check_regions(docs: Path = DOCS) -> list[str]:
    data = SiteData()
    return [str(p.relative_to(docs)) for p in hand_written_pages(docs) if update_regions(p, data, docs, write=False)]


def bundle_checker(docs: Path) -> None:
    bundle.main(docs)


def write_service_worker(site_dir: Path) -> None:
    print(service_worker.summary_line(service_worker.write(site_dir)))


def run_mkdocs(site_dir: Path, site_url: str | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    overrides: dict[str, Any] = {"site_dir": str(site_dir), "strict": True}
    if site_url:
        overrides["site_url"] = site_url if site_url.endswith("/") else site_url + "/"
    config = load_config(str(ROOT / "mkdocs.yml"), **overrides)
    try:
        build(config)
    except Abort as exc:
        raise SystemExit(f"mkdocs build failed: {exc}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL") or None,
        help="the URL the site is served from (default: $SITE_URL, else mkdocs.yml site_url)",
    )
    parser.add_argument("--site-dir", type=Path, default=SITE, help="output folder (default: site/)")
    parser.add_argument("--no-mkdocs", action="store_true", help="only generate the Markdown pages")
    parser.add_argument("--no-checker", action="store_true", help="skip bundling the browser checker")
    parser.add_argument(
        "--check-regions",
        action="store_true",
        help="fail if a hand-written page's data regions are stale (writes nothing)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO)

    if args.check_regions:
        stale = check_regions()
        for page in stale:
            print(f"stale data regions: docs/{page} (run `make site`)")
        return 1 if stale else 0

    started = time.perf_counter()
    figures = generate()
    print(f"generated {figures['pages']} pages in {time.perf_counter() - started:.1f} s")
    for page in figures["regions_updated"]:
        print(f"updated data regions in docs/{page}")
    invalid = front_matter.invalid_pages(DOCS)
    for error in invalid:
        print(f"error: {error}", file=sys.stderr)
    if invalid:
        return 1
    if not args.no_checker:
        step = time.perf_counter()
        bundle_checker(DOCS)
        print(f"checker bundle in {time.perf_counter() - step:.1f} s")
    if not args.no_mkdocs:
        step = time.perf_counter()
        run_mkdocs(args.site_dir.resolve(), args.site_url)
        print(f"mkdocs build in {time.perf_counter() - step:.1f} s")
        # The service worker (offline use) lists the built files, so it is written after MkDocs.
        write_service_worker(args.site_dir.resolve())
    print(f"site built in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
