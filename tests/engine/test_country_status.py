"""country_status(): the status every page, the CSV and `countries` publish is what check() decides.

The differential test runs check() with a Rules object of its own (no memo shared with country_status)
on an otherwise eligible consortium, for every country x programme x call year x part, in a representative
action of each part (the reference action, the CSA, and the part's own: MSCA and the ERC in Pillar I, the EIC
in Pillar III), for the deadline on either side of a date where one decides, and in the actions a
restriction on the country covers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from importlib import resources
from typing import Any

import pytest

from horizon_eligibility import InputError, check, country_status, load_rules, status_class
from horizon_eligibility.cli import main as cli_main
from horizon_eligibility.rules import Rules, parse_rules
from horizon_eligibility.status import Outcome

RULES = load_rules()
PROGRAMMES = list(RULES.programmes)


@pytest.fixture(scope="module")
def separate_rules() -> Rules:
    rules = parse_rules(resources.files("horizon_eligibility").joinpath("rules.json").read_text(encoding="utf-8"))
    assert rules is not RULES
    return rules


def _as_checked(
    rules: Rules,
    programme: str,
    action: str,
    year: int,
    part: str,
    code: str,
    deadline: str | None,
    flags: tuple[str, ...] = (),
) -> Any:
    data: dict[str, Any] = {
        "programme": programme,
        "action": action,
        "call_year": year,
        "part": part,
        "participants": [
            {"name": "Coordinator DE", "country": "DE", "role": "coordinator"},
            {"name": "Partner FR", "country": "FR", "role": "beneficiary"},
            {"name": "Partner IT", "country": "IT", "role": "beneficiary"},
            {"name": "Subject", "country": code, "role": "beneficiary", "flags": list(flags)},
        ],
    }
    if deadline:
        data["deadline"] = deadline
    verdict = check(data, rules)
    result = verdict.participants[3]
    return verdict, Outcome(result.status, result.counts_towards_minimum, result.funding, result.reason)


# A representative action of each part, besides the reference action (RIA) and the Coordination and Support
# Action, which every part has: the actions of the part itself (programme.yaml, actions.yaml: HE-REG Art 1 and
# the work programmes name MSCA and the ERC in Pillar I, the EIC in Pillar III, Teaming in Widening; H2020's
# Regulation 1291/2013 Annex I puts MSCA in Excellent Science, the SME Instrument in Industrial Leadership).
# The published status without an action must say what check() says in each of them.
REPRESENTATIVE = {
    "horizon-europe": {
        "pillar-1": ("MSCA-DN", "ERC-StG"),
        "pillar-2": (),
        "pillar-3": ("EIC-Pathfinder-Open",),
        "widening": ("Teaming",),
    },
    "horizon-2020": {
        "excellent-science": ("MSCA-ITN-ETN", "ERC-StG"),
        "industrial-leadership": ("SME-Instrument",),
        "societal-challenges": (),
        "science-with-society": (),
        "spreading-excellence": ("Teaming",),
    },
}


def representative_actions(programme: str, part: str) -> tuple[str, ...]:
    return (RULES.programme(programme).reference_action, "CSA", *REPRESENTATIVE[programme][part])


def test_every_part_has_its_representative_actions() -> None:
    for programme in PROGRAMMES:
        p = RULES.programme(programme)
        assert set(REPRESENTATIVE[programme]) == set(p.parts), programme
        for part in p.parts:
            for action in representative_actions(programme, part):
                assert part in p.actions[action]["allowed_parts"], (programme, part, action)


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_published_status_equals_check_for_every_country_year_part_and_representative_action(
    programme: str, separate_rules: Rules
) -> None:
    """What a page, the map and the CSV publish for a year and part (no action) is what check() says for a
    beneficiary in each representative action of that part: the reference action where no restriction on
    the country covers it, its own outcome where one does (China 2026: excluded from RIAs, not from MSCA)."""
    p = RULES.programme(programme)
    compared = 0
    for year in range(p.first_call_year, p.last_call_year + 1):
        for part in p.parts:
            actions = representative_actions(programme, part)
            for code in RULES.countries:
                published = country_status(programme, year, part, code)
                where = f"{programme} {year} {part} {code}"
                assert published.action is None, where
                for action in actions:
                    verdict, checked = _as_checked(separate_rules, programme, action, year, part, code, None)
                    assert checked == published.outcome_in(action), f"{where} {action}"
                    if published.outcome_in(action).funding == "excluded":
                        assert verdict.outcome == "not-eligible", f"{where} {action}"
                    elif action == p.reference_action:  # the three partners meet its minimum conditions
                        # Eligible, or eligible if a condition is confirmed (entities in Hong Kong in a 2026 RIA).
                        assert verdict.outcome != "not-eligible", f"{where} {action}"
                    compared += 1
                # The outcome published without an action is that of an action no restriction covers.
                unrestricted = [a for a in actions if all(o.action != a for o in published.other_actions)]
                assert unrestricted, where
                assert published.outcome == published.outcome_in(unrestricted[0]), where
                split = published.depends_on_deadline
                if split:
                    day_before = _day_before(split.date)
                    _, before = _as_checked(separate_rules, programme, unrestricted[0], year, part, code, day_before)
                    _, after = _as_checked(separate_rules, programme, unrestricted[0], year, part, code, split.date)
                    assert before == split.before and after == split.from_date, where
                for other in published.other_actions:
                    _, in_other = _as_checked(separate_rules, programme, other.action, year, part, code, None)
                    assert in_other == other.outcome, f"{where} {other.action}"
    years = p.last_call_year - p.first_call_year + 1
    assert compared == years * len(RULES.countries) * sum(len(representative_actions(programme, x)) for x in p.parts)


def _day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def test_published_status_shows_action_specific_restrictions_as_such() -> None:
    """he.restriction.china-innovation-actions (HE-GA26, HE-PG: Innovation Actions from the 2023 calls) and
    he.restriction.china-research-and-innovation-actions (HE-GA26: most RIAs from 2026, unless the topic is in
    an exempt destination): China is excluded from those actions only; elsewhere (MSCA, CSAs, the EIC) it is
    a third country whose entities are not automatically funded (never on the funding list: SEED-002,
    SEED-003, HE-GA26)."""
    china = country_status("horizon-europe", 2023, "pillar-2", "CN")
    assert china.funding == "not-eligible"
    assert [(o.action, o.outcome.funding) for o in china.other_actions] == [("IA", "excluded")]
    assert status_class(china) == "excluded-from-some-actions"
    for part in ("pillar-1", "pillar-2", "pillar-3", "widening"):
        china = country_status("horizon-europe", 2026, part, "CN")
        assert (china.status, china.funding, china.restrictions) == ("third-country", "not-eligible", ()), part
        excluded = {o.action: (o.outcome.funding, o.unless_topic) for o in china.excluded_from}
        assert excluded == {"IA": ("excluded", ()), "RIA": ("excluded", ("china_ria_exempt",))}, part
        assert status_class(china) == "excluded-from-some-actions", part
    in_ria = country_status("horizon-europe", 2026, "pillar-2", "CN", "RIA")
    assert in_ria.funding == "excluded" and in_ria.restrictions == ("china-research-and-innovation-actions",)
    assert in_ria.elsewhere.funding == "not-eligible" and status_class(in_ria) == "excluded"
    assert country_status("horizon-europe", 2026, None, "CN", "MSCA-DN").funding == "not-eligible"
    assert status_class(country_status("horizon-europe", 2022, "pillar-2", "CN")) == "third-country"
    # Russia is excluded from every action (HE-GA26, EC-RUSSIA): no action is listed as an exception.
    russia = country_status("horizon-europe", 2025, "pillar-1", "RU")
    assert russia.funding == "excluded" and not russia.other_actions and status_class(russia) == "excluded"


def test_published_status_says_when_the_deadline_decides() -> None:
    russia = country_status("horizon-europe", 2021, "pillar-2", "RU")
    assert russia.depends_on_deadline is not None
    assert russia.depends_on_deadline.date == "2022-03-04"
    assert russia.depends_on_deadline.before.funding == "not-eligible"
    assert russia.depends_on_deadline.from_date.funding == "excluded"
    assert country_status("horizon-europe", 2021, "pillar-2", "RU", deadline="2021-10-06").funding == "not-eligible"
    assert country_status("horizon-europe", 2023, "pillar-2", "RU").depends_on_deadline is None


def test_published_status_accepts_eu_codes_and_rejects_bad_input() -> None:
    assert country_status("horizon-europe", 2024, None, "EL").code == "GR"
    with pytest.raises(InputError, match="'ZZ' is not a country we know"):
        country_status("horizon-europe", 2024, None, "ZZ")
    with pytest.raises(InputError, match="outside Horizon Europe"):
        country_status("horizon-europe", 2031, None, "DE")
    with pytest.raises(InputError, match="'pillar-9' is not a part of Horizon Europe"):
        country_status("horizon-europe", 2024, "pillar-9", "DE")


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_published_status_for_an_action_without_a_part_is_that_actions_part(
    programme: str, separate_rules: Rules
) -> None:
    """`countries CODE --action MSCA-PF`: the part is the action's usual one, as check() assumes (Korea is
    associated in Pillar II only, so not for an MSCA host)."""
    p = RULES.programme(programme)
    year = p.last_call_year
    for action, spec in p.actions.items():
        part = spec["default_part"]
        for code in RULES.countries:
            published = country_status(programme, year, None, code, action)
            assert published.part == part, (action, code)
            _, checked = _as_checked(separate_rules, programme, action, year, part, code, None)
            assert checked.status == published.status and checked.funding == published.funding, (action, code)
    korea = country_status("horizon-europe", 2025, None, "KR", "MSCA-PF")
    assert korea.status == "third-country" and not korea.counts_towards_minimum


def test_countries_command_says_which_actions_a_restriction_covers(capsys: pytest.CaptureFixture[str]) -> None:
    """he.restriction.china-research-and-innovation-actions, he.restriction.china-innovation-actions (HE-GA26):
    the command line's line for China 2026 names both actions and the topic option that lifts the RIA one."""
    assert cli_main(["countries", "CN", "--year", "2026"]) == 0
    line = capsys.readouterr().out.splitlines()[1]
    assert "funding: not-eligible" in line and "in Innovation Actions: excluded" in line, line
    assert "in Research and Innovation Actions: excluded (unless the topic sets china_ria_exempt)" in line, line
    assert cli_main(["countries", "CN", "--year", "2026", "--action", "RIA", "--format", "json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["funding"] == "excluded" and row["elsewhere"]["funding"] == "not-eligible"
    assert row["restrictions"] == ["china-research-and-innovation-actions"]


def _beneficiary_rules(programme: str) -> dict[str, list[str]]:
    """The actions with a rule on where every beneficiary is established (a CSA's, MSCA Staff Exchanges', the
    Horizon 2020 Fast Track to Innovation's), and those rules' kinds of id."""
    p = RULES.programme(programme)
    found: dict[str, list[str]] = {}
    for action_id, action in p.actions.items():
        for condition in action["conditions"]:
            if condition["kind"] == "beneficiaries-established" and condition["max_outside"] == 0:
                found.setdefault(action_id, []).append(condition["text"])
    return found


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_published_status_as_beneficiary_equals_check_for_every_country_year_and_action_with_such_a_rule(
    programme: str, separate_rules: Rules
) -> None:
    """`countries KE --action CSA` says what check() says of a Kenyan beneficiary of that action: the action's rule
    on where beneficiaries are established, with the same rule ids and severities (the same decision path)."""
    p = RULES.programme(programme)
    actions = _beneficiary_rules(programme)
    assert actions, programme
    for action in actions:
        part = p.actions[action]["default_part"]
        for year in range(p.first_call_year, p.last_call_year + 1):
            for code in RULES.countries:
                published = country_status(programme, year, part, code, action)
                verdict, _ = _as_checked(separate_rules, programme, action, year, part, code, None)
                checked = {
                    (f.rule, f.severity)
                    for f in verdict.findings
                    if f.participants == ("Subject",) and ".beneficiaries-established" in f.rule
                }
                assert {(rule, severity) for severity, rule, _, _ in published.as_beneficiary} == checked, (
                    f"{programme} {action} {year} {code}"
                )
                assert (published.beneficiary == "yes") == (not checked), (action, year, code)


def test_published_status_as_beneficiary_of_a_csa_follows_the_work_programme() -> None:
    # HE-GA26: CSA beneficiaries in Member States or associated countries unless the call conditions provide
    # otherwise; HE-GA23 (2023-2024) not read on this point: a condition to confirm; HE-WP-MSCA26: in MSCA Staff
    # Exchanges only entities in Member States or associated countries may be beneficiaries, whatever the call.
    assert country_status("horizon-europe", 2026, None, "KE", "CSA").beneficiary == "if-call-provides"
    assert country_status("horizon-europe", 2024, None, "KE", "CSA").beneficiary == "to-confirm"
    assert country_status("horizon-europe", 2025, None, "US", "MSCA-SE").beneficiary == "no"
    assert country_status("horizon-europe", 2026, None, "DE", "CSA").beneficiary == "yes"
    assert country_status("horizon-europe", 2026, None, "KE").as_beneficiary == ()  # no action: nothing said
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["countries", "KE", "--year", "2026", "--action", "CSA"]) == 0
    assert "as a beneficiary: only where the call conditions provide for it" in out.getvalue()


def test_published_status_says_other_actions_restrictions_under_their_own_heading() -> None:
    # HE-GA26, HE-PG: China is excluded from IAs (from 2023) and most RIAs (2026), not from MSCA. The status of
    # China in an MSCA Doctoral Network holds no error: those are said of the other actions, each under its own.
    china = country_status("horizon-europe", 2026, None, "CN", "MSCA-DN")
    assert all(severity != "error" for severity, *_ in china.notes)
    said = {o.action: {rule for _, rule, _, _ in o.notes} for o in china.other_actions}
    assert said == {
        "IA": {"he.restriction.china-innovation-actions"},
        "RIA": {"he.restriction.china-research-and-innovation-actions"},
    }
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["countries", "CN", "--year", "2026", "--action", "MSCA-DN"]) == 0
    notes = [line[4:] for line in out.getvalue().splitlines() if line.startswith("    ") and line[4] != " "]
    assert not any(note.startswith("error:") for note in notes)  # each note's first line, not its continuation
    assert any(note.startswith("in Innovation Actions only: error:") for note in notes)


