"""The front matter of the Markdown pages, read as strict YAML.

MkDocs quietly renders a front matter block that is not valid YAML as page text (an unquoted `: ` in a
description is enough), while Zensical stops the build on it. So the build reads the front matter of every
page, hand-written and generated, with `yaml.safe_load`, and stops naming the file when one is not a YAML
mapping: both builders then see the same pages.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

# The block MkDocs takes as front matter (mkdocs.utils.meta.YAML_RE): `---` lines around it, or `...` to end.
BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


class FrontMatterError(ValueError):
    """A page whose front matter is missing or is not a YAML mapping; the message names the file."""


def read(path: Path) -> dict[str, Any]:
    """The front matter of one page, which must open with one."""
    match = BLOCK.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise FrontMatterError(f"{path}: no front matter (a block between `---` lines at the top)")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise FrontMatterError(f"{path}: front matter is not valid YAML (quote values that hold ': '): {exc}") from exc
    if not isinstance(data, dict):
        raise FrontMatterError(f"{path}: front matter is not a YAML mapping")
    return data


def invalid_pages(docs: Path) -> list[str]:
    """One message per page below docs whose front matter cannot be read."""
    errors = []
    for path in sorted(docs.rglob("*.md")):
        try:
            read(path)
        except FrontMatterError as exc:
            errors.append(str(exc))
    return errors
