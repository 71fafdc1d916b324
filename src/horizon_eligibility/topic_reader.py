"""Read a Horizon Europe (or Horizon 2020) topic's conditions text into the engine's `topic` input.

`read_topic(text)` takes the "Topic conditions and documents" of the Funding & Tenders portal or the
conditions of a work programme topic (plain text, bullets, or HTML pasted from the portal) and returns a
`TopicReading`: the `topic` object, the clauses it understood (each with its sentence, verbatim after
whitespace normalisation) and the sentences that read like conditions but were not understood.

It never guesses:

- a clause sets an option only if its sentence states it in words the reader knows exactly; a list of
  countries is read only if every item is a known country name, "Member States" or "Associated
  Countries" (groups such as OECD or African Union members, or "countries associating in 2026-27",
  make the whole sentence uninterpreted);
- a sentence with any part the reader cannot place is uninterpreted as a whole, and sets nothing;
- two clauses that contradict each other (two different lists of eligible countries, an option stated
  in one sentence and denied in another) are both moved to `uninterpreted`, and neither sets anything.

HTML is only stripped of its tags and entities decoded; nothing in it is evaluated or fetched.
Country names come from the compiled rules (data/countries.yaml: names and `name_variants`).
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from .model import InputError
from .rules import load_rules

ASSOCIATED_COUNTRIES = "associated-countries"  # group token, resolved by the engine for the call year/part
MAX_TEXT_LENGTH = 500_000  # a portal topic page is about 50,000 characters; this bounds the time taken

# --- text normalisation -----------------------------------------------------------------------------
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SCRIPT = re.compile(r"<(script|style|template)\b[^<>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_LIST_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_BLOCK = re.compile(
    r"</?(?:p|div|br|h[1-6]|tr|td|th|ul|ol|li|table|section|article|header|footer|dl|dt|dd|blockquote|hr)\b[^<>]*>",
    re.I,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<![A-Za-z][^<>]*>")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[^\S\n]+|[\x00-\x08\x0e-\x1f\x7f]+")
_BULLET = re.compile(r"^(?:[-*•▪◦‣●○·–—>]+|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+")
_TERMINAL = re.compile(r"[.!?;:]$")
_LABEL = re.compile(r"[A-Z][^.:]{0,60}:\s")  # "Eligible countries: ...", a field of the portal's page
_CONNECTOR_END = re.compile(r"(?:,|\b(?:and|or|of|in|to|the|from|by|for|with|a|an|as|at|than|that|which))$", re.I)
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "incl",
        "art",
        "no",
        "nos",
        "vs",
        "cf",
        "u.s",
        "u.s.a",
        "u.k",
        "st",
        "dr",
        "mr",
        "ms",
        "p",
        "pp",
    }
)
_LAST_WORD = re.compile(r"\S+$")
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“(\[]?[A-Z0-9])")

# --- what reads like a condition ---------------------------------------------------------------------
_CUE = re.compile(
    r"\b(?:eligib\w*|participat\w*|consorti\w*|beneficiar\w*|funding|funded|must|shall|only|at\s+least|"
    r"minimum|exclu\w*|restrict\w*|limited\s+to|allowed|prohibit\w*|may\s+not|cannot|required|requires?|"
    r"mandatory|established\s+in|controlled|ownership\s+control|applicants?|associated\s+partners?|"
    r"exceptions?\s+may\s+be\s+(?:granted|made)|case[- ]by[- ]case|"
    r"one\s+of\s+(?:those|these|the)\s+(?:\w+\s+)?destinations)\b",
    re.I,
)
_WORTH_READING = re.compile(rf"{_CUE.pattern}|\b(?:China|high[- ]risk|Annex(?:es)?|described\s+in)\b", re.I)
_VERB = re.compile(
    r"\b(?:must|may|shall|is|are|will|can|cannot|not|only|at\s+least|limited|excluded|apply|applies|requires?)\b",
    re.I,
)
_INTRO = re.compile(r"^(?:the\s+)?following\s+(?:[\w-]+\s+){0,3}(?:apply|applies)\s*:$", re.I)
# The same lead-in at the head of a sentence ("The following exceptions apply: X is ..."): its own words
# ("exceptions") do not qualify what follows.
_INTRO_LEAD = re.compile(r"^(?:the\s+)?following\s+(?:[\w-]+\s+){0,3}(?:apply|applies)\s*:\s*", re.I)
_LEAD_IN_CONTINUES = re.compile(
    r"\b(?:in|to|from|of|following|countries|states|are|is|include|includes|including|namely|entities|by)\s*:$",
    re.I,
)

# --- building blocks of the clause families --------------------------------------------------------
_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|" + "|".join(_NUM_WORDS) + r")"
_MEMBER_STATES = (
    r"(?:the\s+)?(?:EU(?:-27)?\s+)?Member\s+States?(?:\s+of\s+the\s+(?:EU|European\s+Union))?"
    r"|(?:the\s+)?(?:EU|European\s+Union)(?!\s+(?:fund|contribution|grant))"
)
_ASSOCIATED = (
    r"(?:the\s+)?(?:Horizon\s+Europe\s+)?Associated\s+Countr(?:y|ies)(?:\s+to\s+Horizon\s+Europe)?"
    r"|(?:the\s+)?countr(?:y|ies)\s+associated\s+to\s+Horizon\s+Europe"
)
_GROUP = re.compile(rf"(?P<ms>{_MEMBER_STATES})|(?P<ac>{_ASSOCIATED})", re.I)
_LIST_GLUE = re.compile(r"(?:\s|,|;|/|&|\*|\[\d+\]|\(\*\)|\b(?:and|or|as\s+well\s+as|plus|in|the|only|also)\b)*", re.I)
_FOLLOWING = re.compile(r"(?:the\s+)?following\s+(?:(?:non-)?associated\s+|third\s+)*countries\s*:?", re.I)
_HARMLESS_PAREN = re.compile(
    r"\s*\((?:[^()]*\b(?:outermost\s+regions?|overseas\s+countries|OCTs?|UNSCR\s*1244)\b[^()]*|\*)\)", re.I
)
_LIST_CLEAN_END = re.compile(
    r"""\s*(?:
        $ | \.\s*(?:\[\d+\]\s*)*$
      | ,?\s*(?:in\s+order\s+to|to\s+safeguard|to\s+protect|to\s+ensure|for\s+reasons\s+of|due\s+to|given)\b
      | (?:is|are)\s+eligible\s+to\s+(?:participate|apply|take\s+part)
      | (?:may|can|are\s+allowed\s+to)\s+(?:participate|apply|take\s+part)
    )""",
    re.I | re.X,
)
_FUNDING_TAIL = re.compile(
    r"\s*,?\s*(?:(?:is|are|will\s+be|shall\s+be)\s+(?:also\s+|exceptionally\s+)?(?:eligible|entitled)\s+"
    r"(?:to\s+receive|for)\s+(?:(?:Union|EU|European\s+Union|Horizon\s+Europe)\s+)?fund(?:ing|s)\b"
    r"|(?:may|can)\s+(?:also\s+|exceptionally\s+)?receive\s+(?:(?:Union|EU|European\s+Union)\s+)?funding\b)",
    re.I,
)
_NOT_FUNDED = re.compile(r"\s*,?\s*(?:is|are)\s+not\s+eligible\s+(?:to\s+receive|for)\s+(?:\w+\s+)?funding\b", re.I)
_FUNDING_END = re.compile(f"{_FUNDING_TAIL.pattern}|{_NOT_FUNDED.pattern}", re.I)
# Words that negate or qualify what a sentence says: a family reads a sentence holding one only where it
# knows the wording (the control restriction's "unless ... guarantees"); elsewhere the sentence is left to the
# user, whole. (An adversarial review found "not part of an exempt destination" read as exempt, and funding
# "except for entities controlled by the Government" read as unconditional.)
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|cannot|unless|except)\b|n't\b", re.I)
_QUALIFIER = re.compile(
    r"\b(?:unless|except(?:ing|ion|ions)?|excluding|only\s+if|provided\s+that|on\s+(?:the\s+)?condition|"
    r"as\s+long\s+as|save\s+for|other\s+than|with\s+the\s+exception)\b",
    re.I,
)
_QUALIFIER_KNOWN = frozenset({"control_restriction"})  # families that read their own qualifiers
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|provided|only|subject\s+to|where|when|as\s+long\s+as|on\s+condition)\b", re.I
)
_ESTABLISHED_IN = re.compile(
    r"\b(?:any\s+|all\s+)?(?:legal\s+)?(?:entit(?:y|ies)|organi[sz]ations?|applicants?|participants?)\s+"
    r"(?:(?:which|that)\s+(?:is|are)\s+)?(?:established|based|located)\s+in\s+",
    re.I,
)
_LIMITED = re.compile(
    r"\b(?:participation\b(?:\s+in\s+th(?:is|e)\s+(?:topic|call|action))?\s+(?:is|will\s+be|shall\s+be)\s+"
    r"(?:limited|restricted)\s+to|(?:is|are)\s+open\s+only\s+to|only)\s+"
    r"(?:(?:legal\s+)?(?:entities|organi[sz]ations|applicants)\s+(?:(?:which|that)\s+are\s+)?"
    r"(?:(?:established|based|located)\s+in|from)\s+)?",
    re.I,
)

_CONTROL = re.compile(
    r"\bcontrolled\s+(?:directly\s+or\s+indirectly\s+)?(?:by|from)\s+(?:a\s+|an\s+)?"
    r"(?:non[- ]?eligible|ineligible|non[- ]?associated(?:\s+third)?)\s+countr(?:y|ies)",
    re.I,
)
_EXCLUDES = re.compile(
    r"\b(?:may\s+not|cannot|can\s+not|shall\s+not|must\s+not|(?:are|is)\s+not\s+eligible|(?:are|is)\s+excluded|unless)\b",
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
_NETWORKS = re.compile(
    r"\brestrictions?\s+for\s+the\s+protection\s+of\s+(?:the\s+)?European\s+communication\s+networks\b", re.I
)
_GENERIC_TOPICS = re.compile(
    r"\b(?:topics|calls)\s+(?:flagged|marked|identified)\b|\b(?:for|in)\s+(?:those\s+)?topics\b", re.I
)
_HIGH_RISK = re.compile(r"\bhigh[- ]risk\s+suppliers?\b", re.I)
_NOT_SUBJECT = re.compile(r"\bnot\s+subject\s+to\b|\bdo(?:es)?\s+not\s+apply\b", re.I)
_CHINA = re.compile(r"\bChin(?:a|ese)\b", re.I)
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
_BINDING = re.compile(
    r"\b(?:requires?|required|must|shall|mandatory|eligible\s+only\s+if|only\s+eligible\s+if|need\s+to|needs\s+to|"
    r"has\s+to|have\s+to)\b",
    re.I,
)
_AT_LEAST = re.compile(
    rf"\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of|no\s+(?:fewer|less)\s+than)\s+({_NUM})(?=\s)", re.I
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
    rf"(?P<ac>\s+(?:or|and|and/or|/)\s+(?:{_ASSOCIATED}))?|(?P<any>countr(?:y|ies))"
)
_LOCATION = re.compile(
    r",?\s*(?P<each>each\s+)?(?:(?:established|based|located)\s+in|(?:coming\s+)?from)\s+"
    rf"(?:at\s+least\s+(?P<m>{_NUM})\s+(?:different|distinct)\s+|(?P<m2>{_NUM})\s+(?:different|distinct)\s+"
    rf"|(?P<a>an?\s+)(?:different|distinct)\s+|(?P<bare_diff>different|distinct)\s+)?(?:{_WHERE})",
    re.I,
)
_COMPOSITION_TAIL = re.compile(
    r"^\s*(?:\(?,?\s*as\s+beneficiar(?:y|ies)\)?)?\s*(?:,?\s*(?:must|shall)\s+(?:take\s+part|participate|be\s+involved|"
    r"be\s+included)(?:\s+(?:in\s+the\s+(?:consortium|project|action)|as\s+beneficiar(?:y|ies)))?)?\s*[.;]?\s*$",
    re.I,
)
_WHO_PREFIX = re.compile(r"^(?:(?:independent|eligible|different|distinct)\s+)+", re.I)
_COMPOUND = re.compile(rf"\b(?:and|plus|as\s+well\s+as|or)\s+(?:at\s+least\s+)?{_NUM}\b|,", re.I)
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

# --- the standard pointers and restatements of the General Annexes ("general-rules") ----------------
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
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-"})


# ======================================================================================================
@dataclass(frozen=True, slots=True)
class Clause:
    """A recognised clause: its family, the sentence it came from, and the topic options it sets."""

    kind: str
    sentence: str
    sets: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "sentence": self.sentence, "sets": copy.deepcopy(dict(self.sets))}


@dataclass(frozen=True, slots=True)
class TopicReading:
    """What `read_topic` read. `normalised_text` is the input as the sentences are quoted from."""

    topic: Mapping[str, Any]
    clauses: tuple[Clause, ...]
    uninterpreted: tuple[str, ...]
    normalised_text: str = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": copy.deepcopy(dict(self.topic)),
            "clauses": [c.to_dict() for c in self.clauses],
            "uninterpreted": list(self.uninterpreted),
        }


class _Unit(NamedTuple):
    """One sentence (or a lead-in with its list items): `text` is quoted, `match` is what patterns see."""

    text: str
    match: str


class _Found(NamedTuple):
    kind: str
    key: str
    value: Any


class _Unclear(NamedTuple):
    why: str


class _Denies(NamedTuple):
    key: str
    value: Any = None


_Result = _Found | _Unclear | _Denies


# ======================================================================================================
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
    units = _units(lines)
    return _interpret(units, programme, "\n".join(lines))


def normalise_lines(text: str) -> list[str]:
    """The input as logical lines: tags stripped, entities decoded, whitespace collapsed, wrapped lines joined."""
    if "<" in text:
        text = _COMMENT.sub(" ", text)
        text = _SCRIPT.sub(" ", text)
        text = _LIST_ITEM.sub("\n\n- ", text)
        text = _BLOCK.sub("\n\n", text)
        text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    lines: list[list[str]] = []
    hard_break = True
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            hard_break = True
            continue
        if hard_break or not lines or _BULLET.match(line) or _ends_line(lines[-1][-1], line):
            lines.append([line])
        else:
            lines[-1].append(line)  # a line wrapped in a PDF copy or an e-mail
        hard_break = False
    return [" ".join(parts) for parts in lines]


def _ends_line(previous: str, following: str) -> bool:
    if _TERMINAL.search(previous) or _LABEL.match(following):
        return True
    # A short line without a final stop before a capitalised one is a heading, unless it breaks off mid-phrase.
    return len(previous) <= 60 and following[:1].isupper() and not _CONNECTOR_END.search(previous)


def _sentences(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for boundary in _SENTENCE_END.finditer(line):
        end = boundary.start() + 1
        word = _LAST_WORD.search(line, max(start, end - 12), end)
        if word and word.group().rstrip(".").lower() in _ABBREVIATIONS:
            continue
        parts.append(line[start : boundary.end()].rstrip())
        start = boundary.end()
    tail = line[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _matchable(text: str) -> str:
    return text.translate(_QUOTES)


def _units(lines: list[str]) -> list[_Unit]:
    """Sentences, with a lead-in that breaks off at a colon joined to the list items that complete it."""
    units: list[_Unit] = []
    i = 0
    while i < len(lines):
        bullet = _BULLET.match(lines[i])
        body = lines[i][bullet.end() :] if bullet else lines[i]
        sentences = _sentences(body)
        last = sentences[-1] if sentences else ""
        items, i = _list_items(lines, i + 1) if _LEAD_IN_CONTINUES.search(last) else ([], i + 1)
        units.extend(_Unit(s, _matchable(s)) for s in sentences[:-1])
        if items:
            text = "\n".join([last, *items])
            bare = [re.sub(r"[\s;,]*(?:\b(?:and|or))?$", "", _BULLET.sub("", item)) for item in items]
            units.append(_Unit(text, _matchable(f"{last[:-1]} {', '.join(bare)}")))
        elif last:
            units.append(_Unit(last, _matchable(last)))
    return units


def _list_items(lines: list[str], start: int) -> tuple[list[str], int]:
    """The items after a lead-in: bulleted lines, or plain lines that end like list items."""
    items: list[str] = []
    bulleted = start < len(lines) and _BULLET.match(lines[start]) is not None
    j = start
    while j < len(lines):
        line = lines[j]
        if (_BULLET.match(line) is not None) != bulleted or len(_sentences(_BULLET.sub("", line))) != 1:
            break
        if not bulleted and not re.search(r"(?:[;,.]|\b(?:and|or))$", line):
            break
        items.append(line)
        j += 1
        if line.endswith("."):
            break  # the list ends with its full stop
    return items, j


# ======================================================================================================
class _Lexicon(NamedTuple):
    names: re.Pattern[str]  # country names and variants, case-insensitive
    capitals: re.Pattern[str]  # variants in capitals (US, UK): only as written
    codes: dict[str, str]  # casefolded name -> code
    member_states: frozenset[str]  # codes of the EU (Member States, their outermost regions and OCTs)


@cache
def _lexicon(programme: str) -> _Lexicon:
    rules = load_rules()
    spelled = [(name, code) for code, name in rules.countries.items()]
    spelled += [(v, code) for code, variants in rules.name_variants.items() for v in variants]
    codes = {name.casefold(): code for name, code in spelled}
    capitals = sorted((n for n, _ in spelled if n == n.upper()), key=len, reverse=True)
    plain = sorted((n for n, _ in spelled if n != n.upper()), key=len, reverse=True)
    names = re.compile(r"(?:the\s+)?(?:" + "|".join(map(re.escape, plain)) + r")(?![\w-])", re.I)
    caps = re.compile(r"(?i:the\s+)?(?:" + "|".join(map(re.escape, capitals)) + r")(?![\w-])")
    first = dt.date(rules.programme(programme).first_call_year, 1, 1)
    eu = frozenset(code for code in rules.countries if rules.eu_group(code, first) is not None)
    return _Lexicon(names, caps, codes, eu)


class _CountryList(NamedTuple):
    member_states: bool
    associated: bool
    codes: tuple[str, ...]
    end: int  # where the list stops in the text


def _country_list(text: str, pos: int, lexicon: _Lexicon, end: re.Pattern[str]) -> _CountryList | None:
    """The list of countries from pos to where `end` matches, or None if an item is not a known country or group."""
    member_states = associated = False
    codes: list[str] = []
    seen_item = announced = False
    while True:
        glue = _LIST_GLUE.match(text, pos)
        after_glue = glue.end() if glue else pos
        if seen_item and not announced:
            for stop in (pos, after_glue):
                if end.match(text, stop):
                    return _CountryList(member_states, associated, tuple(dict.fromkeys(codes)), stop)
        pos = after_glue
        following = _FOLLOWING.match(text, pos)
        if following:
            pos, announced = following.end(), True  # "... and the following countries: X, Y"
            continue
        group = _GROUP.match(text, pos)
        name = lexicon.names.match(text, pos) or lexicon.capitals.match(text, pos)
        if group and (not name or group.end() >= name.end()):
            member_states = member_states or group.group("ms") is not None
            associated = associated or group.group("ac") is not None
            pos = group.end()
        elif name:
            code = lexicon.codes[_strip_the(name.group()).casefold()]
            codes.append(code)
            pos, announced = name.end(), False
            alias = re.match(r"\s*\(([^()]{1,40})\)", text[pos:])
            if alias and lexicon.codes.get(_strip_the(alias.group(1)).casefold()) == code:
                pos += alias.end()  # "the United States of America (USA)"
        else:
            return None
        paren = _HARMLESS_PAREN.match(text, pos)
        if paren:
            pos = paren.end()
        seen_item = True


def _strip_the(name: str) -> str:
    return re.sub(r"^the\s+", "", name, flags=re.I)


# --- the clause families -----------------------------------------------------------------------------
def _eligible_countries(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
    text = unit.match
    for lead in _LIMITED.finditer(text):
        only = lead.group().lower().startswith("only")
        if only and not re.search(r"\b(?:established|based|located|from)\b", lead.group(), re.I):
            continue  # an "only" that does not introduce places
        found = _country_list(text, lead.end(), lexicon, _LIST_CLEAN_END)
        if found is None:
            return _Unclear("participation limited to a list that is not only known countries and groups")
        tail = text[found.end :]
        if only and not re.match(
            r"\s*(?:only\s+)?(?:(?:is|are)\s+eligible\s+to\s+(?:participate|apply|take\s+part)|(?:may|can|are\s+allowed\s+to)"
            r"\s+(?:participate|apply|take\s+part))",
            tail,
            re.I,
        ):
            return _Unclear("'only ... established in' not about taking part")
        if not found.member_states or any(code in lexicon.member_states for code in found.codes):
            return _Unclear("a limit that does not keep all the Member States, or names some of them")
        value = ([ASSOCIATED_COUNTRIES] if found.associated else []) + list(found.codes)
        return _Found("eligible-countries", "eligible_countries", value)
    return None


def _funded_third_countries(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
    text = unit.match
    for lead in _ESTABLISHED_IN.finditer(text):
        found = _country_list(text, lead.end(), lexicon, _FUNDING_END)
        if found is None:
            continue
        tail = _FUNDING_TAIL.match(text, found.end)
        if tail is None:
            return _Denies("funded_third_countries", found.codes)
        if found.member_states or found.associated or not found.codes:
            return _Unclear("funding for a group, not for named countries")
        if any(code in lexicon.member_states for code in found.codes):
            return _Unclear("funding for a Member State")
        if _CONDITIONAL.search(text[: lead.start()]) or _CONDITIONAL.search(text[tail.end() :]):
            return _Unclear("funding under a condition")
        return _Found("funded-third-countries", "funded_third_countries", list(found.codes))
    return None


def _control_restriction(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
    text = unit.match
    if _CHINA.search(text) and re.search(r"\bcontrol", text, re.I):
        return _Unclear("control by China or Chinese entities: a narrower rule than the topic option")
    if _CONTROL.search(text):
        if _EXCLUDES.search(text):
            return _Found("control-restriction", "control_restriction", True)
        if _PERMITS.search(text):
            return _Denies("control_restriction")
        return _Unclear("control by third countries, without saying what follows")
    if _DECLARATION.search(text):
        if _DECLARATION_DENIED.search(text):
            return _Denies("control_restriction")
        if _DECLARATION_REQUIRED.search(text):
            return _Found("control-restriction", "control_restriction", True)
    return None


def _high_risk_suppliers(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
    text = unit.match
    if _GENERIC_TOPICS.search(text):
        if _NETWORKS.search(text) or _HIGH_RISK.search(text):
            return _Unclear("the general rule for flagged topics, not a statement about this topic")
        return None
    if _NETWORKS.search(text):
        if _NOT_SUBJECT.search(text):
            return _Denies("high_risk_suppliers_excluded")
        if re.search(r"\bsubject\s+to\b|\bapply\b|\bapplies\b", text, re.I):
            return _Found("high-risk-suppliers", "high_risk_suppliers_excluded", True)
        return _Unclear("communication networks restriction, without saying it applies")
    if _HIGH_RISK.search(text):
        if _EXCLUDES.search(text) or re.search(r"\bexcluded\b", text, re.I):
            return _Found("high-risk-suppliers", "high_risk_suppliers_excluded", True)
        return _Unclear("high-risk suppliers, without saying they are excluded")
    return None


def _china(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
    text = unit.match
    if not _CHINA.search(text):
        return None
    if _DESTINATION_LIST.search(text):
        return None  # the General Annexes' list of destinations, not a statement about this topic
    if _CHINA_EXEMPT.search(text) or _CHINA_ELIGIBLE.search(text):
        if _THIS_TOPIC.search(text) and not _NEGATION.search(text):
            return _Found("china-ria-exempt", "china_ria_exempt", True)
        return _Unclear("China eligible, but not said of this topic")
    refusal = _CHINA_NOT_ELIGIBLE.search(text)
    if refusal:
        rest = text[refusal.end() :]
        if _ACTION_TYPES.match(rest):
            return None  # restates the general rule ("general-rules")
        if _THIS_TOPIC.search(rest):
            return _Denies("china_ria_exempt")
    return None


def _third_country_beneficiaries(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
    text = unit.match
    if _TC_BENEFICIARIES.search(text):
        if re.search(r"\b(?:may|can)\s+not\b|\bcannot\b", text, re.I):
            return _Denies("third_country_beneficiaries")
        return _Found("third-country-beneficiaries", "third_country_beneficiaries", True)
    if _TC_ONLY_PARTNERS.search(text):
        return _Denies("third_country_beneficiaries")
    return None


def _composition(unit: _Unit, lexicon: _Lexicon) -> _Result | None:
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
        return _Unclear("more than one requirement in one sentence")
    after = rest[who_end.start() :] if who_end else ""
    min_countries: int | None = None
    established_in = "any"
    location = _LOCATION.match(after)
    if location:
        if location.group("bare_diff") or (location.group("a") and not location.group("each")):
            return _Unclear("'different countries' without a number")
        count = location.group("m") or location.group("m2")
        n = _number(quantity.group(1))
        min_countries = _number(count) if count else (n if location.group("a") else None)
        if location.group("ms"):
            established_in = "ms-ac" if location.group("ac") else "ms"
        after = after[location.end() :]
    if not _COMPOSITION_TAIL.match(after):
        return _Unclear("a composition requirement with more to it than the reader knows")
    who = _WHO_PREFIX.sub("", who)
    entity_types: list[str] | None = None
    needs: str | None = who
    for pattern, types in _ENTITY_TYPES:
        if pattern.fullmatch(who):
            entity_types, needs = (list(types) if types else None), None
            break
    value = {
        "text": unit.text,
        "min": _number(quantity.group(1)),
        "min_countries": min_countries,
        "established_in": established_in,
        "entity_types": entity_types,
        "needs": needs,
    }
    return _Found("composition", "composition", value)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUM_WORDS[word.lower()]


# Each family with the words without which it cannot match: one scan of a sentence picks the families to try.
_FAMILIES: dict[str, tuple[str, Callable[[_Unit, _Lexicon], _Result | None]]] = {
    "eligible": (r"limited|restricted|\bonly\b", _eligible_countries),
    "funded": (r"fund", _funded_third_countries),
    "control": (r"control", _control_restriction),
    "suppliers": (r"communication\s+networks|high[- ]risk", _high_risk_suppliers),
    "china": (r"\bchin", _china),
    "beneficiaries": (r"non[- ]?associated", _third_country_beneficiaries),
    "composition": (r"at\s+least|minimum|no\s+(?:fewer|less)\s+than", _composition),
}
_TRIGGERS = re.compile("|".join(f"(?P<{name}>{words})" for name, (words, _) in _FAMILIES.items()), re.I)


def _standard_kind(unit: _Unit) -> str | None:
    """'general-rules' for a pointer to, or a plain restatement of, the General Annexes."""
    text = unit.match
    if _SPACE_DATA.match(text):
        return "implementation-obligation"  # how the project works, not who takes part
    if _NOT_MERELY.search(text) or not _POINTERS.search(text):
        return None
    rest = _RESTATED_ACTIONS.sub(" ", _POINTERS.sub(" ", text))
    rest = _HEADING_PREFIX.sub("", rest.strip())
    if _CUE.search(rest):
        return None
    return "general-rules"


def _is_heading(text: str) -> bool:
    return not _TERMINAL.search(text) and len(text.split()) <= 8 and not _VERB.search(text)


# ======================================================================================================
def _interpret(units: list[_Unit], programme: str, normalised: str) -> TopicReading:
    lexicon = _lexicon(programme)
    found: list[tuple[int, _Unit, _Found]] = []
    denied: dict[str, list[tuple[int, Any]]] = {}
    kept: list[tuple[int, Clause]] = []
    loose: list[tuple[int, str]] = []
    for index, unit in enumerate(units):
        if not _WORTH_READING.search(unit.match):
            continue  # no family's words and nothing that reads like a condition
        triggered = {m.lastgroup for m in _TRIGGERS.finditer(unit.match)}
        results = [
            r for name in _FAMILIES if name in triggered and (r := _FAMILIES[name][1](unit, lexicon)) is not None
        ]
        if any(isinstance(r, _Unclear) for r in results):
            loose.append((index, unit.text))
            continue
        denials = [r for r in results if isinstance(r, _Denies)]
        if denials:
            for denial in denials:
                denied.setdefault(denial.key, []).append((index, denial.value))
            loose.append((index, unit.text))
            continue
        readings = [r for r in results if isinstance(r, _Found)]
        qualified = _QUALIFIER.search(_INTRO_LEAD.sub("", unit.match, count=1))
        if readings and any(r.key not in _QUALIFIER_KNOWN for r in readings) and qualified:
            loose.append((index, unit.text))  # a qualified statement: quoted for the user, whole
            continue
        if readings:
            if all(_applies(r.key, programme) for r in readings):
                found.extend((index, unit, r) for r in readings)
            else:
                loose.append((index, unit.text))
            continue
        kind = _standard_kind(unit)
        if kind:
            kept.append((index, Clause(kind, unit.text, {})))
        elif unit.text.endswith(":") and _INTRO.search(unit.match):
            continue  # "The following exceptions apply:": its items are read one by one
        elif _CUE.search(unit.match) and not _is_heading(unit.text):
            loose.append((index, unit.text))
    conflicted = _conflicts(found, denied)
    topic: dict[str, Any] = {}
    for index, unit, reading in found:
        if index in conflicted:
            continue
        kept.append((index, Clause(reading.kind, unit.text, {reading.key: reading.value})))
        _merge(topic, reading.key, reading.value)
    loose.extend((index, units[index].text) for index in sorted(conflicted))
    kept.sort(key=lambda item: item[0])
    loose.sort(key=lambda item: item[0])
    clauses = tuple(clause for _, clause in _unique(kept))
    return TopicReading(
        topic={key: topic[key] for key in _ORDER if key in topic},
        clauses=clauses,
        uninterpreted=tuple(dict.fromkeys(text for _, text in loose)),
        normalised_text=normalised,
    )


_ORDER = (
    "eligible_countries",
    "control_restriction",
    "high_risk_suppliers_excluded",
    "china_ria_exempt",
    "funded_third_countries",
    "third_country_beneficiaries",
    "composition",
)


def _applies(key: str, programme: str) -> bool:
    return key in load_rules().programme(programme).topic_options


def _conflicts(found: list[tuple[int, _Unit, _Found]], denied: dict[str, list[tuple[int, Any]]]) -> set[int]:
    """Indexes of the sentences whose clauses contradict another sentence."""
    conflicted: set[int] = set()
    by_key: dict[str, list[tuple[int, Any]]] = {}
    for index, _, reading in found:
        by_key.setdefault(reading.key, []).append((index, reading.value))
    for key, values in by_key.items():
        denials = denied.get(key, [])
        if key == "funded_third_countries":
            refused = {code for _, codes in denials for code in codes}
            clash = [index for index, codes in values if refused.intersection(codes)]
            if clash:
                conflicted.update(clash)
                conflicted.update(index for index, codes in denials if set(codes) & {c for _, v in values for c in v})
            continue
        if key == "composition":
            continue  # requirements add up
        distinct = {repr(value) for _, value in values}
        if denials or len(distinct) > 1:
            conflicted.update(index for index, _ in values)
            conflicted.update(index for index, _ in denials)
    return conflicted


def _merge(topic: dict[str, Any], key: str, value: Any) -> None:
    if key == "composition":
        if value not in topic.setdefault(key, []):
            topic[key].append(value)
    elif key == "funded_third_countries":
        topic[key] = list(dict.fromkeys([*topic.get(key, []), *value]))
    else:
        topic[key] = value


def _unique(items: Iterable[tuple[int, Clause]]) -> Iterable[tuple[int, Clause]]:
    """Clauses hold dicts and lists: make them hashable for de-duplication, keeping the first of each."""
    seen: set[tuple[str, str, str]] = set()
    for index, clause in items:
        key = (clause.kind, clause.sentence, repr(clause.sets))
        if key not in seen:
            seen.add(key)
            yield index, clause
