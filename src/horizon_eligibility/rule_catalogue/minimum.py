"""The minimum conditions and the topic's requirements (conditions.py, verdict.py, call.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..conditions import condition_rule
from ..rule_kinds import ACTIONS, RuleEntry, kind
from ..ruletypes import Condition

if TYPE_CHECKING:
    from ..rules import ProgrammeRules


# -- the minimum conditions (conditions, verdict, call) ---------------------------------------------
def _flat(conditions: list[Condition]) -> Iterator[Condition]:
    for condition in conditions:
        if condition["kind"] == "by-size":
            for option in condition["options"]:
                yield from _flat(option["conditions"])
        else:
            yield condition


def _condition_entries(suffix: str) -> object:
    """The ids of a condition kind: one per condition of each action (by-size options included) that can have
    it, and the topic's composition requirement where the programme takes it."""

    def entries(p: ProgrammeRules) -> Iterator[RuleEntry]:
        if "composition" in p.topic_options and suffix in ("", ".met", ".unsure"):
            title, text = TOPIC_COMPOSITION[suffix]
            yield RuleEntry({"condition": "topic.composition"}, title, text, (), ("error",) if suffix == "" else ())
        for action_id, action in p.actions.items():
            for c in _flat(action["conditions"]):
                rule, text, sources = condition_rule(action_id, c), c["text"], tuple(c["sources"])
                ids = {"condition": rule}
                if suffix == "":
                    yield RuleEntry(ids, action["name"], text, sources, (c["severity"],))
                elif suffix == ".met" and c["kind"] == "composition":
                    more = " Where the consortium meets it, we say with which entities and countries."
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".unsure" and c["kind"] == "sectors":
                    more = " Where a participant's type does not say its sector, we say so."
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".unsure" and c["kind"] == "coordinator" and c["established_in"] == "ms-ac":
                    more = " Where it is in an overseas country or territory, we say it is unsure."
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".unsure" and c["kind"] == "composition" and c["established_in"] == "ms-ac":
                    more = (
                        " Where it holds only if entities in overseas countries or territories count as established "
                        "in their Member State, we say it is unsure."
                    )
                    yield RuleEntry(ids, action["name"], text + more, sources)
                elif suffix == ".depends-on-deadline" and c["from_date"]:
                    yield RuleEntry(ids, action["name"], f"From {c['from_date']}: {text}", sources)

    return entries


TOPIC_COMPOSITION = {
    "": (
        "Topic composition requirement",
        "A composition requirement the topic adds (at least N entities from at least M countries).",
    ),
    ".met": (
        "How the topic composition requirement is met",
        "The topic's composition requirement holds: which entities and countries meet it.",
    ),
    ".unsure": (
        "Topic composition requirement: unsure",
        "The topic's composition requirement holds only if entities in overseas countries or territories count as "
        "established in their Member State, which no text read settles.",
    ),
}
CONDITION = kind(
    "{condition}",
    "minimum",
    ("error", "warning"),
    "(the action's name)",
    "(the condition's text)",
    "{message}",
    f"{ACTIONS}: conditions (kind, severity, text); input: topic.composition",
    "verdict.condition_findings",
    entries=_condition_entries(""),  # type: ignore[arg-type]
)
CONDITION_UNSURE = kind(
    "{condition}.unsure",
    "minimum",
    "warning",
    "(the action's name)",
    "(the condition's text)",
    "{message}",
    f"{ACTIONS}: conditions of kind sectors, and coordinator or composition established in ms-ac; input: "
    "topic.composition",
    "verdict.condition_findings",
    entries=_condition_entries(".unsure"),  # type: ignore[arg-type]
)
CONDITION_MET = kind(
    "{condition}.met",
    "minimum",
    "info",
    "(the action's name)",
    "(the condition's text)",
    "{message}",
    f"{ACTIONS}: conditions of kind composition; input: topic.composition",
    "verdict.met_findings",
    entries=_condition_entries(".met"),  # type: ignore[arg-type]
)
CONDITION_DEADLINE = kind(
    "{condition}.depends-on-deadline",
    "minimum",
    "warning",
    "(the action's name)",
    "(the condition's text)",
    "This condition applies from {date}; without the call deadline we assume it applies to this call. Give the "
    "deadline to settle it. ({text})",
    f"{ACTIONS}: conditions[].from_date",
    "call.make_call",
    entries=_condition_entries(".depends-on-deadline"),  # type: ignore[arg-type]
)
ACTION_NOTE = kind(
    "{action}.note",
    "minimum",
    "info",
    "(the action's name): notes",
    "(the action's notes)",
    "{note}",
    f"{ACTIONS}: notes",
    "call.make_call",
    entries=lambda p: (
        RuleEntry({"action": a}, f"{action['name']}: notes", " ".join(action["notes"]), tuple(action["sources"]))
        for a, action in p.actions.items()
        if action["notes"]
    ),
)
TOPIC_COMPOSITION_CHECK = kind(
    "topic.composition.check",
    "minimum",
    "warning",
    "Topic requirement to check by hand",
    "A composition requirement the topic adds on facts the input does not hold (first responders, ...).",
    "The topic requires: {text} The checker cannot tell {needs} from the consortium as entered: check this yourself.",
    "input: topic.composition[].needs",
    "call.topic_conditions",
    fires=lambda p: "composition" in p.topic_options,
)
TOPIC_UNREAD = kind(
    "topic.unread",
    "restriction",
    "warning",
    "Topic condition not understood",
    "A sentence of the topic's conditions that reads like a condition but was not understood: check it.",
    "The topic conditions say: \u201c{sentence}\u201d The checker did not understand this sentence, so the verdict "
    "does not take it into account: if it changes who may take part, who is funded or what the consortium must "
    "include, the verdict may be wrong. Check it yourself.",
    "input: topic.conditions_text (topic_reader)",
    "call.topic_conditions",
)
PARTNERS_LEAVING = kind(
    "partners-leaving",
    "leaving",
    "info",
    "Partners the consortium cannot lose",
    "The minimum conditions must still be met if a partner leaves: without any one of these they would not.",
    "The minimum conditions must still be met if a partner leaves during the project. Without any one of these the "
    "consortium would no longer meet them: {names}.",
    f"{ACTIONS}: conditions of severity error",
    "verdict.partners_leaving",
)
