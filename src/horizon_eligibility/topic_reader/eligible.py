"""`eligible_countries`: "Participation is limited to legal entities established in Member States, X and Y"."""

from __future__ import annotations

import re

from .countries import Lexicon, country_list
from .patterns import ASSOCIATED_COUNTRIES
from .reading import Found, Result, Unclear, Unit
from .registry import register

_LIST_CLEAN_END = re.compile(
    r"""\s*(?:
        $ | \.\s*(?:\[\d+\]\s*)*$
      | ,?\s*(?:in\s+order\s+to|to\s+safeguard|to\s+protect|to\s+ensure|for\s+reasons\s+of|due\s+to|given)\b
      | (?:is|are)\s+eligible\s+to\s+(?:participate|apply|take\s+part)
      | (?:may|can|are\s+allowed\s+to)\s+(?:participate|apply|take\s+part)
    )""",
    re.I | re.X,
)
_LIMITED = re.compile(
    r"\b(?:participation\b(?:\s+in\s+th(?:is|e)\s+(?:topic|call|action))?\s+(?:is|will\s+be|shall\s+be)\s+"
    r"(?:limited|restricted)\s+to|(?:is|are)\s+open\s+only\s+to|only)\s+"
    r"(?:(?:legal\s+)?(?:entities|organi[sz]ations|applicants)\s+(?:(?:which|that)\s+are\s+)?"
    r"(?:(?:established|based|located)\s+in|from)\s+)?",
    re.I,
)


@register("eligible_countries", r"limited|restricted|\bonly\b")
def eligible_countries(unit: Unit, lexicon: Lexicon) -> Result | None:
    text = unit.match
    for lead in _LIMITED.finditer(text):
        only = lead.group().lower().startswith("only")
        if only and not re.search(r"\b(?:established|based|located|from)\b", lead.group(), re.I):
            continue  # an "only" that does not introduce places
        found = country_list(text, lead.end(), lexicon, _LIST_CLEAN_END)
        if found is None:
            return Unclear("participation limited to a list that is not only known countries and groups")
        if found.groups:
            return Unclear("a limit to a named group: eligible_countries takes countries and the associated countries")
        tail = text[found.end :]
        if only and not re.match(
            r"\s*(?:only\s+)?(?:(?:is|are)\s+eligible\s+to\s+(?:participate|apply|take\s+part)|(?:may|can|are\s+allowed\s+to)"
            r"\s+(?:participate|apply|take\s+part))",
            tail,
            re.I,
        ):
            return Unclear("'only ... established in' not about taking part")
        if not found.member_states or any(code in lexicon.member_states for code in found.codes):
            return Unclear("a limit that does not keep all the Member States, or names some of them")
        value = ([ASSOCIATED_COUNTRIES] if found.associated else []) + list(found.codes)
        return Found("eligible-countries", "eligible_countries", value)
    return None
