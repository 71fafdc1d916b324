"""Participants given by PIC: name, country and type from the organisation directory (CORDIS), and what
the verdict says about it (rules <prefix>.input.from-directory, .input.directory-differs,
.input.directory-type-uncertain).

Expected values come from CORDIS-HE (he_organizations.csv, snapshot 2025-12-06): the organisation's name,
country, activity type and SME flag for its PIC. The verdict for a participant given by PIC is held equal to
the verdict for the same participant typed in full.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from horizon_eligibility import InputError, check, compare_years, worker
from horizon_eligibility import directory as directory_module
from horizon_eligibility.csv_input import parse_csv

FRAUNHOFER = "999984059"  # FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV, DE, REC, SME false
CNRS = "999997930"  # CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS, FR, REC, SME false
KU_LEUVEN = "999991334"  # KATHOLIEKE UNIVERSITEIT LEUVEN, BE, HES, SME false
# Public bodies (PUB, SME false): REGION HOVEDSTADEN (DK), SERVICIO MADRILENO DE SALUD (ES), Lietuvos mokslo
# taryba (LT).
PUBLIC_BODIES = ("999654744", "999481987", "997808446")
NO_SME_FLAG = "951967507"  # Orgentis Chemicals GmbH, DE, PRC, SME flag not recorded
CERTH = "998802502"  # ETHNIKO KENTRO EREVNAS KAI TECHNOLOGIKIS ANAPTYXIS, EL (Greece), REC
# AIMPLAS - ASOCIACION DE INVESTIGACION DE MATERIALES PLASTICOS Y CONEXAS, ES, REC with the SME flag set in every
# one of its Horizon Europe participations.
SME_AND_RESEARCH = "999513415"


def call(
    action: str, *participants: dict[str, Any], programme: str = "horizon-europe", year: int = 2025
) -> dict[str, Any]:
    return {"programme": programme, "action": action, "call_year": year, "participants": list(participants)}


def rules_of(verdict: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [f for f in verdict["findings"] if f["rule"] == rule]


def test_he_input_from_directory_a_pic_alone_is_checked_with_cordis_country_and_type() -> None:
    data = call(
        "RIA",
        {"pic": FRAUNHOFER, "role": "coordinator"},
        {"pic": CNRS, "role": "beneficiary"},
        {"pic": KU_LEUVEN, "role": "beneficiary"},
    )
    verdict = check(data).to_dict()
    got = [(p["name"], p["country"], p["type"]) for p in verdict["participants"]]
    assert got == [
        ("FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV", "DE", "research-organisation"),
        ("CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS", "FR", "research-organisation"),
        ("KATHOLIEKE UNIVERSITEIT LEUVEN", "BE", "university"),
    ]
    notes = rules_of(verdict, "he.input.from-directory")
    assert len(notes) == 3 and all(n["severity"] == "info" and n["sources"] == ["CORDIS-HE"] for n in notes)
    assert "country DE and type research organisation from CORDIS (2025-12-06), PIC 999984059" in notes[0]["message"]
    assert "CORDIS-HE" in verdict["sources"]
    assert data["participants"][0] == {"pic": FRAUNHOFER, "role": "coordinator"}  # the input is not changed


def test_a_pic_gives_the_verdict_of_the_participant_typed_in_full() -> None:
    """Differential: the same consortium, once by PIC and once typed as CORDIS records it."""
    typed = [
        {
            "name": "FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV",
            "country": "DE",
            "type": "research-organisation",
        },
        {"name": "CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS", "country": "FR", "type": "research-organisation"},
        {"name": "KATHOLIEKE UNIVERSITEIT LEUVEN", "country": "BE", "type": "university"},
    ]
    roles = ["coordinator", "beneficiary", "beneficiary"]
    for action in ("RIA", "MSCA-DN", "EIC-Pathfinder-Open", "ERC-SyG"):
        by_pic = check(
            call(action, *({"pic": p, "role": r} for p, r in zip((FRAUNHOFER, CNRS, KU_LEUVEN), roles, strict=True)))
        ).to_dict()
        in_full = check(call(action, *({**t, "role": r} for t, r in zip(typed, roles, strict=True)))).to_dict()
        by_pic["findings"] = [f for f in by_pic["findings"] if not f["rule"].startswith("he.input.")]
        by_pic["sources"].pop("CORDIS-HE")
        assert by_pic == in_full, action


def test_he_input_directory_differs_the_input_wins_and_a_warning_says_so() -> None:
    verdict = check(
        call(
            "RIA",
            {"pic": FRAUNHOFER, "role": "coordinator", "country": "AT", "type": "company"},
            {"pic": CNRS, "role": "beneficiary", "country": "FR"},
            {"pic": KU_LEUVEN, "role": "beneficiary", "name": "KU Leuven"},
        )
    ).to_dict()
    first = verdict["participants"][0]
    assert (first["country"], first["type"]) == ("AT", "company")
    differs = rules_of(verdict, "he.input.directory-differs")
    assert [(d["severity"], d["participants"]) for d in differs] == [
        ("warning", ["FRAUNHOFER GESELLSCHAFT ZUR FORDERUNG DER ANGEWANDTEN FORSCHUNG EV"])
    ] * 2
    assert "country AT, but CORDIS (2025-12-06) records DE" in differs[0]["message"]
    assert "type company, but CORDIS (2025-12-06) records research organisation" in differs[1]["message"]
    assert verdict["participants"][2]["name"] == "KU Leuven"  # a name given is kept
    # CORDIS writes Greece EL: EL, GR and gr given are the same country, not a difference.
    for given in ("EL", "GR", "gr"):
        greek = check(call("RIA", {"pic": CERTH, "role": "coordinator", "country": given})).to_dict()
        assert not rules_of(greek, "he.input.directory-differs"), given
    assert check(call("RIA", {"pic": CERTH, "role": "coordinator"})).to_dict()["participants"][0]["country"] == "GR"


def test_h2020_input_from_directory_in_horizon_2020_checks() -> None:
    verdict = check(
        call(
            "RIA",
            {"pic": FRAUNHOFER, "role": "coordinator"},
            {"pic": CNRS, "role": "beneficiary"},
            {"pic": KU_LEUVEN, "role": "beneficiary"},
            programme="horizon-2020",
            year=2018,
        )
    ).to_dict()
    assert verdict["eligible"] is True
    assert len(rules_of(verdict, "h2020.input.from-directory")) == 3


def test_he_input_directory_type_uncertain_public_bodies_in_a_buyers_group() -> None:
    """CORDIS has no category for public procurers: three public bodies make no PCP buyers' group as public
    bodies, and would as public procurers; the verdict says so, and as the type is CORDIS's reading, not the
    person's, it is "eligible if" that type is confirmed (README, participants given by PIC)."""
    data = call(
        "PCP",
        *({"pic": pic, "role": "coordinator" if i == 0 else "beneficiary"} for i, pic in enumerate(PUBLIC_BODIES)),
    )
    verdict = check(data).to_dict()
    assert verdict["outcome"] == "eligible-if" and verdict["eligible"] is None
    uncertain = rules_of(verdict, "he.input.directory-type-uncertain")
    assert len(uncertain) == 1 and uncertain[0]["severity"] == "warning"
    assert (
        "public procurer" in uncertain[0]["message"] and "the consortium would be eligible" in uncertain[0]["message"]
    )
    assert len(uncertain[0]["participants"]) == 3
    # Given as public procurers, they make one, with a note that CORDIS records public bodies.
    chosen = [
        {"pic": pic, "role": "coordinator" if i == 0 else "beneficiary", "type": "public-procurer"}
        for i, pic in enumerate(PUBLIC_BODIES)
    ]
    verdict = check(call("PCP", *chosen)).to_dict()
    assert verdict["eligible"] is True
    assert not rules_of(verdict, "he.input.directory-type-uncertain") and not rules_of(
        verdict, "he.input.directory-differs"
    )
    assert "Type public procurer as given" in rules_of(verdict, "he.input.from-directory")[0]["message"]


