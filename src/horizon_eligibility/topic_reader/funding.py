"""`funded_third_countries`: "Legal entities established in X are eligible for Union funding", or the
countries as the subject: "all African Union member states are exceptionally eligible for Union funding"."""

from __future__ import annotations

import re

from .countries import CountryList, Lexicon, country_list
from .patterns import CONDITIONAL, ESTABLISHED_IN
from .reading import Denies, Found, Result, Unclear, Unit
from .registry import register

_FUNDING_TAIL = re.compile(
    r"\s*,?\s*(?:(?:is|are|will\s+be|shall\s+be)\s+(?:also\s+|exceptionally\s+)?(?:eligible|entitled)\s+"
    r"(?:to\s+receive|for)\s+(?:(?:Union|EU|European\s+Union|Horizon\s+Europe)\s+)?fund(?:ing|s)\b"
    r"|(?:may|can)\s+(?:also\s+|exceptionally\s+)?receive\s+(?:(?:Union|EU|European\s+Union)\s+)?funding\b)",
    re.I,
)
_NOT_FUNDED = re.compile(r"\s*,?\s*(?:is|are)\s+not\s+eligible\s+(?:to\s+receive|for)\s+(?:\w+\s+)?funding\b", re.I)
_FUNDING_END = re.compile(f"{_FUNDING_TAIL.pattern}|{_NOT_FUNDED.pattern}", re.I)
# What may come before countries that are the subject: a reason, never a condition.
_SUBJECT_LEAD = re.compile(
    r"(?:(?:due\s+to|given|in\s+view\s+of|because\s+of)\s+[^,;:.]{1,80},\s*|exceptionally,\s*)?(?=\S)", re.I
)


# The countries after the clause: "Beneficiaries from the following countries are exceptionally eligible for
# funding: Brazil, India, Mexico."
_FUNDED_FOLLOWING = re.compile(
    r"\b(?:legal\s+)?(?:entities|beneficiaries|participants|organi[sz]ations|applicants)\s+(?:established\s+in|from)\s+"
    r"(?:the\s+)?following\s+(?:third\s+)?countries\s+(?=(?:is|are|will\s+be|shall\s+be|may|can)\b)",
    re.I,
)
_END_OF_SENTENCE = re.compile(r"\s*\.?\s*(?:\[\d+\]\s*)*$")


@register("funded_third_countries", r"fund")
def funded_third_countries(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    following = _FUNDED_FOLLOWING.search(text)
    if following:
        return _funded_following(text, following, lexicon)
    for lead in ESTABLISHED_IN.finditer(text):
        found = country_list(text, lead.end(), lexicon, _FUNDING_END)
        if found is not None:
            return _funded(text, text[: lead.start()], found, lexicon)
    subject = _SUBJECT_LEAD.match(text)
    if subject and not CONDITIONAL.search(subject.group()):
        found = country_list(text, subject.end(), lexicon, _FUNDING_END)
        if found is not None and (found.codes or found.groups):
            return _funded(text, "", found, lexicon)
    return None


def _funded(text: str, before: str, found: CountryList, lexicon: Lexicon) -> Result:
    """What a list of countries followed by a funding clause says (`before`: the words before the subject)."""
    tail = _FUNDING_TAIL.match(text, found.end)
    if tail is None:
        return Denies("funded_third_countries", found.codes + found.groups)
    if found.member_states or found.associated or not (found.codes or found.groups):
        return Unclear("funding for the Member States or associated countries, not for named third countries")
    if any(code in lexicon.member_states for code in found.codes):
        return Unclear("funding for a Member State")
    if CONDITIONAL.search(before) or CONDITIONAL.search(text[tail.end() :]):
        return Unclear("funding under a condition")
    return Found("funded-third-countries", "funded_third_countries", [*found.codes, *found.groups])


def _funded_following(text: str, lead: re.Match[str], lexicon: Lexicon) -> Result | None:
    """The funding clause first, then a colon and the countries it funds."""
    tail = _FUNDING_TAIL.match(text, lead.end())
    if tail is None or not text.startswith(":", tail.end()):
        return None
    found = country_list(text, tail.end() + 1, lexicon, _END_OF_SENTENCE)
    if found is None or not (found.codes or found.groups):
        return Unclear("funding for a list of countries that are not only known countries and groups")
    if found.member_states or found.associated or any(code in lexicon.member_states for code in found.codes):
        return Unclear("funding for the Member States or associated countries, not for named third countries")
    if CONDITIONAL.search(text[: lead.start()]):
        return Unclear("funding under a condition")
    return Found("funded-third-countries", "funded_third_countries", [*found.codes, *found.groups])
