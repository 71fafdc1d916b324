"""The standard pointers to, and plain restatements of, the General Annexes ("general-rules"): they set
nothing, and are not quoted as not understood."""

from __future__ import annotations

import re

from .patterns import CUE, VERB
from .reading import Unit
from .text import TERMINAL

_ANNEX = (
    r"(?:General\s+)?(?:Annex(?:es)?|Parts?)\s+[A-H](?:\s*(?:,|and|&)\s*(?:(?:General\s+)?(?:Annex|Part)\s+)?[A-H]\b)*"
)
_POINTERS = re.compile(
    rf"\b(?:as\s+)?(?:described|set\s+out|defined|laid\s+down)\s+in\s+(?:the\s+)?{_ANNEX}(?:\s+(?:of|to)\s+the\s+"
    r"(?:Horizon\s+Europe\s+|Horizon\s+2020\s+)?(?:Work\s+Programme\s+)?General\s+Annexes(?:\s+of\s+the\s+(?:Work\s+Programme|"
    r"WP))?)?"
    rf"|\bsee\s+(?:the\s+)?{_ANNEX}(?:\s+(?:of|to)\s+the\s+(?:Work\s+Programme\s+)?General\s+Annexes)?"
    r"|\b(?:the\s+)?standard\s+(?:eligibility|admissibility)(?:\s+and\s+(?:eligibility|admissibility))?\s+conditions"
    r"(?:\s+(?:apply|as\s+described\s+in\s+[^.]*))?"
    r"|\bdescribed\s+in\s+(?:the\s+)?\[?specific\s+topic\s+of\s+the\s+Work\s+Programme\]?"
    r"|\bdescribed\s+in\s+Part\s+B\s+of\s+the\s+Application\s+Form(?:\s+available\s+in\s+the\s+Submission\s+System)?"
    r"|\bA\s+number\s+of\s+non-EU/non-Associated\s+Countries\s+that\s+are\s+not\s+automatically\s+eligible\s+for\s+"
    r"funding\s+have\s+made\s+specific\s+provisions\s+for\s+making\s+funding\s+available\s+for\s+their\s+participants\s+"
    r"in\s+Horizon\s+Europe\s+projects"
    r"|\b(?:unless\s+otherwise\s+stated,\s*)?(?:legal\s+)?entities\s+established\s+in\s+China\s+are\s+not\s+eligible\s+"
    r"to\s+participate\b(?=\s+in\s+(?:both\s+)?(?:any\s+)?(?:Horizon\s+Europe\s+)?(?:Research\s+and\s+Innovation|"
    r"Innovation)\s+Actions?)"
    r"|\b(?:legal\s+)?entities\s+established\s+in\s+China\s+are\s+to\s+be\s+considered\s+eligible\s+to\s+participate\s+"
    r"in\s+Research\s+and\s+Innovation\s+Actions\s+within\s+the\s+following\s+(?:work\s+programme\s+part\s+)?destinations"
    r"|\b(?:legal\s+)?entities\s+established\s+in\s+Russia,?\s+Belarus,?\s+(?:or|and)\s+(?:in\s+)?(?:the\s+)?"
    r"non[- ]government[- ]controlled\s+territories\s+of\s+Ukraine\s+are\s+not\s+eligible\s+to\s+participate"
    r"(?:\s+in\s+any\s+capacity)?",
    re.I,
)
_HEADING_PREFIX = re.compile(r"^[^:.]{1,80}:\s*")
_RESTATED_ACTIONS = re.compile(
    r"\bin\s+(?:both\s+)?(?:any\s+)?(?:Horizon\s+Europe\s+)?(?:Research\s+and\s+Innovation|Innovation)\s+Actions?"
    r"(?:\s*\((?:RIAs?|IAs?)\))?(?:\s*(?:,|and|or)\s*(?:in\s+)?(?:any\s+)?(?:Horizon\s+Europe\s+)?"
    r"(?:Research\s+and\s+Innovation|Innovation)\s+Actions?(?:\s*\((?:RIAs?|IAs?)\))?)*"
    r"(?:\s+(?:under|in|within)\s+this\s+(?:destination|call|topic))?",
    re.I,
)
_NOT_MERELY = re.compile(r"\b(?:derogat\w*|by\s+way\s+of\s+exception|instead|in\s+addition|except|however|but)\b", re.I)
_SPACE_DATA = re.compile(
    r"^If\s+projects\s+use\s+satellite-based\s+earth\s+observation,\s+positioning,\s+navigation\s+and/or\s+related\s+"
    r"timing\s+data\s+and\s+services,\s+beneficiaries\s+must\s+make\s+use\s+of\s+Copernicus\s+and/or\s+Galileo/EGNOS"
    r"\s*(?:\(other\s+data\s+and\s+services\s+may\s+additionally\s+be\s+used\))?\.?$",
    re.I,
)


def standard_kind(unit: Unit) -> str | None:
    """'general-rules' for a pointer to, or a plain restatement of, the General Annexes."""
    text = unit.match
    if _SPACE_DATA.match(text):
        return "implementation-obligation"  # how the project works, not who takes part
    if _NOT_MERELY.search(text) or not _POINTERS.search(text):
        return None
    rest = _RESTATED_ACTIONS.sub(" ", _POINTERS.sub(" ", text))
    rest = _HEADING_PREFIX.sub("", rest.strip())
    if CUE.search(rest):
        return None
    return "general-rules"


def is_heading(text: str) -> bool:
    return not TERMINAL.search(text) and len(text.split()) <= 8 and not VERB.search(text)
