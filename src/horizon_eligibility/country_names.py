"""What a person types for a country -> its code: "South Korea", "Deutschland", "DEU", "el", "England".

One table, data/countries.yaml (compiled into rules.json): the codes and the EU's aliases (EL, UK), ISO
alpha-3 codes, the English names and their variants, the native names, names read in input only (a part of
a country, an adjective), and names that may mean several countries ("Korea"), which are never guessed:
they come back with their candidates. Names are compared folded (country_key): case, accents, punctuation
and a leading "the" do not matter, and "St" reads as "Saint".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .input_text import Where, edit_distance, shown, text

if TYPE_CHECKING:
    from .rules import Rules

MAX_COUNTRY_LENGTH = 100
COUNTRY_HINT = "Write the country's two-letter code, such as DE, or its name, such as Germany."

_DROPPED = re.compile(r"[.'\u2019\u02bc`\u00b4]")  # U.S.A. -> usa, d'Ivoire -> divoire
_SEPARATORS = re.compile(r"[\W_]+")
_SAINT = re.compile(r"\bst\b")


def country_key(text: str) -> str:
    """How country names are compared: 'Côte d’Ivoire', 'cote d'ivoire' and 'COTE D IVOIRE' are one."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SEPARATORS.sub(" ", _DROPPED.sub("", text)).strip()
    if text.startswith("the "):
        text = text[4:]
    return _SAINT.sub("saint", text)


class CountryMatch(NamedTuple):
    """A code (None when the text names no country or several), and the candidates of an ambiguous name."""

    code: str | None
    candidates: tuple[str, ...] = ()


class _Index(NamedTuple):
    codes: dict[str, str]  # upper-case code, EU alias or alpha-3 -> code
    names: dict[str, tuple[str, ...]]  # country_key(name) -> code(s)
    spelled: dict[str, str]  # country_key(name) -> the name as the table writes it (for hints)


def find_country(rules: Rules, text: str) -> CountryMatch:
    """The country a text names: a code (DE, de, EL, UK, PT-20), an alpha-3 code (DEU) or a name."""
    index = _index(rules)
    stripped = text.strip()
    code = index.codes.get(stripped.upper())
    if code is not None:
        return CountryMatch(code)
    codes = index.names.get(country_key(stripped), ())
    if len(codes) == 1:
        return CountryMatch(codes[0])
    return CountryMatch(None, codes)


def read_country(rules: Rules, value: Any, where: Where, quick: bool = False) -> tuple[str, str]:
    """(code, the text as typed) of a country given by code or name; `quick` skips the costly hint."""
    if isinstance(value, bool):  # YAML 1.1 reads an unquoted NO (Norway) as false
        raise where.error(
            f"is {str(value).lower()}, not a country.",
            'In YAML, write Norway\'s code in quotes, country: "NO" (an unquoted NO, no or off reads as false).',
        )
    typed = text(value, where, max_length=MAX_COUNTRY_LENGTH, hint=COUNTRY_HINT)
    return country_code(rules, typed, where, quick), typed


def country_code(rules: Rules, typed: str, where: Where, quick: bool = False) -> str:
    """The code a country's code or name stands for; an ambiguous name is an error listing the candidates."""
    match = find_country(rules, typed)
    if match.code is not None:
        return match.code
    if match.candidates:
        listed = [f"{plain_name(rules, c)} ({c})" for c in match.candidates]
        raise where.error(
            f"'{shown(typed)}' may mean more than one country: {', '.join(listed[:-1])} or {listed[-1]}.",
            f"Write the code of the one you mean: {', '.join(match.candidates[:-1])} or {match.candidates[-1]}.",
        )
    near = None if quick else suggest_country(rules, typed)
    hint = f"Did you mean '{near[0]}' ({near[1]})?" if near else COUNTRY_HINT
    raise where.error(f"'{shown(typed)}' is not a country we know.", hint)


def plain_name(rules: Rules, code: str) -> str:
    """The country's name as a person says it: 'South Korea' rather than 'Republic of Korea', where the
    table has such a variant (the first English one without brackets, not in capitals)."""
    name = rules.country_name(code)
    for variant in rules.name_variants.get(code, ()):
        if "(" not in variant and variant != variant.upper() and variant.isascii():
            return variant if "(" in name or "Republic" in name else name
    return name


@lru_cache(maxsize=1024)
def _suggest(rules: Rules, key: str) -> str | None:
    index = _index(rules)
    best, best_distance = None, max(1, len(key) // 4) + 1  # a slip of the keyboard in a name
    for name, codes in index.names.items():
        if len(codes) == 1 and abs(len(name) - len(key)) < best_distance:
            distance = edit_distance(key, name)
            if distance < best_distance:
                best, best_distance = name, distance
    return best


def suggest_country(rules: Rules, text: str) -> tuple[str, str] | None:
    """(name, code) of the country a mistyped name is a slip away from ('Austira' -> Austria, AT), if any."""
    key = country_key(text)
    if len(key) < 4 or len(key) > 60:  # a short text is a code: any code is a slip away from it
        return None
    found = _suggest(rules, key)
    if found is None:
        return None
    index = _index(rules)
    return index.spelled[found], index.names[found][0]


def names_of(rules: Rules) -> dict[str, list[str]]:
    """Every name a code is known by besides its own (variants, native names, input-only names)."""
    out: dict[str, list[str]] = {}
    for source in (rules.name_variants, rules.raw["input_names"]):
        for code, names in source.items():
            out.setdefault(code, []).extend(names)
    return out


@lru_cache(maxsize=4)
def _index(rules: Rules) -> _Index:
    codes = {c.upper(): c for c in rules.countries}
    codes.update({alias.upper(): code for alias, code in rules.aliases.items()})
    codes.update({alpha3: code for code, alpha3 in rules.raw["alpha3"].items()})
    names: dict[str, tuple[str, ...]] = {}
    spelled: dict[str, str] = {}
    written = [(name, code) for code, name in rules.countries.items()]
    written += [(name, code) for code, variants in names_of(rules).items() for name in variants]
    for name, code in written:
        key = country_key(name)
        names[key] = (code,)
        spelled.setdefault(key, name)
    for name, candidates in rules.raw["ambiguous_names"].items():  # an ambiguous name is never one of them
        names[country_key(name)] = tuple(candidates)
        spelled[country_key(name)] = name
    return _Index(codes, names, spelled)
