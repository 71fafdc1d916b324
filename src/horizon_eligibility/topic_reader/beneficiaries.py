"""`third_country_beneficiaries`: a Coordination and Support Action that opens beneficiary roles to third countries:
to any (`true`), or to the countries and groups it names ("Legal entities established in all African Union member
states may exceptionally participate in this Coordination and Support Action as a beneficiary")."""

from __future__ import annotations

import re

from .countries import Lexicon, country_list
from .patterns import CONDITIONAL, ESTABLISHED_IN
from .reading import Denies, Found, Result, Unclear, Unit
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
# "controlled, directly or indirectly, from a non-associated third country": about control, not establishment
_CONTROLLED_FROM = re.compile(r"\bcontrolled\b[^.]{0,40}\b(?:by|from)\s+(?:an?\s+)?$", re.I)
# After a list of countries: the whole rest of the sentence, so that nothing can qualify it unseen.
_THIS_ACTION = r"(?:\s+in\s+this\s+(?:Coordination\s+and\s+Support\s+Action|CSA|action|topic))?"
_AS_BENEFICIARY = re.compile(
    r"\s*,?\s*(?:may|can|are\s+(?:allowed|eligible)\s+to)\s+(?:also\s+|exceptionally\s+)?(?:participate|take\s+part)"
    rf"{_THIS_ACTION}\s+as\s+(?:an?\s+)?beneficiar(?:y|ies)(?:\s*\(or\s+(?:as\s+)?(?:an?\s+)?affiliated\s+entit(?:y|ies)\))?"
    rf"{_THIS_ACTION}\s*\.?\s*$",
    re.I,
)


@register("third_country_beneficiaries", r"non[- ]?associated|beneficiar")
def third_country_beneficiaries(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    if _TC_BENEFICIARIES.search(text):
        if re.search(r"\b(?:may|can)\s+not\b|\bcannot\b", text, re.I):
            return Denies("third_country_beneficiaries")
        return Found("third-country-beneficiaries", "third_country_beneficiaries", True)
    refusal = _TC_ONLY_PARTNERS.search(text)
    if refusal and not _CONTROLLED_FROM.search(text[: refusal.start()]):
        return Denies("third_country_beneficiaries")
    for lead in ESTABLISHED_IN.finditer(text):
        found = country_list(text, lead.end(), lexicon, _AS_BENEFICIARY)
        if found is None:
            continue
        if not (found.codes or found.groups):
            return None  # the Member States and associated countries: the general rule
        if any(code in lexicon.member_states for code in found.codes):
            return Unclear("beneficiaries from a Member State named as an exception")
        if CONDITIONAL.search(text[: lead.start()]):
            return Unclear("beneficiaries from third countries under a condition")
        return Found("third-country-beneficiaries", "third_country_beneficiaries", [*found.codes, *found.groups])
    return None
