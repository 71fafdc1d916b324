"""Every rule id the engine can emit, with what it means: rule_ids(), from the rule catalogue.

A finding's `rule` is "<programme short id>.<rule>" (he.restriction.russia). Each kind of rule is declared
once, in rule_catalogue.py; a kind whose ids come from the data (restrictions, action conditions and notes,
entity types) has one id per entry of the data. The site explains each id on its rules page, and the
verdict's "Rule:" line links there.
"""

from __future__ import annotations

from typing import NamedTuple

from . import rule_catalogue  # noqa: F401  (declares the kinds)
from .rule_kinds import GUIDANCE, KINDS, RuleKind
from .rules import Rules, load_rules


class RuleInfo(NamedTuple):
    id: str  # he.restriction.russia
    programme: str
    title: str
    explanation: str
    guidance: str  # the slug of the guidance page (docs/guidance/<slug>.md)
    sources: tuple[str, ...]
    kind: RuleKind  # its declaration
    severities: tuple[str, ...]  # how a verdict reports it (error, warning, info)


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule on the site's rules page (rules/#rule-he-restriction-russia)."""
    return "rule-" + rule_id.lower().replace(".", "-")


def rule_ids(rules: Rules | None = None) -> dict[str, RuleInfo]:
    """Every rule id the engine can emit, for every programme in the data."""
    rules = rules or load_rules()
    out: dict[str, RuleInfo] = {}
    for programme in rules.programmes.values():
        for declared in KINDS:
            for entry in declared.ids_for(programme):
                rule_id = declared.rule(programme.short_id, entry.ids)
                out[rule_id] = RuleInfo(
                    rule_id,
                    programme.id,
                    entry.title,
                    entry.explanation,
                    GUIDANCE[declared.guidance],
                    entry.sources or programme.programme_sources,
                    declared,
                    entry.severities or declared.severities,
                )
    return dict(sorted(out.items()))
