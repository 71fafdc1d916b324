"""The engine against the consortia the EU actually funded (CORDIS, tests/fixtures/cordis).

Every Horizon Europe RIA/IA/CSA (Joint Undertakings included), MSCA, ERC, EIC and Co-fund consortium in
CORDIS was signed, so the engine must judge it eligible, or eligible if conditions it could not verify are
confirmed (the report counts those apart). The exceptions are listed below, each with its
reason: a call or topic with its own rules, or a project whose data shows a change after signature. The
list is specific (call/topic prefixes or project ids), each entry has a cap, and every exception must be
used, so it cannot silently grow into a blanket. Suspected rule problems are kept apart as strict xfails.

The agreement rates are printed at the end of ``pytest`` (see tests/engine/conftest.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import cordis
from cordis import Participation, Project

from horizon_eligibility import InputError, check


@dataclass(frozen=True)
class Exception_:
    id: str
    reason: str
    applies: Callable[[Project], bool]
    max_projects: int


def _call(*prefixes: str) -> Callable[[Project], bool]:
    return lambda p: p.call.upper().startswith(tuple(x.upper() for x in prefixes))


def _topic(*prefixes: str) -> Callable[[Project], bool]:
    return lambda p: p.topic.upper().startswith(tuple(x.upper() for x in prefixes))


def _ids(*ids: str) -> Callable[[Project], bool]:
    return lambda p: p.id in ids


# Legitimate special cases: the engine is right about the general rule, the call or the project is special.
HE_EXCEPTIONS = (
    Exception_(
        "edctp3",
        "Global Health EDCTP3 Joint Undertaking calls have their own minimum conditions (entities from "
        "sub-Saharan African countries count towards the consortium); the engine applies the general rules and "
        "says so (he.call.edctp3).",
        _call("HORIZON-JU-GH-EDCTP3"),
        70,
    ),
    Exception_(
        "identified-beneficiary",
        "Actions for beneficiaries named in the work programme ('-IBA' calls, Art 195 Financial Regulation): "
        "no minimum consortium applies.",
        lambda p: "-IBA" in p.call.upper(),
        20,
    ),
    Exception_(
        "pcp-buyers-group",
        "Pre-commercial procurement whose buyers (hospitals and health services) are recorded as research "
        "organisations or 'other' (REC, OTH), not as public bodies: only one public procurer can be seen.",
        _ids("101226565"),
        1,
    ),
    Exception_(
        "sesar-eurocontrol",
        "SESAR 3 Joint Undertaking: EUROCONTROL, an international organisation and founding member of the "
        "JU, takes part as a beneficiary under the JU's rules (counted as a third partner in two projects).",
        _call("HORIZON-SESAR"),
        4,
    ),
    Exception_(
        "mission-cross-02-01",
        "Topic HORIZON-MISS-2024-CROSS-02-01 funded consortia from one or two countries: the topic sets "
        "other conditions (not verified against the topic text).",
        _topic("HORIZON-MISS-2024-CROSS-02-01"),
        3,
    ),
    Exception_(
        "msca-pf-host-change",
        "MSCA Postdoctoral Fellowships with a second beneficiary (in the same country for 4 of 6): a change "
        "of host by amendment that CORDIS does not mark as terminated, or a second entity added after "
        "signature, three of them at zero EU contribution.",
        _ids("101063496", "101064573", "101068996", "101107449", "101110191", "101110677"),
        6,
    ),
    Exception_(
        "china-ia-case-by-case",
        "A 2023 Circular Bio-based Europe JU Innovation Action with a Chinese associated partner: the "
        "exclusion of Chinese entities from Innovation Actions allows case-by-case exceptions.",
        _ids("101157688"),
        1,
    ),
    Exception_(
        "msca-cofund-co-funder",
        "MSCA COFUND (a mono-beneficiary action) with a regional ministry added as a second 'participant' at "
        "zero EU contribution: a co-funder, which the work programme has take part as an implementing or "
        "associated partner.",
        _ids("101128265"),
        1,
    ),
    Exception_(
        "coordinator-left",
        "An RIA whose coordinator (an Israeli SME) and a German SME are marked terminated in CORDIS, with no "
        "remaining participant marked coordinator: the coordinator left after signature (the signed consortium "
        "had one).",
        _ids("101096329"),
        1,
    ),
    Exception_(
        "era-fellowship-canary-islands",
        "ERA Fellowships hosted in the Canary Islands, an outermost region and so a widening region (the host "
        "must be in a widening country: HE-WP-WIDERA26, ERAF-TOPIC-2023): CORDIS records the country as ES. The "
        "hosts are the Universidad de Las Palmas de Gran Canaria (two) and the Instituto de Astrofisica de "
        "Canarias (names from the CORDIS organisations file, which the fixture does not keep); as ES-CN they "
        "are eligible.",
        _ids("101090291", "101090322", "101180670"),
        3,
    ),
    Exception_(
        "eic-accelerator-second-company",
        "EIC Accelerator with a second company at zero EU contribution (change of beneficiary or investment "
        "vehicle after signature).",
        _ids("101217726"),
        1,
    ),
)

# Suspected rule problems (engine or data/ to be fixed), each with its reason; none at present.
# (ERC Synergy Grants with 5-6 beneficiaries were one: the host limits are warnings since.)
HE_SUSPECTED: tuple[Exception_, ...] = ()
MAX_INPUT_REJECTED = 5
FAMILIES_CHECKED = ("RIA", "IA", "CSA", "JU RIA", "JU IA", "JU CSA", "MSCA", "ERC", "EIC", "COFUND", "PCP")


@dataclass(frozen=True)
class Outcome:
    project: Project
    outcome: str  # eligible | eligible-if | not-eligible
    to_confirm: tuple[str, ...]  # the rules of the conditions to confirm
    errors: tuple[str, ...]
    explanation: str | None  # id of the exception or suspected problem, or None
    suspected: bool
    funding: tuple[tuple[Participation, str, str], ...]  # (participation, engine funding, engine status)
    warnings: frozenset[str] = frozenset()  # rule ids of the warnings

    @property
    def eligible(self) -> bool:
        """Not refused: eligible, or eligible if conditions are confirmed."""
        return self.outcome != "not-eligible"


CSA_OUTSIDE = "he.CSA.beneficiaries-established.wp"  # the warnings of the 2021-2025 work programmes


def _explain(project: Project, table: tuple[Exception_, ...]) -> Exception_ | None:
    return next((e for e in table if e.applies(project)), None)


@dataclass(frozen=True)
class TopicReading:
    """What a reviewed topic text says, as the topic options a user reading it would set (engine input)."""

    options: dict[str, object]
    says: str  # what the topic text says, in our words
    source: str  # id in data/sources.yaml


# Topics whose conditions were read (not inferred from the engine's verdicts): their consortia are checked with
# the options the text sets, every other consortium without any. Each entry must match a project in the data.
REVIEWED_TOPICS: dict[str, TopicReading] = {
    "HORIZON-EIE-2024-CONNECT-01-01": TopicReading(
        {"third_country_beneficiaries": ["african-union"], "funded_third_countries": ["african-union"]},
        "Legal entities established in all African Union member states may exceptionally be beneficiaries (or "
        "affiliated entities) of this CSA, and all of them are exceptionally eligible for Union funding.",
        "HE-TOPIC-EIE-2024-CONNECT-01",
    ),
}


def checked_input(project: Project) -> dict[str, object]:
    data = cordis.to_input(project)
    reading = REVIEWED_TOPICS.get(project.topic)
    if reading is not None:
        data["topic"] = dict(reading.options)
    return data


def _evaluate(project: Project) -> Outcome | str:
    try:
        verdict = check(checked_input(project))
    except InputError as exc:
        return str(exc)
    kept = [p for p in project.participations if not p.left]
    funding = tuple((p, r.funding, r.status) for p, r in zip(kept, verdict.participants, strict=True))
    errors = tuple(f"{f.rule}: {f.message}" for f in verdict.findings if f.severity == "error")
    explanation: str | None = None
    suspected = False
    if verdict.outcome == "not-eligible":
        if (suspect := _explain(project, HE_SUSPECTED)) is not None:
            explanation, suspected = suspect.id, True
        elif (exc_ := _explain(project, HE_EXCEPTIONS)) is not None:
            explanation = exc_.id
    warnings = frozenset(f.rule for f in verdict.findings if f.severity == "warning")
    to_confirm = tuple(dict.fromkeys(f.rule for f in verdict.conditions_to_confirm))
    return Outcome(project, verdict.outcome, to_confirm, errors, explanation, suspected, funding, warnings)


@cache
def he_outcomes() -> tuple[tuple[Outcome, ...], dict[str, str]]:
    """All checked Horizon Europe consortia, and the projects the engine refused as input (id -> error)."""
    outcomes: list[Outcome] = []
    rejected: dict[str, str] = {}
    for project in cordis.load_he_projects():
        if cordis.unmapped_reason(project) is not None:
            continue
        result = _evaluate(project)
        if isinstance(result, str):
            rejected[project.id] = result
        else:
            outcomes.append(result)
    return tuple(outcomes), rejected


def _pct(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,} consortia eligible or eligible if ({part / whole:.2%})" if whole else "none"


def test_fixture_is_compact_and_attributed() -> None:
    files = sorted(cordis.FIXTURE.iterdir())
    assert sum(f.stat().st_size for f in files) < 2_500_000
    source = (cordis.FIXTURE / "SOURCE.md").read_text(encoding="utf-8")
    assert "European Union" in source and "2011/833/EU" in source and "build_scripts/fixtures/cordis.py" in source


def test_he_mapping_covers_the_data() -> None:
    projects = cordis.load_he_projects()
    reasons = Counter(cordis.unmapped_reason(p) for p in projects)
    # Only Euratom, EIT KIC grants and one HORIZON-AG grant are left out; everything else maps to an action.
    assert sum(n for r, n in reasons.items() if r is not None) <= 100, reasons
    assert all(r is None or r.startswith(("Euratom", "EIT", "HORIZON-AG")) for r in reasons), reasons
    assert len(projects) > 19_000


def test_he_real_consortia_are_eligible(cordis_report: list[str]) -> None:
    outcomes, rejected = he_outcomes()
    by_family: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_family[cordis.family(o.project)].append(o)
    eligible = sum(o.eligible for o in outcomes)
    explained = Counter(o.explanation for o in outcomes if not o.eligible and o.explanation)
    unexplained = [o for o in outcomes if not o.eligible and o.explanation is None]

    cordis_report.append(f"CORDIS Horizon Europe: {_pct(eligible, len(outcomes))}")
    eligible_if = [o for o in outcomes if o.outcome == "eligible-if"]
    why = Counter(rule.split(".", 1)[1] for o in eligible_if for rule in o.to_confirm)
    share = len(eligible_if) / len(outcomes)
    cordis_report.append(
        f"  of them eligible if conditions are confirmed: {len(eligible_if):,} ({share:.1%}); "
        + ", ".join(f"{rule} {n}" for rule, n in why.most_common(8))
    )
    cordis_report.append(f"  topics checked with the options their reviewed text sets: {len(REVIEWED_TOPICS)}")
    warned = Counter(r for o in outcomes for r in o.warnings if r.startswith(CSA_OUTSIDE))
    cordis_report.append(
        f"  CSAs warned of beneficiaries outside the Member States and associated countries: {dict(warned)}"
    )
    assert {o.project.topic for o in outcomes} >= set(REVIEWED_TOPICS)
    for fam in sorted(by_family, key=lambda f: -len(by_family[f])):
        group = by_family[fam]
        cordis_report.append(f"  {fam:<7} {_pct(sum(o.eligible for o in group), len(group))}")
    for key, n in explained.most_common():
        cordis_report.append(f"  not eligible, explained as {key}: {n}")
    if rejected:
        cordis_report.append(f"  refused as input (CORDIS data error): {len(rejected)} {sorted(rejected)}")

    assert set(by_family) <= set(FAMILIES_CHECKED), set(by_family)
    details = [f"{o.project.id} {o.project.call} {o.project.topic}: {'; '.join(o.errors)}" for o in unexplained]
    assert not unexplained, "signed consortia judged not eligible:\n" + "\n".join(details[:40])
    for table in (HE_EXCEPTIONS, HE_SUSPECTED):
        for e in table:
            assert 1 <= explained[e.id] <= e.max_projects, (e.id, explained[e.id], e.reason)
    assert sum(explained.values()) <= 0.01 * len(outcomes)
    assert eligible >= 0.995 * len(outcomes), _pct(eligible, len(outcomes))  # the bar
    assert len(rejected) <= MAX_INPUT_REJECTED
    assert all("country" in message for message in rejected.values()), rejected


def test_he_suspected_rule_problems_are_listed_with_reasons() -> None:
    outcomes, _ = he_outcomes()
    assert not [o.project.id for o in outcomes if o.suspected]


def test_he_funding_verdicts_agree_with_ec_contributions(cordis_report: list[str]) -> None:
    """Beneficiaries that received an EC contribution are never excluded; those the engine calls not
    automatically funded are reported (funded through a topic exception, as essential, or after a change
    of status), grouped by country and engine status."""
    outcomes, _ = he_outcomes()
    funded = 0
    excluded: list[str] = []
    not_automatic: Counter[tuple[str, str]] = Counter()
    special_not_automatic: Counter[str] = Counter()
    for o in outcomes:
        for p, verdict_funding, status in o.funding:
            if not (p.is_beneficiary and p.funded):
                continue
            funded += 1
            if verdict_funding == "excluded":
                excluded.append(f"{o.project.id} {o.project.call} {p.country}")
            elif verdict_funding == "not-eligible":
                if p.special:
                    special_not_automatic[p.special] += 1
                else:
                    not_automatic[(p.country, status)] += 1
    share = (sum(not_automatic.values()) + sum(special_not_automatic.values())) / funded
    top = ", ".join(f"{c} ({s}) {n}" for (c, s), n in not_automatic.most_common(12))
    cordis_report.append(
        f"CORDIS Horizon Europe funding: {funded:,} funded beneficiaries, {len(excluded)} judged excluded, "
        f"{sum(not_automatic.values()) + sum(special_not_automatic.values()):,} ({share:.1%}) judged not "
        "automatically funded"
    )
    cordis_report.append(f"  by country: {top}")
    cordis_report.append(f"  special entities: {dict(special_not_automatic)}")
    assert not excluded, excluded
    # Member State entities (not international organisations) are always funded by the engine.
    assert not [k for k in not_automatic if k[1] in ("member-state", "outermost-region")], not_automatic
    # Exceptional funding stays exceptional.
    assert share < 0.01


# Horizon 2020: the complete-looking consortia of the 2023 subsets that have a scheme (2016 snapshot).
H2020_EXCEPTIONS: dict[str, str] = {}


def test_h2020_real_consortia_are_eligible(cordis_report: list[str]) -> None:
    projects = [p for p in cordis.load_h2020_projects() if p.complete and cordis.unmapped_reason(p) is None]
    failures: list[str] = []
    eligible = 0
    for project in projects:
        verdict = check(cordis.to_input(project))
        if verdict.outcome != "not-eligible":
            eligible += 1
        elif project.id not in H2020_EXCEPTIONS:
            errors = "; ".join(f"{f.rule}: {f.message}" for f in verdict.findings if f.severity == "error")
            failures.append(f"{project.id} {project.scheme} {project.call}: {errors}")
    cordis_report.append(f"CORDIS Horizon 2020 (2023 subsets, complete, with scheme): {_pct(eligible, len(projects))}")
    assert len(projects) >= 70
    assert not failures, "\n".join(failures)
