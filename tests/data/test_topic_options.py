"""Topic options are data (data/topic_options.yaml): a new yes/no option that lifts a restriction needs no code."""

from __future__ import annotations

from typing import Any

import pytest

from build_scripts.rules import compile as compile_rules
from horizon_eligibility import check
from horizon_eligibility.rules import Rules
from tests.data.helpers import DataCopy


def _russian_partner(topic: dict[str, Any]) -> dict[str, Any]:
    return {
        "programme": "horizon-europe",
        "action": "RIA",
        "call_year": 2025,
        "participants": [
            {"name": "A", "country": "DE", "role": "coordinator"},
            {"name": "B", "country": "FR", "role": "beneficiary"},
            {"name": "C", "country": "IT", "role": "beneficiary"},
            {"name": "Moscow", "country": "RU", "role": "beneficiary"},
        ],
        "topic": topic,
    }


def test_a_new_option_that_lifts_a_restriction_is_a_data_change(data_copy: DataCopy) -> None:
    # A made-up option, declared in the data only, that the Russia restriction names as lifting it.
    data_copy.edit(
        "topic_options.yaml",
        "  composition:\n",
        "  made_up_exemption:\n"
        '    label: "Made-up exemption"\n'
        "    kind: bool\n"
        '    takes: ["true"]\n'
        '    help: "For this test."\n'
        "    programmes: [horizon-europe]\n"
        "    sources: [HE-GA26]\n"
        "  composition:\n",
    )
    data_copy.edit(
        "horizon-europe/restrictions.yaml", "  - id: russia\n", "  - id: russia\n    unless_topic: made_up_exemption\n"
    )
    compiled = compile_rules.compile_rules()
    rules = Rules(compiled)  # type: ignore[arg-type]
    assert compiled["topic_options"]["made_up_exemption"]["lifts"] == ["he.restriction.russia"]
    # HE-GA26: entities established in Russia may not take part; the made-up option lifts that, as declared.
    rules_of = {f.rule for f in check(_russian_partner({}), rules).findings}
    assert "he.restriction.russia" in rules_of
    lifted = check(_russian_partner({"made_up_exemption": True}), rules)
    assert "he.restriction.russia" not in {f.rule for f in lifted.findings}
    assert "made_up_exemption" in rules.programme("horizon-europe").topic_options


def test_an_option_for_an_unknown_programme_is_refused(data_copy: DataCopy) -> None:
    data_copy.edit("topic_options.yaml", "programmes: [horizon-2020]\n", "programmes: [horizon-2030]\n")
    with pytest.raises(compile_rules.DataError, match="unknown programme 'horizon-2030'"):
        compile_rules.compile_rules()
