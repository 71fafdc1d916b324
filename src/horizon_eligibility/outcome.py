"""The outcome of a check, and its headline: "eligible", "eligible-if" or "not-eligible".

An error makes a consortium not eligible. A warning is one of two things:

- a **condition to confirm**: a condition of this call that the engine could not verify on what it was given,
  and that the verdict took as met. If it does not hold, the consortium is not eligible. The outcome is then
  "eligible-if", and the verdict lists these findings (`conditions_to_confirm`);
- a **general caution**: everything else. The engine already took the less favourable reading (a deadline
  not given, an association not confirmed), or the warning is about funding (the second question, never
  the first), about what happens after submission (grant signature), about the evidence behind a general
  rule, or about the input itself. The outcome stays "eligible".

This module is the one place that says which warnings are conditions to confirm (`is_condition_to_confirm`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .conditions import condition_rule
from .model import BENEFICIARY_ROLES, OUTCOME_LABELS, Finding, OutcomeName, ParticipantResult
from .rule_catalogue import (
    CONTROL_OUTSIDE,
    GROUP_SUSPENDED_ADMITTED,
    GROUP_UNCERTAIN_ADMITTED,
    TOPIC_COMPOSITION_CHECK,
    TOPIC_UNREAD,
    TRANSITIONAL_NEEDED,
)
from .ruletypes import Condition

# Engine rules (ids after the programme prefix) whose warnings are conditions to confirm, and why.
CONFIRM_RULES: dict[str, str] = {
    TOPIC_UNREAD.pattern: "a sentence of the topic's conditions that the reader did not understand",
    TOPIC_COMPOSITION_CHECK.pattern: "a composition requirement of the topic on facts the input does not hold",
    CONTROL_OUTSIDE.pattern: "the topic's exclusion of entities controlled from third countries, for a "
    "controller outside the consortium whose country is not known",
    "call.edctp3": "the consortium conditions of a Global Health EDCTP3 call, which the engine does not model",
    "call.eurohpc": "the eligible countries of a EuroHPC call (its participating states), which the engine does "
    "not model",
    TRANSITIONAL_NEEDED.pattern: "a partner the consortium needs for the minimum, under a transitional "
    "arrangement: the association must apply at grant signature",
    GROUP_SUSPENDED_ADMITTED.pattern: "whether a topic that admits a group's members as beneficiaries takes in one "
    "suspended on the call's date (a footnote may say so)",
    GROUP_UNCERTAIN_ADMITTED.pattern: "whether a topic that admits a group's members as beneficiaries takes in one "
    "whose membership no text settles (Western Sahara)",
}
# Also conditions to confirm (their ids come from the data):
# - a minimum condition of the action that could not be checked ("<condition rule>.unsure": the sector of a
#   participant whose type is not given, a coordinator in an overseas country or territory), or a warning the
#   data marks `to_confirm` that the consortium seems not to meet (it turns on what the input cannot show:
#   which beneficiaries host the principal investigators, industry's share of the budget, what the topic
#   conditions provide): see condition_rules(). A warning condition without the mark is a general caution
#   (its evidence is uncertain, or it says what is expected, not what is required: an ERC grant's second
#   beneficiary); a condition no input can show (kind `unverifiable`: a Teaming Synergies coordinator's past
#   grants) is always one to confirm; a composition condition that holds only if entities in overseas countries or
#   territories count as in their Member State is unsure;
# - a restriction whose reach to a participant the facts given do not settle ("restriction.<id>" itself as a
#   warning: a controller's share of the ownership, entities in Hong Kong and Macao treated as established
#   in China), except these, which say nothing about the call's conditions:
RESTRICTION_CAUTIONS: dict[str, str] = {
    "russia-2022": "Horizon 2020 projects under way in 2022 (participation ended, payments suspended)",
}
# - a caution about a partner the consortium needs for the minimum conditions, where it decides whether the
#   consortium stays eligible ("<rule>.needed": a transitional arrangement that must apply at grant signature, a
#   measure that bars grants signed from a date; verdict.needed_findings);
# - a participant's type read from CORDIS (a participant given by PIC, from_directory.py) that CORDIS leaves
#   open, where the other reading decides eligibility ("input.directory-type-uncertain";
#   directory_type_decides(), on the outcomes from_directory.directory_findings gets by checking the other
#   reading): it would make an eligible consortium not eligible, or it is all that stands between a consortium
#   not eligible on CORDIS's reading and eligibility (the verdict is then the other reading's, "eligible if").
# Every other warning is a general caution: the call-family notes on funding (call.ihi, call.imi2), funding
# lists and funding decisions, dated rules without a deadline (*.depends-on-deadline), grant signature
# (*.earlier-deadline, association.transitional), sources that differ on a rule the data records
# (*.spared, deemed-established.unverified), associations not confirmed (counted as not associated), the
# input (duplicate names, control in a circle, the part assumed, an affiliated entity's link), and notes.


def condition_rules(prefix: str, action_id: str, conditions: Iterable[Condition]) -> frozenset[str]:
    """The rule ids whose warnings are minimum conditions to confirm, for a call's conditions (by-size
    options included)."""
    out: set[str] = set()
    for condition in conditions:
        if condition["kind"] == "by-size":
            for option in condition["options"]:
                out |= condition_rules(prefix, action_id, option["conditions"])
            continue
        rule = f"{prefix}.{condition_rule(action_id, condition)}"
        out.add(f"{rule}.unsure")
        if condition["severity"] == "warning" and condition["to_confirm"]:
            out.add(rule)
    return frozenset(out)


def is_condition_to_confirm(finding: Finding, prefix: str, call_conditions: frozenset[str]) -> bool:
    """Whether a finding is a condition of the call the engine could not verify (see the module's text).
    `call_conditions`: condition_rules() of the call."""
    if finding.severity != "warning":
        return False
    rule = finding.rule
    if rule in call_conditions:
        return True
    local = rule[len(prefix) + 1 :]
    if local in CONFIRM_RULES:
        return True
    kind, _, rest = local.partition(".")
    if kind == "restriction" and rest.endswith(".earlier-deadline.needed"):
        return True  # a partner the consortium needs, reached by a measure if its grant is signed after a date
    # A restriction's own id (no suffix such as ".depends-on-deadline"): its reach is not settled.
    return kind == "restriction" and "." not in rest and rest not in RESTRICTION_CAUTIONS


def conditions_to_confirm(findings: Sequence[Finding], prefix: str, call_conditions: frozenset[str]) -> list[Finding]:
    return [f for f in findings if f.severity == "warning" and is_condition_to_confirm(f, prefix, call_conditions)]


def directory_type_decides(outcome: OutcomeName, other: OutcomeName) -> bool:
    """Whether a type CORDIS leaves open is a condition to confirm: the consortium's outcome on CORDIS's
    reading (`outcome`) and on the other reading (`other`) differ on whether it is eligible at all. The type
    is the directory's guess, not the person's, so a hard "not eligible" never rests on it alone."""
    return (outcome == "not-eligible") != (other == "not-eligible")


def outcome_of(errors: bool, to_confirm: Sequence[Finding]) -> OutcomeName:
    if errors:
        return "not-eligible"
    return "eligible-if" if to_confirm else "eligible"


def not_funded_beneficiaries(participants: Iterable[ParticipantResult]) -> list[str]:
    """Coordinators and beneficiaries that are not automatically funded (the second question)."""
    return [p.name for p in participants if p.funding == "not-eligible" and p.role in BENEFICIARY_ROLES]


def not_funded_affiliated(participants: Iterable[ParticipantResult]) -> list[str]:
    """Affiliated entities that are not automatically funded: they take part only if eligible for funding (HE-GA26
    p. 5), so, like a beneficiary, only if the topic or the granting authority funds them exceptionally."""
    return [p.name for p in participants if p.funding == "not-eligible" and p.role == "affiliated-entity"]


def headline(outcome: OutcomeName, to_confirm: int, not_funded: int, not_funded_affiliated: int = 0) -> str:
    """One line that keeps the two questions apart: "Eligible if 1 condition is confirmed; 1 beneficiary is
    not automatically funded". Funding is said only for a consortium that may be eligible."""
    text = OUTCOME_LABELS[outcome]
    if outcome == "not-eligible":
        return text
    if outcome == "eligible-if":
        text += (
            f" {to_confirm} condition is confirmed" if to_confirm == 1 else f" {to_confirm} conditions are confirmed"
        )
    counted = [
        f"{n} {word if n == 1 else plural}"
        for n, word, plural in (
            (not_funded, "beneficiary", "beneficiaries"),
            (not_funded_affiliated, "affiliated entity", "affiliated entities"),
        )
        if n
    ]
    if counted:
        verb = "is" if not_funded + not_funded_affiliated == 1 else "are"
        text += f"; {' and '.join(counted)} {verb} not automatically funded"
    return text