def errors(verdict: dict[str, Any]) -> list[str]:
    return sorted(f["rule"] for f in verdict["findings"] if f["severity"] == "error")


STADT_WIEN, REGION_SKANE = "998030091", "998165794"  # public bodies (PUB) in AT and SE
ESS_ERIC = "919998053"  # EUROPEAN SPALLATION SOURCE ERIC, SE, PUB


def test_he_input_directory_type_uncertain_is_a_condition_where_it_alone_makes_the_consortium_not_eligible() -> None:
    """A PCP buyers' group needs two independent public procurers in two Member States or associated countries
    (HE-GA26, PCP). CORDIS records the city and the region as public bodies and cannot say whether they are
    public procurers: not eligible only on that reading, the verdict is "eligible if" (the documented policy),
    and it equals the verdict for the same consortium with the type public procurer given, but for the
    condition. The person's own type stays decisive: given as public bodies, not eligible."""
    third = {"name": "C", "country": "IT", "role": "beneficiary"}
    by_pic = [{"pic": STADT_WIEN, "role": "coordinator"}, {"pic": REGION_SKANE, "role": "beneficiary"}]
    verdict = check(call("PCP", *by_pic, third)).to_dict()
    assert verdict["outcome"] == "eligible-if" and verdict["eligible"] is None
    assert verdict["headline"].startswith("Eligible if 1 condition is confirmed")
    assert [c["rule"] for c in verdict["conditions_to_confirm"]] == ["he.input.directory-type-uncertain"]
    assert not [f for f in verdict["findings"] if f["severity"] == "error"]
    given = check(call("PCP", *({**p, "type": "public-procurer"} for p in by_pic), third)).to_dict()
    assert given["outcome"] == "eligible"
    assert errors(verdict) == errors(given) == []
    assert [p["counts_towards_minimum"] for p in verdict["participants"]] == [
        p["counts_towards_minimum"] for p in given["participants"]
    ]
    public = check(call("PCP", *({**p, "type": "public-body"} for p in by_pic), third)).to_dict()
    assert public["outcome"] == "not-eligible"
    assert "he.PCP.composition.public-procurer" in errors(public)
    assert not rules_of(public, "he.input.directory-type-uncertain")


