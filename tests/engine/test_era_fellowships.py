"""ERA Fellowships: MSCA Postdoctoral Fellowships hosted in a widening country (he.ERA-Fellowships.coordinator,
he.MSCA-PF.coordinator.widening).

Sources of the expected answers: the Widening work programme 2026-2027 (HE-WP-WIDERA26 pp. 34 and 50: "the host
organisation must be located in a Widening country"; the MSCA Postdoctoral Fellowships' conditions apply), the
2022 and 2023 topics (ERAF-TOPIC-2022, ERAF-TOPIC-2023), and the widening countries: the Member States of HE-REG
Art 2(17), the outermost regions, and the widening associated countries of HE-WP-WIDERA26 p. 6.
"""

from __future__ import annotations

from typing import Any

import cordis
import pytest
from support import he, rules_of

from horizon_eligibility import InputError, check, load_rules


def host(country: str) -> dict[str, Any]:
    return {"name": "Host", "country": country, "role": "coordinator", "type": "university"}


# Not widening: Germany and the Netherlands (HE-REG Art 2(17) does not list them).
NOT_WIDENING = ["DE", "NL"]
# Widening: Portugal and Czechia (HE-REG Art 2(17)); Serbia and Türkiye (associated, HE-WP-WIDERA26 p. 6); the
# Canary Islands (an outermost region).
WIDENING = ["PT", "CZ", "RS", "TR", "ES-CN"]


@pytest.mark.parametrize("country", NOT_WIDENING)
def test_he_msca_pf_coordinator_widening_german_or_dutch_host_in_an_era_fellowships_call(country: str) -> None:
    # The 2023 ERA Fellowships call (HORIZON-WIDERA-2023-TALENTS-02-01, CORDIS: 59 fellowships of scheme
    # MSCA-PF-EF) and the part given without a call identifier.
    for extra in ({"call_id": "HORIZON-WIDERA-2023-TALENTS-02-01"}, {"part": "widening"}):
        verdict = he("MSCA-PF", 2023, host(country), **extra)
        assert not verdict.eligible
        assert "he.MSCA-PF.coordinator.widening" in rules_of(verdict, "error")
        assert any("widening country" in s for s in verdict.suggestions)


def test_he_msca_pf_coordinator_widening_with_the_call_id_of_the_issue() -> None:
    # HORIZON-WIDERA-2023-TALENTS-01-01 is the ERA Chairs call of 2023 (CORDIS: 38 CSA grants), but given with
    # MSCA-PF it is still a call of the Widening part: the host rule of ERA Fellowships applies.
    verdict = he("MSCA-PF", 2023, host("DE"), call_id="HORIZON-WIDERA-2023-TALENTS-01-01")
    assert not verdict.eligible
    assert "he.MSCA-PF.coordinator.widening" in rules_of(verdict, "error")


@pytest.mark.parametrize("country", WIDENING)
def test_he_msca_pf_coordinator_widening_host_in_a_widening_country(country: str) -> None:
    verdict = he("MSCA-PF", 2023, host(country), call_id="HORIZON-WIDERA-2023-TALENTS-02-01")
    assert verdict.eligible, [f.message for f in verdict.findings if f.severity == "error"]


def test_he_msca_pf_in_pillar_1_takes_any_member_state_host() -> None:
    # The MSCA Postdoctoral Fellowships themselves: a host in a Member State or associated country (HE-WP-MSCA26).
    verdict = he("MSCA-PF", 2023, host("DE"), call_id="HORIZON-MSCA-2023-PF-01-01")
    assert verdict.eligible
    assert "he.MSCA-PF.coordinator.widening" not in rules_of(verdict)


@pytest.mark.parametrize("year", [2022, 2025, 2027])
@pytest.mark.parametrize("country", NOT_WIDENING)
def test_he_era_fellowships_coordinator_not_widening(country: str, year: int) -> None:
    verdict = he("ERA-Fellowships", year, host(country))
    assert not verdict.eligible
    assert "he.ERA-Fellowships.coordinator" in rules_of(verdict, "error")


@pytest.mark.parametrize("year", [2022, 2025, 2027])
@pytest.mark.parametrize("country", WIDENING)
def test_he_era_fellowships_coordinator_widening(country: str, year: int) -> None:
    assert he("ERA-Fellowships", year, host(country)).eligible


def test_he_era_fellowships_max_beneficiaries_as_msca_pf() -> None:
    # "The proposals ... must fulfil all the admissibility and eligibility conditions of the MSCA Postdoctoral
    # Fellowships" (HE-WP-WIDERA26 p. 35): one beneficiary.
    second = {"name": "Second", "country": "PT", "role": "beneficiary"}
    assert "he.ERA-Fellowships.max-beneficiaries" in rules_of(he("ERA-Fellowships", 2025, host("PT"), second), "error")


def test_he_era_fellowships_is_bound_to_the_widening_part() -> None:
    with pytest.raises(InputError, match="part"):
        he("ERA-Fellowships", 2025, host("PT"), part="pillar-1")


@pytest.mark.parametrize("year", [2022, 2023, 2025, 2026])
def test_era_fellowships_and_msca_pf_in_the_widening_part_agree(year: int) -> None:
    """Two ways to say "ERA Fellowship" give the same verdict for every country (a differential test)."""
    for code in sorted(load_rules().countries):
        era = he("ERA-Fellowships", year, host(code))
        pf = he("MSCA-PF", year, host(code), part="widening")
        assert era.eligible == pf.eligible, (code, year)


def test_every_era_fellowship_in_cordis_is_eligible() -> None:
    """The ERA Fellowships the EU signed (CORDIS: scheme MSCA-PF-EF in a WIDERA call), checked as the action
    ERA-Fellowships, are eligible; the three hosted in the Canary Islands are recorded as ES by CORDIS and are
    eligible as ES-CN (Universidad de Las Palmas de Gran Canaria, Instituto de Astrofisica de Canarias)."""
    canary = {"101090291", "101090322", "101180670"}
    checked = 0
    for project in cordis.load_he_projects():
        if not (project.call.startswith("HORIZON-WIDERA") and project.scheme == "HORIZON-TMA-MSCA-PF-EF"):
            continue
        data = cordis.to_input(project)
        data["action"] = "ERA-Fellowships"
        if project.id in canary:
            for p in data["participants"]:
                if p["role"] == "coordinator":
                    assert p["country"] == "ES"
                    p["country"] = "ES-CN"
        errors = {f.rule for f in check(data).findings if f.severity == "error"}
        # A second beneficiary is a change of host after signature (the CORDIS test lists those grants).
        if any(p["role"] == "beneficiary" for p in data["participants"]):
            errors.discard("he.ERA-Fellowships.max-beneficiaries")
        assert not errors, (project.id, errors)
        checked += 1
    assert checked == 243  # 52 + 78 (2022), 59 (2023), 54 (2024)
