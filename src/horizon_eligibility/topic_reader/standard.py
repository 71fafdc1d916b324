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
    r"|\b(?:unless\s+otherwise\s+stated,\s*)?(?:legal\s+)?entities\s+established\s+in\s+China\s+are\s+(?:therefore\s+)?"
    r"not\s+eligible\s+"
    r"to\s+participate\b(?=\s+in\s+(?:both\s+)?(?:any\s+)?(?:Horizon\s+Europe\s+)?(?:Research\s+and\s+Innovation|"
    r"Innovation)\s+Actions?)"
    r"|\b(?:legal\s+)?entities\s+established\s+in\s+China\s+are\s+to\s+be\s+considered\s+eligible\s+to\s+participate\s+"
    r"in\s+Research\s+and\s+Innovation\s+Actions\s+within\s+the\s+following\s+(?:work\s+programme\s+part\s+)?destinations"
    r"|\b(?:legal\s+)?entities\s+established\s+in\s+Russia,?\s+Belarus,?\s+(?:or|and)\s+(?:in\s+)?(?:the\s+)?"
    r"non[- ]government[- ]controlled\s+territories\s+of\s+Ukraine\s+are\s+not\s+eligible\s+to\s+participate"
    r"(?:\s+in\s+any\s+capacity)?",
    re.I,
)
_HEADING_PREFIX = re.compile(r"^(?:\d{1,2}\.\s+)?[^:.]{1,80}:\s*")  # "3. Other eligibility conditions: "
# The portal's "The following additional eligibility criteria apply:" run into the pointer before it (a copy that
# lost the line break): it announces the items that follow, which are read one by one.
_LEAD_IN_TAIL = re.compile(r"\s*(?:the\s+)?following\s+(?:[\w-]+\s+){0,3}(?:apply|applies)\s*:$", re.I)
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


# Routine sentences of the portal's conditions box that set no condition on the consortium, each matched whole (a
# sentence that adds anything to one is quoted): the JRC's permission to join after selection (General Annex B: it
# does not take part in the proposal; the engine applies its roles), the award of at least one project per option
# (the procedure, General Annex F), financial support to third parties (the set-up, General Annex G).
_ROUTINE = (
    (
        "jrc-participation",
        re.compile(
            r"^The\s+Joint\s+Research\s+Centre\s+\(JRC\)\s+may\s+participate\s+as\s+(?:a\s+)?member\s+of\s+the\s+consortium\s+"
            r"selected\s+for\s+funding(?:\s+as\s+a\s+beneficiary\s+with\s+zero\s+funding,?\s+or\s+as\s+an\s+associated\s+"
            r"partner)?\.?$"
            r"|^The\s+JRC\s+will\s+not\s+participate\s+in\s+the\s+preparation\s+and\s+submission\s+of\s+the\s+proposal"
            r"(?:\s*[-\u2013]\s*see\s+(?:the\s+)?(?:General\s+)?Annex\s+B)?\.?$",
            re.I,
        ),
    ),
    (
        "award-procedure",
        re.compile(
            r"^To\s+ensure\s+a\s+balanced\s+portfolio(?:\s+covering\s+(?P<covering>[^.,;:]{1,80}))?,\s+grants\s+will\s+be\s+"
            r"awarded\s+to\s+applications\s+not\s+only\s+in\s+order\s+of\s+ranking\s+but\s+at\s+least\s+also\s+to\s+one\s+"
            r"project\s+that\s+is\s+the\s+highest\s+ranked\s+within\s+each\s+(?P<within>[^.,;:]{1,80}),\s+provided\s+that\s+the\s+"
            r"applications\s+attain\s+all\s+thresholds\.?$",
            re.I,
        ),
    ),
    (
        "financial-set-up",
        re.compile(
            r"^Beneficiaries\s+may\s+provide\s+financial\s+support\s+to\s+third\s+parties(?:\s*\(FSTP\))?\.?$", re.I
        ),
    ),
)
# The free parts of the award sentence ("covering different approaches", "within each option") name what the
# portfolio covers; a word of a condition there makes the sentence one to read.
_NOT_ROUTINE = re.compile(rf"{CUE.pattern}|\b(?:not|no|unless|except\w*|if|established|countr\w*)\b", re.I)


def routine_kind(unit: Unit) -> str | None:
    """The kind of a routine sentence that sets no condition on the consortium, or None."""
    for kind, pattern in _ROUTINE:
        found = pattern.match(unit.match)
        if found and not any(_NOT_ROUTINE.search(part) for part in found.groupdict().values() if part):
            return kind
    return None


