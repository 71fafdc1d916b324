"""Reading the built site: page text, links, element ids."""

from __future__ import annotations

import html
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["ROOT", "Page", "article_text", "normalise", "page_for", "parse"]


def normalise(text: str) -> str:
    text = html.unescape(text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u00a0", " ").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split()).lower()


BLOCK_TAGS = frozenset(
    {
        "p",
        "li",
        "ul",
        "ol",
        "td",
        "th",
        "tr",
        "table",
        "div",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "details",
        "summary",
        "hr",
    }
)


class Page(HTMLParser):
    """Links (tag, attribute, value), ids and the article's text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.styles: list[str] = []
        self._in_article = 0
        self._in_style = False
        self._skip = 0
        self.text_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src", "srcset", "poster", "data"):
            if a.get(attr):
                self.refs.append((tag, attr, a[attr], a))
        if "style" in a:
            self.styles.append(a["style"])
        if tag == "style":
            self._in_style = True
        if tag == "article":
            self._in_article += 1
        if tag in BLOCK_TAGS:
            self.text_parts.append(" ")
        if tag in ("script", "style") and self._in_article:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.text_parts.append(" ")
        if tag == "style":
            self._in_style = False
        if tag == "article":
            self._in_article -= 1
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)
        if self._in_article and not self._skip:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return normalise("".join(self.text_parts))


@cache
def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def page_for(site: Path, url_path: str) -> Path:
    """site/<url_path>/index.html for a directory URL like 'countries/ch/'."""
    url_path = url_path.strip("/")
    return site / url_path / "index.html" if url_path else site / "index.html"


def article_text(site: Path, url_path: str) -> str:
    return parse(page_for(site, url_path)).text


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")
