"""Country names (from the compiled rules) and lists of countries: a list is read only if every item is a
known country or group."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import NamedTuple

from ..rules import load_rules
from .patterns import ASSOCIATED, MEMBER_STATES

_GROUP = re.compile(rf"(?P<ms>{MEMBER_STATES})|(?P<ac>{ASSOCIATED})", re.I)

# Groups of countries a topic names as such, by the id the rule data gives them (data/country_groups.yaml): the
# reader emits the id, and the engine resolves the members for the call. A group not here (OECD, MERCOSUR, ...)
# is not a known item, so a list that names it is not read.
_AFRICAN_UNION = r"(?:the\s+)?African\s+Union(?:\s*\((?-i:AU)\))?"
NAMED_GROUPS: dict[str, re.Pattern[str]] = {
    "african-union": re.compile(
        rf"(?:all\s+)?(?:the\s+)?(?:{_AFRICAN_UNION}\s+(?:member\s+)?(?:states|countries)|(?-i:AU)\s+member\s+states"
        rf"|(?:member\s+)?(?:states|countries)\s+of\s+{_AFRICAN_UNION}|members\s+of\s+{_AFRICAN_UNION})(?![\w-])",
        re.I,
    ),
}
_LIST_GLUE = re.compile(r"(?:\s|,|;|/|&|\*|\[\d+\]|\(\*\)|\b(?:and|or|as\s+well\s+as|plus|in|the|only|also)\b)*", re.I)
_FOLLOWING = re.compile(
    r"(?:the\s+)?following\s+(?:additional\s+|(?:non-)?associated\s+|third\s+)*countries\s*:?", re.I
)
_HARMLESS_PAREN = re.compile(
    r"\s*\((?:[^()]*\b(?:outermost\s+regions?|overseas\s+countries|OCTs?|UNSCR\s*1244)\b[^()]*|\*)\)", re.I
)


class Lexicon(NamedTuple):
    names: re.Pattern[str]  # country names and variants, case-insensitive
    capitals: re.Pattern[str]  # variants in capitals (US, UK): only as written
    codes: dict[str, str]  # casefolded name -> code
    member_states: frozenset[str]  # codes of the EU (Member States, their outermost regions and OCTs)
    groups: frozenset[str] = frozenset()  # the NAMED_GROUPS that the rule data defines for the programme


@cache
def lexicon_for(programme: str) -> Lexicon:
    rules = load_rules()
    spelled = [(name, code) for code, name in rules.countries.items()]
    spelled += [(v, code) for code, variants in rules.name_variants.items() for v in variants]
    codes = {name.casefold(): code for name, code in spelled}
    capitals = sorted((n for n, _ in spelled if n == n.upper()), key=len, reverse=True)
    plain = sorted((n for n, _ in spelled if n != n.upper()), key=len, reverse=True)
    names = re.compile(r"(?:the\s+)?(?:" + "|".join(map(re.escape, plain)) + r")(?![\w-])", re.I)
    caps = re.compile(r"(?i:the\s+)?(?:" + "|".join(map(re.escape, capitals)) + r")(?![\w-])")
    first = dt.date(rules.programme(programme).first_call_year, 1, 1)
    eu = frozenset(code for code in rules.countries if rules.eu_group(code, first) is not None)
    # A group is read only where the data defines it for this programme; elsewhere its sentence is quoted.
    defined = rules.country_groups
    groups = frozenset(g for g in NAMED_GROUPS if g in defined and programme in defined[g]["programmes"])
    return Lexicon(names, caps, codes, eu, groups)


class CountryList(NamedTuple):
    member_states: bool
    associated: bool
    codes: tuple[str, ...]
    end: int  # where the list stops in the text
    groups: tuple[str, ...] = ()  # ids of NAMED_GROUPS


def country_list(text: str, pos: int, lexicon: Lexicon, end: re.Pattern[str]) -> CountryList | None:
    """The list of countries from pos to where `end` matches, or None if an item is not a known country or group."""
    member_states = associated = False
    codes: list[str] = []
    groups: list[str] = []
    seen_item = announced = False
    while True:
        glue = _LIST_GLUE.match(text, pos)
        after_glue = glue.end() if glue else pos
        if seen_item and not announced:
            for stop in (pos, after_glue):
                if end.match(text, stop):
                    unique = tuple(dict.fromkeys(codes))
                    return CountryList(member_states, associated, unique, stop, tuple(dict.fromkeys(groups)))
        pos = after_glue
        following = _FOLLOWING.match(text, pos)
        if following:
            pos, announced = following.end(), True  # "... and the following countries: X, Y"
            continue
        group = _GROUP.match(text, pos)
        name = lexicon.names.match(text, pos) or lexicon.capitals.match(text, pos)
        named = _named_group(text, pos, lexicon.groups)
        longest = max((m.end() for m in (group, name) if m), default=pos)
        if named and named[1] > longest:  # "Member States of the African Union" is not the EU's
            groups.append(named[0])
            pos, announced = named[1], False
        elif group and (not name or group.end() >= name.end()):
            member_states = member_states or group.group("ms") is not None
            associated = associated or group.group("ac") is not None
            pos = group.end()
        elif name:
            code = lexicon.codes[_strip_the(name.group()).casefold()]
            codes.append(code)
            pos, announced = name.end(), False
            alias = re.match(r"\s*\(([^()]{1,40})\)", text[pos:])
            if alias and lexicon.codes.get(_strip_the(alias.group(1)).casefold()) == code:
                pos += alias.end()  # "the United States of America (USA)"
        else:
            return None
        paren = _HARMLESS_PAREN.match(text, pos)
        if paren:
            pos = paren.end()
        seen_item = True


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.I)


def _named_group(text: str, pos: int, known: frozenset[str]) -> tuple[str, int] | None:
    """The id and end of the named group among `known` that starts at pos (the longest, if several do)."""
    found = [
        (m.end(), group)
        for group, pattern in NAMED_GROUPS.items()
        if group in known and (m := pattern.match(text, pos))
    ]
    if not found:
        return None
    end, group = max(found)
    return group, end
