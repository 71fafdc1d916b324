"""`control_restriction`: entities controlled from non-associated third countries may not take part."""

from __future__ import annotations

import re

from .countries import Lexicon
from .patterns import CHINA, EXCLUDES
from .reading import Denies, Found, Result, Unclear, Unit
from .registry import register

# "controlled directly or indirectly by", and the paraphrase with commas: "controlled, directly or indirectly, from"
_CONTROL = re.compile(
    r"\bcontrolled,?\s+(?:(?:directly\s+or\s+indirectly|directly|indirectly),?\s+)?(?:by|from)\s+(?:a\s+|an\s+)?"
    r"(?:non[- ]?eligible|ineligible|non[- ]?associated(?:\s+third)?)\s+countr(?:y|ies)",
    re.I,
)
_PERMITS = re.compile(r"\b(?:may|can)\s+(?:also\s+)?(?:participate|take\s+part)|(?:are|is)\s+eligible\b", re.I)
_DECLARATION = re.compile(r"\bownership[- ]control\s+declarations?\b", re.I)
_DECLARATION_REQUIRED = re.compile(
    r"\b(?:must|shall|required|requested|need\s+to|needs\s+to|have\s+to|has\s+to)\b.*?\bsubmit|"
    r"\b(?:must|shall)\s+(?:be\s+)?(?:submit|fill|complete|provide)|\b(?:is|are)\s+required\b",
    re.I,
)
_DECLARATION_DENIED = re.compile(r"\b(?:not\s+(?:be\s+)?required|no\s+ownership|not\s+need|need\s+not)\b", re.I)


@register("control_restriction", r"control", reads_qualifiers=True)
def control_restriction(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    if CHINA.search(text) and re.search(r"\bcontrol", text, re.I):
        return Unclear("control by China or Chinese entities: a narrower rule than the topic option")
    if _CONTROL.search(text):
        if EXCLUDES.search(text):
            return Found("control-restriction", "control_restriction", True)
        if _PERMITS.search(text):
            return Denies("control_restriction")
        return Unclear("control by third countries, without saying what follows")
    if _DECLARATION.search(text):
        if _DECLARATION_DENIED.search(text):
            return Denies("control_restriction")
        if _DECLARATION_REQUIRED.search(text):
            return Found("control-restriction", "control_restriction", True)
    return None
