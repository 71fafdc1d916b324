"""`china_ria_exempt`: a topic in a destination exempt from the restriction on entities established in China."""

from __future__ import annotations

import re

from .countries import Lexicon
from .patterns import CHINA, NEGATION
from .reading import Denies, Found, Result, Unclear, Unit
from .registry import register

_CHINA_ELIGIBLE = re.compile(
    r"\b(?:legal\s+)?entities\s+established\s+in\s+China\s+(?:are|will\s+be|shall\s+be)\s+(?:to\s+be\s+considered\s+)?"
    r"eligible\s+to\s+participate\b",
    re.I,
)
_CHINA_EXEMPT = re.compile(
    r"\bexempt(?:ed)?\s+from\s+(?:the\s+)?restrictions?\s+(?:on|concerning|regarding)\s+(?:the\s+)?"
    r"(?:participation\s+of\s+)?(?:legal\s+)?entities\s+established\s+in\s+China\b"
    r"|\brestrictions?\s+on\s+(?:the\s+)?(?:participation\s+of\s+)?(?:legal\s+)?entities\s+established\s+in\s+China\b"
    r"[^.]*?\bdo(?:es)?\s+not\s+apply\b",
    re.I,
)
_CHINA_NOT_ELIGIBLE = re.compile(
    r"\b(?:legal\s+)?entities\s+established\s+in\s+China\s+(?:are|will\s+be|shall\s+be)\s+not\s+eligible\s+to\s+"
    r"participate\b",
    re.I,
)
_ACTION_TYPES = re.compile(
    r"^\s*in\s+(?:both\s+)?(?:any\s+)?(?:Horizon\s+Europe\s+)?(?:Research\s+and\s+Innovation\s+Actions?|Innovation\s+"
    r"Actions?|RIAs?|IAs?)(?:\s*\((?:RIAs?|IAs?)\))?(?:\s*(?:,|and|or)\s*(?:in\s+)?(?:any\s+)?(?:Horizon\s+Europe\s+)?"
    r"(?:Research\s+and\s+Innovation\s+Actions?|Innovation\s+Actions?|RIAs?|IAs?)(?:\s*\((?:RIAs?|IAs?)\))?)*",
    re.I,
)
_THIS_TOPIC = re.compile(r"\bth(?:is|e\s+present)\s+(?:topic|destination|call)\b", re.I)
_DESTINATION_LIST = re.compile(r"\bfollowing\b[^.]*\bdestinations?\b|\bdestinations?\s*:", re.I)


@register("china_ria_exempt", r"\bchin")
def china_ria_exempt(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    if not CHINA.search(text):
        return None
    if _DESTINATION_LIST.search(text):
        return None  # the General Annexes' list of destinations, not a statement about this topic
    if _CHINA_EXEMPT.search(text) or _CHINA_ELIGIBLE.search(text):
        if _THIS_TOPIC.search(text) and not NEGATION.search(text):
            return Found("china-ria-exempt", "china_ria_exempt", True)
        return Unclear("China eligible, but not said of this topic")
    refusal = _CHINA_NOT_ELIGIBLE.search(text)
    if refusal:
        rest = text[refusal.end() :]
        if _ACTION_TYPES.match(rest):
            return None  # restates the general rule ("general-rules")
        if _THIS_TOPIC.search(rest):
            return Denies("china_ria_exempt")
    return None
