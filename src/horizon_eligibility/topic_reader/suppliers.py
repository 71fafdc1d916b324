"""`high_risk_suppliers_excluded`: "subject to restrictions for the protection of European communication networks"."""

from __future__ import annotations

import re

from .countries import Lexicon
from .patterns import EXCLUDES
from .reading import Denies, Found, Result, Unclear, Unit
from .registry import register

_NETWORKS = re.compile(
    r"\brestrictions?\s+for\s+the\s+protection\s+of\s+(?:the\s+)?European\s+communication\s+networks\b", re.I
)
_GENERIC_TOPICS = re.compile(
    r"\b(?:topics|calls)\s+(?:flagged|marked|identified)\b|\b(?:for|in)\s+(?:those\s+)?topics\b", re.I
)
_HIGH_RISK = re.compile(r"\bhigh[- ]risk\s+suppliers?\b", re.I)
_NOT_SUBJECT = re.compile(r"\bnot\s+subject\s+to\b|\bdo(?:es)?\s+not\s+apply\b", re.I)


@register("high_risk_suppliers_excluded", r"communication\s+networks|high[- ]risk")
def high_risk_suppliers(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    if _GENERIC_TOPICS.search(text):
        if _NETWORKS.search(text) or _HIGH_RISK.search(text):
            return Unclear("the general rule for flagged topics, not a statement about this topic")
        return None
    if _NETWORKS.search(text):
        if _NOT_SUBJECT.search(text):
            return Denies("high_risk_suppliers_excluded")
        if re.search(r"\bsubject\s+to\b|\bapply\b|\bapplies\b", text, re.I):
            return Found("high-risk-suppliers", "high_risk_suppliers_excluded", True)
        return Unclear("communication networks restriction, without saying it applies")
    if _HIGH_RISK.search(text):
        if EXCLUDES.search(text) or re.search(r"\bexcluded\b", text, re.I):
            return Found("high-risk-suppliers", "high_risk_suppliers_excluded", True)
        return Unclear("high-risk suppliers, without saying they are excluded")
    return None