def test_published_status_without_an_action_says_the_hong_kong_uncertainty_in_ria_and_ia() -> None:
    # HE-GA, HK-RGC: whether entities in Hong Kong count as established in China for the exclusions from IAs (2023)
    # and RIAs (2026) no text read settles: the outcome is the same, with a warning, in each of those actions.
    hong_kong = country_status("horizon-europe", 2026, "pillar-2", "HK")
    reached = {o.action: o.restrictions for o in hong_kong.reached_in}
    assert reached == {
        "IA": ("hong-kong-macao-innovation-actions",),
        "RIA": ("hong-kong-macao-research-and-innovation-actions",),
    }
    assert not hong_kong.other_actions and status_class(hong_kong) == "third-country"


def test_published_status_names_the_restrictions_a_flag_about_the_countrys_entities_brings() -> None:
    # HE-GA26: universities in China under MIIT may not take part in any action from the 2026 calls (MSCA too).
    china = country_status("horizon-europe", 2026, None, "CN", "MSCA-DN")
    [flagged] = china.flagged
    assert flagged.flag == "miit-university" and flagged.outcome.funding == "excluded"
    assert flagged.restrictions == ("miit-universities",)
    assert country_status("horizon-europe", 2025, None, "CN", "MSCA-DN").flagged == ()
    assert country_status("horizon-europe", 2026, None, "DE", "MSCA-DN").flagged == ()


