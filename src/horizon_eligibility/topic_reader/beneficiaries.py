"""`third_country_beneficiaries`: a Coordination and Support Action that opens beneficiary roles to third countries."""

from __future__ import annotations

import re

from .countries import Lexicon
from .reading import Denies, Found, Result, Unit
from .registry import register

_NON_ASSOCIATED = r"non[- ]?associated\s+third[- ]countr(?:y|ies)"
_TC_BENEFICIARIES = re.compile(
    rf"\b(?:(?:legal\s+)?entities\s+(?:established\s+)?in\s+{_NON_ASSOCIATED}|{_NON_ASSOCIATED}\s+(?:legal\s+)?"
    r"entities)\s+(?:may|can|are\s+(?:allowed|eligible)\s+to)\s+(?:also\s+)?(?:participate|take\s+part)\s+as\s+"
    rf"beneficiar(?:y|ies)\b|\bbeneficiaries\s+(?:may|can)\s+(?:also\s+)?be\s+(?:legal\s+entities\s+)?established\s+in\s+"
    rf"{_NON_ASSOCIATED}",
    re.I,
)
_TC_ONLY_PARTNERS = re.compile(
    rf"\b{_NON_ASSOCIATED}\b[^.]*\b(?:may\s+not|cannot|only\s+as\s+associated\s+partners?)\b", re.I
)


@register("third_country_beneficiaries", r"non[- ]?associated")
def third_country_beneficiaries(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    if _TC_BENEFICIARIES.search(text):
        if re.search(r"\b(?:may|can)\s+not\b|\bcannot\b", text, re.I):
            return Denies("third_country_beneficiaries")
        return Found("third-country-beneficiaries", "third_country_beneficiaries", True)
    if _TC_ONLY_PARTNERS.search(text):
        return Denies("third_country_beneficiaries")
    return None