def test_he_input_directory_type_uncertain_an_eric_may_be_created_under_union_law() -> None:
    """Entities created under Union law are deemed established in a Member State other than the others'
    (HE-REG Art 22(9)); an ERIC is set up under Union law, but no source read says it counts as one. With a
    Swedish coordinator and a German partner, the Swedish ERIC is a third country only on that reading: the
    verdict is eligible if it is confirmed, citing HE-REG; with a third country of its own, no warning."""
    two = [{"name": "U", "country": "SE", "role": "coordinator"}, {"name": "B", "country": "DE", "role": "beneficiary"}]
    verdict = check(call("RIA", *two, {"pic": ESS_ERIC, "role": "beneficiary"})).to_dict()
    assert verdict["outcome"] == "eligible-if"
    (uncertain,) = verdict["conditions_to_confirm"]
    assert uncertain["rule"] == "he.input.directory-type-uncertain" and "HE-REG" in uncertain["sources"]
    assert "European Research Infrastructure Consortium (ERIC)" in uncertain["message"]
    assert "created under Union law" in uncertain["message"]
    given = check(call("RIA", *two, {"pic": ESS_ERIC, "role": "beneficiary", "type": "public-body"})).to_dict()
    assert given["outcome"] == "not-eligible"
    four = [*two, {"name": "F", "country": "FR", "role": "beneficiary"}, {"pic": ESS_ERIC, "role": "beneficiary"}]
    assert not rules_of(check(call("RIA", *four)).to_dict(), "he.input.directory-type-uncertain")


def test_he_input_directory_type_uncertain_a_company_whose_sme_status_is_not_recorded() -> None:
    verdict = check(call("EIC-Accelerator", {"pic": NO_SME_FLAG, "role": "coordinator"})).to_dict()
    uncertain = rules_of(verdict, "he.input.directory-type-uncertain")
    assert len(uncertain) == 1
    assert "does not record whether this company is an SME" in uncertain[0]["message"]
    assert "he.EIC-Accelerator.beneficiary-types.sme would go" in uncertain[0]["message"]


def test_he_input_directory_type_uncertain_is_a_condition_to_confirm_where_the_other_type_fails() -> None:
    """An EIC Accelerator applicant must be an SME (HE-WP-EIC): CORDIS records this one as an SME and as a
    research organisation. Read as an SME the consortium is eligible; read as a research organisation it would
    not be: the verdict is "eligible if" that type is confirmed, never plainly eligible on CORDIS's word."""
    data = call("EIC-Accelerator", {"pic": SME_AND_RESEARCH, "role": "coordinator"})
    verdict = check(data).to_dict()
    assert verdict["participants"][0]["type"] == "sme"
    assert verdict["outcome"] == "eligible-if" and verdict["eligible"] is None
    assert [c["rule"] for c in verdict["conditions_to_confirm"]] == ["he.input.directory-type-uncertain"]
    assert verdict["headline"].startswith("Eligible if 1 condition is confirmed")
    assert "the consortium would not be eligible" in verdict["conditions_to_confirm"][0]["message"]
    # The type given settles it: eligible as an SME, not eligible as a research organisation.
    given = check(call("EIC-Accelerator", {"pic": SME_AND_RESEARCH, "role": "coordinator", "type": "sme"})).to_dict()
    assert given["outcome"] == "eligible" and not rules_of(given, "he.input.directory-type-uncertain")
    other = {"pic": SME_AND_RESEARCH, "role": "coordinator", "type": "research-organisation"}
    assert check(call("EIC-Accelerator", other)).to_dict()["outcome"] == "not-eligible"


def test_an_uncertain_type_that_changes_nothing_is_not_a_warning() -> None:
    data = call(
        "RIA",
        {"pic": PUBLIC_BODIES[0], "role": "coordinator"},
        {"pic": CNRS, "role": "beneficiary"},
        {"pic": KU_LEUVEN, "role": "beneficiary"},
    )
    assert not rules_of(check(data).to_dict(), "he.input.directory-type-uncertain")