@pytest.mark.parametrize("programme", PROGRAMMES)
def test_published_flagged_outcome_equals_check_for_every_flag_about_a_countrys_entities(
    programme: str, separate_rules: Rules
) -> None:
    """For each flag about the entities of some countries (flags.yaml: countries) and each call year, the
    outcome a country's status publishes for a flagged beneficiary is what check() says of one, and it is
    published whenever a restriction the flag brings reaches it."""
    p = RULES.programme(programme)
    about = [(flag, code) for flag, spec in RULES.flags.items() for code in spec["countries"]]
    assert {flag for flag, _ in about} >= {"miit-university", "hungarian-public-interest-trust"}
    for year in range(p.first_call_year, p.last_call_year + 1):
        for flag, code in about:
            action, part = p.reference_action, p.default_part
            published = {f.flag: f for f in country_status(programme, year, part, code, action).flagged}
            verdict, checked = _as_checked(separate_rules, programme, action, year, part, code, None, (flag,))
            _, plain = _as_checked(separate_rules, programme, action, year, part, code, None)
            restricted = any(f.rule.startswith(f"{p.short_id}.restriction.") for f in verdict.findings)
            where = f"{programme} {year} {code} {flag}"
            if checked != plain or restricted:
                assert flag in published, where
                assert published[flag].outcome == checked, where
            else:
                assert flag not in published, where


