"""Properties that hold for any consortium (hypothesis)."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from horizon_eligibility import InputError, check, load_rules

TOPIC_OPTIONS = load_rules().topic_options

RULES = load_rules()
CODES = [*sorted(RULES.countries), "EL", "UK", "xk", "QQ"]
ACTIONS = {pid: sorted(p.actions) for pid, p in RULES.programmes.items()}
TOPIC_KINDS = {k: v["kind"] for k, v in TOPIC_OPTIONS.items()}
ROLES = ["coordinator", "beneficiary", "affiliated-entity", "associated-partner"]
TYPES = [
    None,
    "university",
    "sme",
    "company",
    "public-procurer",
    "jrc",
    "international-organisation",
    "international-european-research-organisation",
    "eu-body",
]
FLAGS = sorted(RULES.flags)


@st.composite
def consortia(draw: st.DrawFn) -> dict[str, Any]:
    programme = draw(st.sampled_from(sorted(ACTIONS)))
    p = RULES.programme(programme)
    size = draw(st.integers(1, 9))
    # Sometimes two participants share a name: names identify participants only where controlled_by uses them.
    names = [f"P{i}" if draw(st.integers(0, 5)) else "Same Name" for i in range(size)]
    participants = []
    for i, name in enumerate(names):
        item: dict[str, Any] = {
            "name": name,
            "country": draw(st.sampled_from(CODES)),
            "role": draw(st.sampled_from(ROLES)),
        }
        kind = draw(st.sampled_from(TYPES))
        if kind:
            item["type"] = kind
        if draw(st.booleans()) and i:
            item["controlled_by"] = draw(st.sampled_from([*names, "Outside Holding"]))
        if draw(st.integers(0, 9)) == 0:
            item["flags"] = [draw(st.sampled_from(FLAGS))]
        participants.append(item)
    data: dict[str, Any] = {
        "programme": programme,
        "action": draw(st.sampled_from(ACTIONS[programme])),
        "call_year": draw(st.integers(p.first_call_year, p.last_call_year)),
        "participants": participants,
    }
    if draw(st.booleans()):
        data["deadline"] = f"{data['call_year'] + draw(st.integers(0, 1))}-0{draw(st.integers(1, 9))}-15"
    options = [o for o in p.topic_options if TOPIC_KINDS[o] == "bool"]
    if options and draw(st.integers(0, 3)) == 0:
        data["topic"] = {draw(st.sampled_from(options)): True}
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consortia())
def test_random_consortia_never_raise_anything_but_input_errors(data: dict[str, Any]) -> None:
    try:
        verdict = check(data)
    except InputError:
        return
    out = verdict.to_dict()
    errors = any(f["severity"] == "error" for f in out["findings"])
    # The outcome: an error makes it not eligible; else a condition to confirm makes it "eligible if".
    to_confirm = out["conditions_to_confirm"]
    assert out["outcome"] == ("not-eligible" if errors else "eligible-if" if to_confirm else "eligible")
    assert out["eligible"] is {"eligible": True, "eligible-if": None, "not-eligible": False}[out["outcome"]]
    warnings = {(f["rule"], f["message"]) for f in out["findings"] if f["severity"] == "warning"}
    assert {(c["rule"], c["message"]) for c in to_confirm} <= warnings
    assert out["headline"].startswith(
        {"eligible": "Eligible", "eligible-if": "Eligible if", "not-eligible": "Not"}[out["outcome"]]
    )
    assert set(out["critical_participants"]) <= {p["name"] for p in out["participants"]}


@settings(max_examples=200, deadline=None)
@given(consortia(), st.randoms(use_true_random=False))
def test_participant_order_never_changes_the_verdict(data: dict[str, Any], rnd: random.Random) -> None:
    try:
        first = check(data)
    except InputError:
        return
    names = [p["name"] for p in data["participants"]]
    if len(set(names)) < len(names) and any(p.get("controlled_by") in names for p in data["participants"]):
        return  # 'controlled by' a name two participants share refers to the first of them: order matters
    shuffled = {**data, "participants": rnd.sample(data["participants"], len(data["participants"]))}
    second = check(shuffled)
    assert first.outcome == second.outcome and first.headline == second.headline
    assert sorted(first.critical_participants) == sorted(second.critical_participants)
    outcome = sorted((p.name, p.funding, p.counts_towards_minimum) for p in first.participants)
    assert outcome == sorted((p.name, p.funding, p.counts_towards_minimum) for p in second.participants)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    consortia(),
    st.sampled_from(
        sorted(
            c
            for c in RULES.countries
            if RULES.eu_group(c, __import__("datetime").date(2025, 1, 1)) == ("member-state", c)
        )
    ),
)
def test_he_ria_composition_adding_an_independent_member_state_beneficiary_never_breaks_an_eligible_ria(
    data: dict[str, Any], member_state: str
) -> None:
    data = {
        **data,
        "programme": "horizon-europe",
        "action": "RIA",
        "call_year": min(max(data["call_year"], 2021), 2027),
    }
    data.pop("topic", None)
    try:
        before = check(data)
    except InputError:
        return
    if before.outcome == "not-eligible":
        return
    extra = {"name": "Newcomer", "country": member_state, "role": "beneficiary"}
    # Nor does it add a condition to confirm (no topic, no flag, no controller). It may settle one: a third
    # leg that held only if an overseas territory counted as its Member State is met by the newcomer.
    after = check({**data, "participants": [*data["participants"], extra]}).outcome
    assert after == before.outcome or (before.outcome, after) == ("eligible-if", "eligible")
