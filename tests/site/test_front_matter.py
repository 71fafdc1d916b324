"""Every page's front matter is strict YAML: MkDocs would quietly render a broken block as text, Zensical
stops on it. Hand-written pages are read where they are; generated pages where the session's site build wrote
them (`generated_docs`, tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from build_scripts.paths import DOCS
from build_scripts.site import build, front_matter

HAND_WRITTEN = sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).parts[0] not in build.GENERATED_DIRS)


def strict_front_matter(page: Path) -> dict[str, object]:
    match = front_matter.BLOCK.match(page.read_text(encoding="utf-8"))
    assert match, f"{page}: no front matter"
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        pytest.fail(f"{page}: front matter is not valid YAML: {exc}")
    assert isinstance(data, dict), f"{page}: front matter is not a mapping"
    assert isinstance(data.get("title"), str) and data["title"], f"{page}: no title"
    return data


def test_there_are_hand_written_pages() -> None:
    assert DOCS / "index.md" in HAND_WRITTEN and len(HAND_WRITTEN) > 10


@pytest.mark.parametrize("page", HAND_WRITTEN, ids=lambda p: str(p.relative_to(DOCS)))
def test_hand_written_page_front_matter_is_strict_yaml(page: Path) -> None:
    strict_front_matter(page)


def test_generated_pages_front_matter_is_strict_yaml(generated_docs: Path) -> None:
    pages = [p for name in build.GENERATED_DIRS for p in sorted((generated_docs / name).rglob("*.md"))]
    assert len(pages) > 300
    for page in pages:
        strict_front_matter(page)


def test_generated_titles_are_quoted_whatever_the_data_holds(generated_docs: Path) -> None:
    """Titles built from data go through the yaml_str filter: a name with ': ' or '"' stays one string."""
    page = generated_docs / "countries" / "ch.md"
    assert strict_front_matter(page)["title"] == "Switzerland (CH): Horizon Europe and Horizon 2020 eligibility"
    template = build._env().from_string('title: {{ "%s: x" | format(name) | yaml_str }}\n')
    assert yaml.safe_load(template.render(name='A "B": C\\D')) == {"title": 'A "B": C\\D: x'}


def test_the_build_names_a_page_with_broken_front_matter(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text('---\ntitle: Good\ndescription: "Quoted: fine."\n---\n\n# Good\n', encoding="utf-8")
    bad = tmp_path / "guidance" / "bad.md"
    bad.parent.mkdir()
    bad.write_text("---\ntitle: Bad\ndescription: How they pay: national co-funding.\n---\n\n# Bad\n", encoding="utf-8")
    bare = tmp_path / "bare.md"
    bare.write_text("# No front matter\n", encoding="utf-8")
    errors = front_matter.invalid_pages(tmp_path)
    assert len(errors) == 2
    assert errors[0].startswith(f"{bare}: no front matter")
    assert errors[1].startswith(f"{bad}: front matter is not valid YAML")
