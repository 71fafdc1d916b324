"""The site builds in strict mode, and the guidance pages the engine links to exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_helpers import BUILD_LOG, TEST_SITE_URL, article_text, page_for, parse

from build_scripts.site import build as build_site

GUIDANCE_SLUGS = (
    "who-can-take-part",
    "who-can-be-funded",
    "minimum-conditions",
    "independence-and-control",
    "roles",
    "special-entities",
    "partners-leaving",
    "restrictions",
    "international-cooperation-h2020",
    "third-country-co-funding",
)


def test_build_log_has_no_warning(built_site: Path) -> None:
    log = built_site.parent / BUILD_LOG
    if not log.exists():
        pytest.skip("site reused from HE_SITE_DIR: no build log")
    text = log.read_text(encoding="utf-8")
    assert not re.search(r"^(WARNING|ERROR)", text, re.MULTILINE), text[-3000:]
    assert "Documentation built" in text


@pytest.mark.parametrize("slug", GUIDANCE_SLUGS)
def test_guidance_page_exists(built_site: Path, slug: str) -> None:
    assert page_for(built_site, f"guidance/{slug}/").is_file()


def test_engine_guidance_links_resolve(built_site: Path) -> None:
    from horizon_eligibility import rule_kinds as engine

    for slug in engine.GUIDANCE.values():
        assert page_for(built_site, f"guidance/{slug}/").is_file(), slug


def test_site_url_is_the_one_asked_for(built_site: Path) -> None:
    if not (built_site.parent / BUILD_LOG).exists():
        pytest.skip("site reused from HE_SITE_DIR")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{TEST_SITE_URL}countries/ch/</loc>" in sitemap


def test_generated_pages_show_when_data_was_verified(built_site: Path) -> None:
    from horizon_eligibility import load_rules

    pages = [
        p
        for d in ("countries", "actions", "changes", "sources", "data", "guidance")
        for p in (built_site / d).rglob("index.html")
    ]
    pages.append(built_site / "index.html")
    assert len(pages) > 250
    date = load_rules().data_verified_on
    missing = [str(p.relative_to(built_site)) for p in pages if "data last verified on" not in parse(p).text]
    assert not missing, missing[:10]
    assert date in article_text(built_site, "")


def test_data_regions_are_up_to_date() -> None:
    """The data regions of the hand-written pages match the data (run `make site` to refresh)."""
    assert build_site.check_regions() == []


def test_site_url_option_for_a_project_sub_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """--site-url (or $SITE_URL, as CI passes the Pages URL) reaches the MkDocs step."""
    seen: list[tuple[Path, str | None]] = []
    written: list[Path] = []
    monkeypatch.setattr(build_site, "generate", lambda: {"pages": 0, "regions_updated": []})
    monkeypatch.setattr(build_site, "run_mkdocs", lambda site_dir, url: seen.append((site_dir, url)))
    monkeypatch.setattr(build_site, "write_service_worker", written.append)
    out = ["--site-dir", str(tmp_path)]
    assert build_site.main(["--no-checker", *out, "--site-url", "https://user.github.io/repo"]) == 0
    monkeypatch.setenv("SITE_URL", "https://user.github.io/other/")
    assert build_site.main(["--no-checker", *out]) == 0
    assert [u for _, u in seen] == ["https://user.github.io/repo", "https://user.github.io/other/"]
    assert written == [tmp_path.resolve()] * 2
