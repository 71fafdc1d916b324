"""No broken internal link or anchor in the built site, and no asset from another host."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from site_helpers import CSS_URL, parse

# Tags and attributes that make the browser fetch something (an <a href> is only a link).
ASSET_REFS = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("track", "src"),
}
LINK_FETCH_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "alternate stylesheet",
}


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, base: str, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal href points to; None for an external or non-file URL. `base` is the URL
    the site was built for (absolute links to it are internal)."""
    origin = urlsplit(base)
    page_url = urljoin(base, str(page.relative_to(site)).replace("index.html", ""))
    if page.name != "index.html":
        page_url = urljoin(base, str(page.relative_to(site)))
    target = urlsplit(urljoin(page_url, href))
    if target.scheme not in ("http", "https") or target.netloc != origin.netloc:
        return None
    path = unquote(target.path)
    if not path.startswith(origin.path):
        return None
    rel = path[len(origin.path) :]
    file = site / rel
    if rel == "" or rel.endswith("/"):
        file = file / "index.html"
    return file, target.fragment


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[Path]:
    found = html_pages(built_site)
    assert len(found) > 250
    return found


def test_no_broken_internal_link_or_anchor(built_site: Path, built_site_url: str, pages: list[Path]) -> None:
    broken: list[str] = []
    checked = 0
    for page in pages:
        for tag, attr, value, _attrs in parse(page).refs:
            if attr == "srcset" or value.startswith(("mailto:", "javascript:", "data:", "blob:")):
                continue
            target = resolve(built_site, built_site_url, page, value)
            if target is None:
                continue
            file, fragment = target
            checked += 1
            where = f"{page.relative_to(built_site)}: <{tag} {attr}={value!r}>"
            if not file.is_file():
                broken.append(f"{where} -> missing {file.relative_to(built_site)}")
            elif fragment and file.suffix == ".html" and unquote(fragment) not in parse(file).ids:
                broken.append(f"{where} -> no id #{fragment}")
    assert checked > 10000
    assert not broken, "\n".join(broken[:40])


def _is_other_host(built_site: Path, base: str, page: Path, url: str) -> bool:
    url = url.strip()
    if url.startswith(("data:", "blob:", "#")) or not url:
        return False
    if url.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
        return resolve(built_site, base, page, url) is None
    return False


def test_no_asset_from_another_host(built_site: Path, built_site_url: str, pages: list[Path]) -> None:
    offenders: list[str] = []
    for page in pages:
        parsed = parse(page)
        for tag, attr, value, attrs in parsed.refs:
            rel = set(attrs.get("rel", "").lower().split())
            fetches = (tag, attr) in ASSET_REFS or (tag == "link" and attr == "href" and rel & LINK_FETCH_RELS)
            if not fetches:
                continue
            urls = [u.split()[0] for u in value.split(",")] if attr == "srcset" else [value]
            offenders += [
                f"{page.relative_to(built_site)}: <{tag} {attr}={u}>"
                for u in urls
                if _is_other_host(built_site, built_site_url, page, u)
            ]
        for style in parsed.styles:
            for match in CSS_URL.finditer(style):
                url = match.group(1) or match.group(2)
                if _is_other_host(built_site, built_site_url, page, url):
                    offenders.append(f"{page.relative_to(built_site)}: inline style url({url})")
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for match in CSS_URL.finditer(text):
            url = match.group(1) or match.group(2)
            if url.startswith("//") or re.match(r"^https?:", url, re.I):
                offenders.append(f"{css.relative_to(built_site)}: url({url})")
    assert not offenders, "\n".join(offenders[:40])


def test_no_web_fonts_or_cdn_in_head(built_site: Path) -> None:
    head = (built_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    for host in ("fonts.googleapis.com", "fonts.gstatic.com", "cdn.jsdelivr.net", "unpkg.com", "cdnjs"):
        assert host not in head
