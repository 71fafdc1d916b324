"""Patterns shared by the option readers and the interpretation: what reads like a condition, negations
and qualifiers, numbers, the Member States and associated countries."""

from __future__ import annotations

import re

ASSOCIATED_COUNTRIES = "associated-countries"  # group token, resolved by the engine for the call year/part

# --- what reads like a condition ---------------------------------------------------------------------
CUE = re.compile(
    r"\b(?:eligib\w*|participat\w*|consorti\w*|beneficiar\w*|fund\w*|must|shall|only|at\s+least|"
    r"minimum|exclu\w*|restrict\w*|limited\s+to|allowed|prohibit\w*|may\s+not|cannot|required|requires?|"
    r"mandatory|established\s+in|controlled|ownership\s+control|applicants?|associated\s+partners?|"
    r"exceptions?\s+may\s+be\s+(?:granted|made)|case[- ]by[- ]case|"
    r"one\s+of\s+(?:those|these|the)\s+(?:\w+\s+)?destinations)\b",
    re.I,
)
WORTH_READING = re.compile(rf"{CUE.pattern}|\b(?:China|high[- ]risk|Annex(?:es)?|described\s+in)\b", re.I)
VERB = re.compile(
    r"\b(?:must|may|shall|is|are|will|can|cannot|not|only|at\s+least|limited|excluded|apply|applies|requires?)\b",
    re.I,
)
INTRO = re.compile(r"^(?:the\s+)?following\s+(?:[\w-]+\s+){0,3}(?:apply|applies)\s*:$", re.I)
# The same lead-in at the head of a sentence ("The following exceptions apply: X is ..."): its own words
# ("exceptions") do not qualify what follows.
INTRO_LEAD = re.compile(r"^(?:the\s+)?following\s+(?:[\w-]+\s+){0,3}(?:apply|applies)\s*:\s*", re.I)

NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
NUM = r"(?:\d{1,3}|" + "|".join(NUM_WORDS) + r")"
MEMBER_STATES = (
    r"(?:the\s+)?(?:EU(?:-27)?\s+)?Member\s+States?(?:\s+of\s+the\s+(?:EU|European\s+Union))?"
    r"|(?:the\s+)?(?:EU|European\s+Union)(?!\s+(?:fund|contribution|grant))"
)
ASSOCIATED = (
    r"(?:the\s+)?(?:Horizon\s+Europe\s+)?Associated\s+Countr(?:y|ies)(?:\s+to\s+Horizon\s+Europe)?"
    r"|(?:the\s+)?countr(?:y|ies)\s+associated\s+to\s+Horizon\s+Europe"
)

# Words that negate or qualify what a sentence says: a family reads a sentence holding one only where it
# knows the wording (the control restriction's "unless ... guarantees"); elsewhere the sentence is left to the
# user, whole. (An adversarial review found "not part of an exempt destination" read as exempt, and funding
# "except for entities controlled by the Government" read as unconditional.)
NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|cannot|unless|except)\b|n't\b", re.I)
QUALIFIER = re.compile(
    r"\b(?:unless|except(?:ing|ion|ions)?|excluding|only\s+if|provided\s+that|on\s+(?:the\s+)?condition|"
    r"as\s+long\s+as|save\s+for|other\s+than|with\s+the\s+exception)\b",
    re.I,
)
CONDITIONAL = re.compile(r"\b(?:if|unless|provided|only|subject\s+to|where|when|as\s+long\s+as|on\s+condition)\b", re.I)
ESTABLISHED_IN = re.compile(
    r"\b(?:any\s+|all\s+)?(?:legal\s+)?(?:entit(?:y|ies)|organi[sz]ations?|applicants?|participants?)\s+"
    r"(?:(?:which|that)\s+(?:is|are)\s+)?(?:established|based|located)\s+in\s+",
    re.I,
)
EXCLUDES = re.compile(
    r"\b(?:may\s+not|cannot|can\s+not|shall\s+not|must\s+not|(?:are|is)\s+not\s+eligible|(?:are|is)\s+excluded|unless)\b",
    re.I,
)
CHINA = re.compile(r"\bChin(?:a|ese)\b", re.I)