@pytest.mark.parametrize(
    ("pic", "message"),
    [
        ("123456789", "Participant 2, PIC: 123456789 is the PIC of no organisation in the CORDIS directory"),
        ("99998405", "Participant 2, PIC: '99998405' is not a PIC: a PIC has nine ASCII digits (0 to 9)."),
        ("PIC 999984059", "Participant 2, PIC: 'PIC 999984059' is not a PIC"),
        # Full-width digits read as a number by Python, but a PIC is written in ASCII digits (README, "Input").
        (
            "\uff19" * 9,
            "Participant 2, PIC: '\uff19\uff19\uff19\uff19\uff19\uff19\uff19\uff19\uff19' is not a PIC: a PIC has nine",
        ),
        (True, "Participant 2, PIC: is true/false; a PIC of nine digits is expected."),
        ([FRAUNHOFER], "Participant 2, PIC: is a list; a PIC of nine digits is expected."),
    ],
)
def test_a_bad_or_unknown_pic_is_bad_input_naming_the_field(pic: Any, message: str) -> None:
    with pytest.raises(InputError) as caught:
        check(call("RIA", {"name": "A", "country": "DE", "role": "coordinator"}, {"pic": pic, "role": "beneficiary"}))
    # Only the PIC's problem: the name and country it would have given are not asked for as well.
    assert [(e.path, e.field) for e in caught.value.errors] == [("participants[1].pic", "pic")]
    assert caught.value.errors[0].message.startswith(message)
    assert caught.value.errors[0].hint


def test_a_bad_pic_is_said_with_every_other_problem_at_once() -> None:
    with pytest.raises(InputError) as caught:
        check(
            call(
                "RIA",
                {"name": "A", "country": "Atlantis", "role": "coordinator"},
                {"pic": "123456789", "name": "Lab B", "role": "chief"},
                {"pic": "12", "country": "Narnia", "role": "beneficiary"},
            )
        )
    assert [e.path for e in caught.value.errors] == [
        "participants[0].country",
        "participants[1].pic",
        "participants[1].role",
        "participants[2].pic",
        "participants[2].country",
    ]
    by_path = {e.path: e.message for e in caught.value.errors}
    assert by_path["participants[1].pic"].startswith("Participant 2 (Lab B), PIC: 123456789 is the PIC of no")
    assert by_path["participants[2].country"] == "Participant 3, country: 'Narnia' is not a country we know."


def test_a_pic_as_a_number_is_read_as_yaml_writes_it() -> None:
    verdict = check(call("RIA", {"pic": int(FRAUNHOFER), "role": "coordinator"})).to_dict()
    assert verdict["participants"][0]["country"] == "DE"


def test_without_a_directory_a_pic_is_refused_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(directory_module, "_installed", None)
    monkeypatch.setattr(directory_module, "PACKAGE_FILE", directory_module.PACKAGE_FILE.with_name("absent.gz"))
    with pytest.raises(InputError, match="organisation directory is not available"):
        check(call("RIA", {"pic": FRAUNHOFER, "role": "coordinator"}))
    check(call("RIA", {"name": "A", "country": "DE", "role": "coordinator"}))  # no PIC: no directory needed


def test_a_csv_with_a_pic_column_needs_only_the_role() -> None:
    participants = parse_csv(f"pic;role\n{FRAUNHOFER};coordinator\n{CNRS};beneficiary\n")
    assert participants == [{"pic": FRAUNHOFER, "role": "coordinator"}, {"pic": CNRS, "role": "beneficiary"}]
    verdict = check(call("RIA", *participants)).to_dict()
    assert [p["country"] for p in verdict["participants"]] == ["DE", "FR"]
    with pytest.raises(InputError, match="lacks the column"):
        parse_csv("name,role\nA,coordinator\n")


def test_compare_years_and_the_worker_read_pics_too() -> None:
    data = call(
        "RIA",
        {"pic": FRAUNHOFER, "role": "coordinator"},
        {"pic": CNRS, "role": "beneficiary"},
        {"pic": KU_LEUVEN, "role": "beneficiary"},
    )
    comparison = compare_years(data, [2024, 2025])
    assert [p["country"] for p in comparison["participants"]] == ["DE", "FR", "BE"]
    reply = json.loads(worker.check(json.dumps(data)))
    assert reply["ok"] and reply["verdict"]["participants"][0]["type"] == "research-organisation"
    bad = json.loads(worker.check(json.dumps(call("RIA", {"pic": "123456789", "role": "coordinator"}))))
    assert bad["ok"] is False and [e["path"] for e in bad["errors"]] == ["participants[0].pic"]