def test_published_status_names_the_hungarian_public_interest_trusts_and_the_ukrainian_territories() -> None:
    """he.restriction.hungarian-public-interest-trusts: HU-TRUSTS (Council Implementing Decision 2022/2506, grants
    signed from 16 December 2022) lets such trusts and the entities they maintain take part only as associated
    partners, without EU funding. he.restriction.occupied-ukraine: HE-GA, HE-PG exclude entities in the
    non-government-controlled territories of Ukraine in any role (deadlines after 10 May 2022). Both restrictions
    are bound to a flag, not to the country, and the country's status must still name them."""
    for year in (2022, 2023, 2026):
        hungary = country_status("horizon-europe", year, None, "HU")
        [trust] = hungary.flagged
        assert trust.flag == "hungarian-public-interest-trust", year
        assert trust.restrictions == ("hungarian-public-interest-trusts",), year
        assert trust.outcome.funding not in ("eligible", "excluded"), year  # an associated partner, unfunded
        assert "HU-TRUSTS" in hungary.sources, year
        ukraine = country_status("horizon-europe", year, None, "UA")
        [territory] = ukraine.flagged
        assert territory.flag == "non-government-controlled-territory", year
        assert territory.restrictions == ("occupied-ukraine",) and territory.outcome.funding == "excluded", year
    # HU-TRUSTS bars grants signed from 16 December 2022: with an earlier deadline the grant may still be signed
    # after it, so the status still names the restriction, as a warning (restrictions.yaml: earlier_deadlines).
    [early] = country_status("horizon-europe", 2021, None, "HU", deadline="2021-09-01").flagged
    assert early.restrictions == ("hungarian-public-interest-trusts",)
    assert [n[0] for n in early.notes] == ["warning"] and "HU-TRUSTS" in early.notes[0][3]
    assert country_status("horizon-europe", 2026, None, "PL").flagged == ()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["countries", "HU", "--year", "2022"]) == 0
    assert "flagged 'hungarian-public-interest-trust'" in out.getvalue()
    assert "Council Implementing Decision (EU) 2022/2506" in out.getvalue()
