"""The rule catalogue and its cases: every rule id the engine can emit is declared once and has a case that
makes the engine report it; every id the engine reports is declared, with a severity its declaration names.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
from functools import cache
from pathlib import Path

import pytest

from horizon_eligibility import check, load_rules, rule_catalogue, rule_ids
from horizon_eligibility.rule_kinds import KINDS, RuleKind
from tests.rules.cases import RuleCase, all_cases, rule_files

RULES = load_rules()
REGISTRY = rule_ids()
ROOT = Path(__file__).resolve().parents[2]
CONSORTIA = ROOT / "tests" / "engine" / "consortia"
SHORT = {p.id: p.short_id for p in RULES.programmes.values()}


@cache
def cases() -> tuple[RuleCase, ...]:
    return tuple(all_cases())


def _local(rule_id: str) -> str:
    return rule_id.split(".", 1)[1]


def _file_for(rule_id: str) -> str | None:
    """The case file of a rule id: the longest file stem its id (after the prefix) starts with."""
    programme = REGISTRY[rule_id].programme
    local = _local(rule_id)
    stems = [p.stem for p in rule_files() if p.parent.name == programme]
    matching = [s for s in stems if local == s or local.startswith(s + ".")]
    return max(matching, key=len) if matching else None


@pytest.mark.parametrize("rule_id", list(REGISTRY))
def test_every_rule_id_has_a_case(rule_id: str) -> None:
    stem = _file_for(rule_id)
    programme = REGISTRY[rule_id].programme
    assert stem is not None, f"no file tests/rules/{programme}/<a start of {_local(rule_id)}>.yaml"
    proving = [
        c for c in cases() if c.programme == programme and c.stem == stem and rule_id in c.proves(SHORT[programme])
    ]
    assert proving, f"no case in tests/rules/{programme}/{stem}.yaml expects {rule_id}"


def test_every_case_file_is_named_after_its_rule_ids() -> None:
    for case in cases():
        prefix = SHORT[case.programme]
        proved = case.proves(prefix)
        own = f"{prefix}.{case.stem}"
        rules_absent = [r for r in case.data.get("absent") or [] if r == own or r.startswith(own + ".")]
        assert proved or rules_absent, f"{case.path.name}: {case.name!r} names no rule id starting with {case.stem}"
        assert proved <= set(REGISTRY), f"{case.path.name}: {sorted(proved - set(REGISTRY))} are not declared"
        assert all(_file_for(rule) == case.stem for rule in proved), (case.path.name, case.name)


def test_every_case_names_the_sources_of_its_answer() -> None:
    for case in cases():
        sources = case.data.get("sources") or []
        assert sources, f"{case.path.name}: {case.name!r} names no source"
        assert all(s in RULES.sources for s in sources), (case.path.name, case.name, sources)
        assert case.data["consortium"]["programme"] == case.programme, (case.path.name, case.name)


def _emitted() -> dict[str, set[str]]:
    """Every rule id the cases and the engine tests' consortia make the engine report, with its severities."""
    inputs = [c.data["consortium"] for c in cases()]
    inputs += [json.loads(path.read_text(encoding="utf-8")) for path in sorted(CONSORTIA.glob("*.json"))]
    out: dict[str, set[str]] = {}
    for data in inputs:
        for finding in check(data).findings:
            out.setdefault(finding.rule, set()).add(finding.severity)
    return out


def test_every_rule_the_engine_reports_is_declared_with_its_severity() -> None:
    emitted = _emitted()
    assert not sorted(set(emitted) - set(REGISTRY))
    for rule, severities in emitted.items():
        assert severities <= set(REGISTRY[rule].severities), (rule, severities)


def test_every_declared_rule_is_explained_with_sources() -> None:
    for rule_id, info in REGISTRY.items():
        assert info.title and info.explanation, rule_id
        assert info.sources and all(s in RULES.sources for s in info.sources), rule_id
        assert rule_id.startswith(RULES.programme(info.programme).short_id + ".")


def _names() -> dict[int, str]:
    return {id(v): k for k, v in vars(rule_catalogue).items() if isinstance(v, RuleKind)}


@pytest.mark.parametrize("declared", KINDS, ids=lambda k: k.pattern)
def test_each_declaration_names_its_decider_and_data(declared: RuleKind) -> None:
    """From a declaration, its decider is one search: the function it names makes its findings."""
    module_name, _, path = declared.decider.partition(".")
    target: object = importlib.import_module(f"horizon_eligibility.{module_name}")
    for part in path.split("."):
        target = getattr(target, part)
    name = _names()[id(declared)]
    assert re.search(rf"\b{name}\b", inspect.getsource(target)), f"{declared.decider} does not use {name}"
    for file in re.findall(r"data/[\w<>/.-]+\.yaml", declared.depends_on):
        for programme in RULES.programmes:
            assert (ROOT / file.replace("<programme>", programme)).is_file(), (declared.pattern, file)
