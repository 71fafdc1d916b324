"""`composition`: "at least N <participants> from at least M different Member States (or associated countries)"."""

from __future__ import annotations

import re

from .countries import Lexicon
from .patterns import ASSOCIATED, NUM, NUM_WORDS
from .reading import Found, Result, Unclear, Unit
from .registry import register

_BINDING = re.compile(
    r"\b(?:requires?|required|must|shall|mandatory|eligible\s+only\s+if|only\s+eligible\s+if|need\s+to|needs\s+to|"
    r"has\s+to|have\s+to)\b",
    re.I,
)
_AT_LEAST = re.compile(
    rf"\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+(?:fewer|less)\s+than)\s+({NUM})(?=\s)", re.I
)
_PARTICIPANT_NOUN = re.compile(
    r"\b(?:partners?|beneficiar(?:y|ies)|entit(?:y|ies)|organi[sz]ations?|SMEs?|enterprises?|compan(?:y|ies)|"
    r"universit(?:y|ies)|institutions?|bod(?:y|ies)|authorit(?:y|ies)|agenc(?:y|ies)|procurers?|buyers?|operators?|"
    r"providers?|users?|responders?|practitioners?|owners?|participants?|members?|hospitals?|municipalit(?:y|ies)|"
    r"cities|regions?|stakeholders?|representatives?|actors?|facilities|infrastructures?|centres?|centers?|"
    r"laborator(?:y|ies)|farms?|farmers?|manufacturers?|suppliers?|clusters?|networks?)\b",
    re.I,
)
_WHO_END = re.compile(r",?\s*\b(?:each\s+)?(?:(?:established|based|located)\s+in|(?:coming\s+)?from)\b|[.;]|$", re.I)
_WHERE = (
    rf"(?P<ms>(?:the\s+)?(?:EU\s+)?Member\s+States?(?:\s+of\s+the\s+(?:EU|European\s+Union))?)"
    rf"(?P<ac>\s+(?:or|and|and/or|/)\s+(?:{ASSOCIATED}))?|(?P<any>countr(?:y|ies))"
)
_LOCATION = re.compile(
    r",?\s*(?P<each>each\s+)?(?:(?:established|based|located)\s+in|(?:coming\s+)?from)\s+"
    rf"(?:at\s+least\s+(?P<m>{NUM})\s+(?:different|distinct)\s+|(?P<m2>{NUM})\s+(?:different|distinct)\s+"
    rf"|(?P<a>an?\s+)(?:different|distinct)\s+|(?P<bare_diff>different|distinct)\s+)?(?:{_WHERE})",
    re.I,
)
_COMPOSITION_TAIL = re.compile(
    r"^\s*(?:\(?,?\s*as\s+beneficiar(?:y|ies)\)?)?\s*(?:,?\s*(?:must|shall)\s+(?:take\s+part|participate|be\s+involved|"
    r"be\s+included)(?:\s+(?:in\s+the\s+(?:consortium|project|action)|as\s+beneficiar(?:y|ies)))?)?\s*[.;]?\s*$",
    re.I,
)
_WHO_PREFIX = re.compile(r"^(?:(?:independent|eligible|different|distinct)\s+)+", re.I)
_COMPOUND = re.compile(rf"\b(?:and|plus|as\s+well\s+as|or)\s+(?:at\s+least\s+)?{NUM}\b|,", re.I)
_ENTITY_TYPES: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...] = (
    (re.compile(r"SMEs?|small\s+and\s+medium[- ]sized\s+enterprises?(?:\s*\(SMEs?\))?", re.I), ("sme",)),
    (re.compile(r"public\s+procurers?", re.I), ("public-procurer",)),
    (re.compile(r"research\s+organi[sz]ations?", re.I), ("research-organisation",)),
    (re.compile(r"universit(?:y|ies)", re.I), ("university",)),
    (re.compile(r"public\s+bod(?:y|ies)", re.I), ("public-body",)),
    (re.compile(r"international\s+organi[sz]ations?", re.I), ("international-organisation",)),
    (
        re.compile(
            r"(?:legal\s+)?(?:entit(?:y|ies)|partners?|beneficiar(?:y|ies)|participants?|organi[sz]ations?)", re.I
        ),
        None,
    ),
)


@register("composition", r"at\s+least|minimum|no\s+(?:fewer|less)\s+than")
def composition(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    quantity = _AT_LEAST.search(text)
    if quantity is None or not _BINDING.search(text):
        return None
    rest = text[quantity.end() :].lstrip()
    who_end = _WHO_END.search(rest)
    who = rest[: who_end.start() if who_end else len(rest)].strip()
    who = re.sub(r",?\s*\(?as\s+beneficiar(?:y|ies)\)?,?$", "", who, flags=re.I).strip()
    if not _PARTICIPANT_NOUN.search(who) or re.search(r"\bof\s+the\s+following\b", who, re.I):
        return None
    if _COMPOUND.search(who) or _AT_LEAST.search(text[: quantity.start()]):
        return Unclear("more than one requirement in one sentence")
    after = rest[who_end.start() :] if who_end else ""
    min_countries: int | None = None
    established_in = "any"
    location = _LOCATION.match(after)
    if location:
        if location.group("bare_diff") or (location.group("a") and not location.group("each")):
            return Unclear("'different countries' without a number")
        count = location.group("m") or location.group("m2")
        n = number(quantity.group(1))
        min_countries = number(count) if count else (n if location.group("a") else None)
        if location.group("ms"):
            established_in = "ms-ac" if location.group("ac") else "ms"
        after = after[location.end() :]
    if not _COMPOSITION_TAIL.match(after):
        return Unclear("a composition requirement with more to it than the reader knows")
    who = _WHO_PREFIX.sub("", who)
    entity_types: list[str] | None = None
    needs: str | None = who
    for pattern, types in _ENTITY_TYPES:
        if pattern.fullmatch(who):
            entity_types, needs = (list(types) if types else None), None
            break
    value = {
        "text": unit.text,
        "min": number(quantity.group(1)),
        "min_countries": min_countries,
        "established_in": established_in,
        "entity_types": entity_types,
        "needs": needs,
    }
    return Found("composition", "composition", value)


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUM_WORDS[word.lower()]
