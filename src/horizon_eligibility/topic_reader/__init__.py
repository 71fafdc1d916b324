"""Read a Horizon Europe (or Horizon 2020) topic's conditions text into the engine's `topic` input.

`read_topic(text)` takes the "Topic conditions and documents" of the Funding & Tenders portal or the
conditions of a work programme topic (plain text, bullets, or HTML pasted from the portal) and returns a
`TopicReading`: the `topic` object, the clauses it understood (each with its sentence, verbatim after
whitespace normalisation) and the sentences that read like conditions but were not understood.

It never guesses:

- a clause sets an option only if its sentence states it in words the reader knows exactly; a list of
  countries is read only if every item is a known country name, "Member States", "Associated Countries"
  or a group the rule data defines (the African Union's members, read as the id `african-union`, which the
  engine resolves; `eligible_countries` takes no such group); other groups (OECD, MERCOSUR, "countries
  associating in 2026-27") make the whole sentence uninterpreted;
- a sentence with any part the reader cannot place is uninterpreted as a whole, and sets nothing;
- the portal's footnotes (`[[...]]`) stay in their sentence; one that negates or qualifies it leaves the
  sentence uninterpreted, and one that may change what a sentence it read says is quoted on its own;
- two clauses that contradict each other (two different lists of eligible countries, an option stated
  in one sentence and denied in another) are both moved to `uninterpreted`, and neither sets anything.

HTML is only stripped of its tags and entities decoded; nothing in it is evaluated or fetched.
Country names come from the compiled rules (data/countries.yaml: names and `name_variants`).

The package: `text` (normalising the text into sentences), `patterns` and `countries` (shared patterns, country
names and lists), one module per option family, each registering its reader against its option id in
`registry`, `standard` (the pointers to the General Annexes), and `interpret` (from sentences to a reading).
"""

from __future__ import annotations

from ..model import InputError
from ..rules import load_rules

# The option readers register themselves when imported; `interpret` tries them in its own fixed order.
from . import beneficiaries, china, composition, control, eligible, funding, suppliers  # noqa: F401
from .interpret import interpret
from .patterns import ASSOCIATED_COUNTRIES
from .reading import Clause, TopicReading
from .registry import NOT_READ, READERS
from .text import normalise_lines, units

__all__ = [
    "ASSOCIATED_COUNTRIES",
    "MAX_TEXT_LENGTH",
    "NOT_READ",
    "READERS",
    "Clause",
    "TopicReading",
    "normalise_lines",
    "read_topic",
]

MAX_TEXT_LENGTH = 500_000  # a portal topic page is about 50,000 characters; this bounds the time taken


def read_topic(text: str, programme: str = "horizon-europe") -> TopicReading:
    """Read a topic's conditions text (plain text or HTML) into the engine's `topic` object."""
    if not isinstance(text, str):
        raise InputError("conditions_text", f"must be text, not {type(text).__name__}")
    if len(text) > MAX_TEXT_LENGTH:
        raise InputError("conditions_text", f"is {len(text):,} characters long; at most {MAX_TEXT_LENGTH:,} are read")
    rules = load_rules()
    if not isinstance(programme, str) or programme not in rules.programmes:
        raise InputError("programme", f"must be one of {', '.join(sorted(rules.programmes))}, not {programme!r}")
    lines = normalise_lines(text)
    return interpret(units(lines), programme, "\n".join(lines))