def standard_kind(unit: Unit) -> str | None:
    """'general-rules' for a pointer to, or a plain restatement of, the General Annexes; the kind of a routine
    sentence that sets nothing."""
    text = unit.match
    if _SPACE_DATA.match(text):
        return "implementation-obligation"  # how the project works, not who takes part
    if kind := routine_kind(unit):
        return kind
    if _NOT_MERELY.search(text) or not _POINTERS.search(text):
        return None
    rest = _RESTATED_ACTIONS.sub(" ", _POINTERS.sub(" ", text))
    rest = _LEAD_IN_TAIL.sub("", _HEADING_PREFIX.sub("", rest.strip()))
    if CUE.search(rest):
        return None
    return "general-rules"


def is_heading(text: str) -> bool:
    # "Eligible countries: Norway" is a field with its value, not a heading: a colon inside rules it out, and so
    # does a semicolon ("EU Member States;" ends a list item). Markup left after the text ('">' of a cut tag) is
    # not part of it.
    core = text.rstrip("\"'>)]} ")
    return (
        not TERMINAL.search(core)
        and not any(c in core for c in ":;")
        and len(core.split()) <= 8
        and not VERB.search(core)
    )


# --- the General Annexes' paragraph on China in Innovation Actions, whole ---------------------------------
# Its first sentence restates the rule (_POINTERS); the sentences after it say what "in any capacity" covers, that
# exceptions are case by case, that the rule may be reviewed, and why: the rule as the engine applies it. Only the
# whole paragraph is the general rule: "Exceptions may be granted case by case" alone could qualify anything.
_CHINA_IA = re.compile(
    r"^(?:(?:legal\s+)?entities\s+established\s+in\s+China\s+are\s+(?:therefore\s+)?not\s+eligible\s+to\s+participate\s+"
    r"in\s+(?:any\s+)?Horizon\s+Europe\s+Innovation\s+Actions?\s+in\s+any\s+capacity\.)$",
    re.I,
)
_ROLE = (
    r"(?:beneficiaries|affiliated\s+entities|associated\s+partners|third\s+parties\s+giving\s+in-kind\s+contributions|"
    r"subcontractors|recipients\s+of\s+financial\s+support\s+to\s+third\s+parties)"
)
_CHINA_IA_GOES_ON = re.compile(
    rf"^(?:This\s+includes\s+participation\s+as\s+{_ROLE}(?:\s*,\s*{_ROLE})*(?:,?\s+(?:or|and)\s+{_ROLE})?(?:\s*\(if\s+any\))?"
    r"|Exceptions\s+may\s+be\s+granted\s+on\s+a\s+case-?\s*by-?\s*case\s+basis(?:\s+for\s+justified\s+reasons)?"
    r"|The\s+above\s+eligibility\s+criteria\s+may\s+be\s+reviewed\s+in\s+the\s+future(?:\s+in\s+accordance\s+with\s+policy"
    r"\s+developments)?"
    r"|This\s+exclusion\s+is\s+justified\s+under\s+Article\s+22\s*\(6\)\s+of\s+the\s+Horizon\s+Europe\s+Regulation\s+"
    r"given\s+(?P<why>[^.]*))\.$",
    re.I,
)
# The reasons given must not turn into a condition of their own.
_NOT_A_REASON = re.compile(
    r"\b(?:not|no|unless|except\w*|but|however|apply|applies|topic|call|eligib\w*|participat\w*|if|only)\b", re.I
)


def join_restatements(units: list[Unit], normalised: str) -> list[Unit]:
    """The General Annexes' paragraph on China in Innovation Actions as one unit, quoted whole and matched as its
    first sentence, which the rest only explains. A copy from the PDF may break it into lines: those are joined
    too, as long as the paragraph stays a piece of the text as normalised (what sentences are quoted from)."""
    joined: list[Unit] = []
    head, last_line = False, -1
    for unit in units:
        if head and _goes_on(unit):
            previous = joined[-1]
            glue = " " if unit.line == last_line else "\n"  # sentences of one line, or the next line
            text = f"{previous.text}{glue}{unit.text}"
            if text in normalised:
                joined[-1] = previous._replace(text=text, footnotes=previous.footnotes + unit.footnotes)
                last_line = unit.line
                continue
        joined.append(unit)
        head, last_line = _CHINA_IA.match(unit.match) is not None, unit.line
    return joined


def _goes_on(unit: Unit) -> bool:
    goes_on = _CHINA_IA_GOES_ON.match(unit.match)
    return goes_on is not None and not (goes_on.group("why") and _NOT_A_REASON.search(goes_on.group("why")))
