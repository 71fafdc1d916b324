"""One contract for the command line, the site and the checker page: catalog() carries the input fields,
the CSV columns and the words for every value a verdict holds, and those words are written once."""

from __future__ import annotations

import json

from support import CONSORTIA

from horizon_eligibility import catalog, check, load_rules
from horizon_eligibility.cli import write_report
from horizon_eligibility.csv_input import CSV_COLUMNS
from horizon_eligibility.inputs import PARTICIPANT_FIELDS, TOP_LEVEL_FIELDS
from horizon_eligibility.model import COUNTRY_GROUPS, FUNDING_LABELS, OUTCOME_LABELS, SEVERITY_LABELS, STATUS_LABELS


def test_catalog_carries_the_input_contract() -> None:
    contract = catalog()["input"]
    assert contract["fields"] == list(TOP_LEVEL_FIELDS)
    assert contract["participant_fields"] == list(PARTICIPANT_FIELDS)
    assert contract["csv_columns"] == list(CSV_COLUMNS)
    assert set(contract["csv_required_columns"]) <= set(CSV_COLUMNS)
    assert contract["csv_separators"] == [",", ";", "\t"]


def test_catalog_carries_one_label_for_every_value_a_verdict_holds() -> None:
    labels = catalog()["labels"]
    assert labels == {
        "funding": FUNDING_LABELS,
        "severity": SEVERITY_LABELS,
        "status": STATUS_LABELS,
        "outcome": OUTCOME_LABELS,
    }
    assert set(FUNDING_LABELS) == {"eligible", "not-eligible", "excluded"}
    assert set(SEVERITY_LABELS) == {"error", "warning", "info"}
    assert set(OUTCOME_LABELS) == {"eligible", "eligible-if", "not-eligible"}
    seen: dict[str, set[str]] = {"funding": set(), "severity": set(), "status": set(), "outcome": set()}
    for path in sorted(CONSORTIA.glob("*.json")):
        verdict = check(json.loads(path.read_text(encoding="utf-8"))).to_dict()
        seen["outcome"].add(verdict["outcome"])
        assert verdict["headline"].startswith(OUTCOME_LABELS[verdict["outcome"]]), path.name
        seen["funding"] |= {p["funding"] for p in verdict["participants"]}
        seen["status"] |= {p["status"] for p in verdict["participants"]}
        seen["severity"] |= {f["severity"] for f in verdict["findings"]}
    for kind, values in seen.items():
        assert values <= set(labels[kind]), (kind, values - set(labels[kind]))
    assert seen["status"] >= {"deemed-member-state", "eligible-third-country", "member-state", "associated"}
    assert seen["outcome"] == set(OUTCOME_LABELS)  # the examples show every outcome (the page's tests use them)


def test_every_country_group_has_a_label() -> None:
    rules = load_rules()
    groups = set()
    for programme in rules.programmes.values():
        for year in range(programme.first_call_year, programme.last_call_year + 1):
            groups |= {programme.status(code, year, next(iter(programme.parts))).group for code in rules.countries}
    assert groups == set(COUNTRY_GROUPS)
    assert set(COUNTRY_GROUPS) <= set(STATUS_LABELS)


def test_every_catalog_action_says_whether_its_part_is_fixed() -> None:
    for programme in catalog()["programmes"]:
        part_ids = {p["id"] for p in programme["parts"]}
        for action in programme["actions"]:
            assert "fixed_part" in action, action["id"]
            assert action["fixed_part"] is None or action["fixed_part"] in part_ids, action


def test_the_command_line_report_uses_the_labels() -> None:
    import io

    out = io.StringIO()
    write_report(check(json.loads((CONSORTIA / "h2020-beneficiary-not-funded-art9.json").read_text())), out)
    text = out.getvalue()
    assert FUNDING_LABELS["not-eligible"] in text  # whole: the last column is never cut
    assert STATUS_LABELS["member-state"] in text


def test_catalog_action_groups_list_every_action_once_collaborative_projects_first() -> None:
    # The checker's grouped action list: every action in exactly one group, in the order the data gives;
    # RIA, IA and CSA are the collaborative actions of both programmes (HE-GA26 annexes, H2020-GA-C-1617),
    # ERC and MSCA the Pillar I schemes (HE-WP-ERC26, HE-WP-MSCA26, H2020-MSCA).
    for programme in catalog()["programmes"]:
        groups = programme["action_groups"]
        listed = [a for g in groups for a in g["actions"]]
        assert sorted(listed) == sorted(a["id"] for a in programme["actions"]), programme["id"]
        assert len(listed) == len(set(listed)), programme["id"]
        assert [a["id"] for a in programme["actions"]] == listed  # the form's default is the first
        assert groups[0]["actions"][:3] == ["RIA", "IA", "CSA"], programme["id"]
        by_group = {a["id"]: a["group"] for a in programme["actions"]}
        assert all(by_group[a].startswith("erc") for a in listed if a.startswith("ERC-")), programme["id"]
        assert all(by_group[a] == "msca" for a in listed if a.startswith("MSCA-")), programme["id"]


def test_catalog_says_what_an_empty_list_of_eligible_countries_means() -> None:
    # eligible_countries lists the countries a topic opens besides the Member States (HE-REG Art 22(5)):
    # an empty list leaves the Member States only, which the checker offers as a choice of its own.
    options = {o["id"]: o for p in catalog()["programmes"] for o in p["topic_options"]}
    assert "Member States only" in (options["eligible_countries"]["empty"] or "")
    assert all("empty" in o for o in options.values())
