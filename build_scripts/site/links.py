"""Markdown helpers shared by the page templates and the data regions of the hand-written pages.

A `Linker` knows where the page it writes for sits in the docs tree (`base` is the relative path back
to the docs root, e.g. "../" for docs/countries/ch.md), so every link it makes is a relative link to a
Markdown file that MkDocs validates in strict mode."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from build_scripts.site.queries import SiteData, action_slug, country_slug, source_anchor


def cell(text: Any) -> str:
    """Text safe for a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


class Linker:
    def __init__(self, data: SiteData, base: str) -> None:
        self.data = data
        self.base = base

    def page(self, path: str) -> str:
        return self.base + path

    def src(self, source_id: str) -> str:
        return f"[{source_id}]({self.base}sources/index.md#{source_anchor(source_id)})"

    def srcs(self, ids: Iterable[str]) -> str:
        unique = list(dict.fromkeys(ids))
        return ", ".join(self.src(s) for s in unique) if unique else "–"

    def cite(self, source_id: str) -> str:
        """A citation with the document's title, version and date."""
        s = self.data.sources[source_id]
        return (
            f"{s['title']} ({s['publisher']}; {s['version']}; {s['date']}) "
            f"[{source_id}]({self.base}sources/index.md#{source_anchor(source_id)})"
        )

    def country(self, code: str, with_code: bool = False) -> str:
        name = self.data.name(code)
        label = f"{name} ({code})" if with_code else name
        return f"[{label}]({self.base}countries/{country_slug(code)}.md)"

    def countries(self, codes: Iterable[str], with_code: bool = False) -> str:
        ordered = sorted(codes, key=self.data.name)
        return ", ".join(self.country(c, with_code) for c in ordered) if ordered else "none"

    def action(self, programme_id: str, action_id: str, label: str | None = None) -> str:
        text = label or action_id
        return f"[{text}]({self.base}actions/{programme_id}/{action_slug(action_id)}.md)"

    def programme_actions(self, programme_id: str, label: str) -> str:
        return f"[{label}]({self.base}actions/{programme_id}/index.md)"

    def verified(self, source_ids: Iterable[str] = ()) -> str:
        ids = list(source_ids)
        oldest = self.data.oldest_verified(ids) if ids else self.data.rules.data_verified_on
        return (
            f"Data last verified on **{oldest}**. "
            f"See [Sources]({self.base}sources/index.md) for when each document was checked."
        )
