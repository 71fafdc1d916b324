"""What the country pages, their "In short" box, the search index and country-statuses.csv publish is the
engine's own answer (country_status), and a restriction bound to actions says which actions it covers.

Expected facts come from the sources named in each test; the differential tests compare the built files with
country_status() called here, not with the site's own helpers.
"""

from __future__ import annotations

import csv
import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from site_helpers import article_text, page_for

from horizon_eligibility import country_status, load_rules
from horizon_eligibility.model import FUNDING_LABELS

RULES = load_rules()


@cache
def _csv(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((site / "data" / "country-statuses.csv").open(encoding="utf-8")))


def test_csv_rows_are_country_status_with_the_actions_a_restriction_covers(built_site: Path) -> None:
    rows = _csv(built_site)
    for row in rows:
        published = country_status(row["programme"], int(row["call_year"]), row["part"], row["code"], rules=RULES)
        where = (row["programme"], row["call_year"], row["part"], row["code"])
        assert (row["status"], row["funding"]) == (published.status, published.funding), where
        assert row["counts_towards_minimum"] == str(published.counts_towards_minimum).lower(), where
        excluded = [o.action for o in published.other_actions if o.outcome.funding == "excluded"]
        if published.funding == "excluded":
            excluded = []
        assert row["excluded_from_actions"].split() == excluded, where
        others = [f"{o.action}={o.outcome.funding}" for o in published.other_actions]
        assert row["funding_in_other_actions"].split() == others, where


def test_csv_china_2026_is_excluded_from_rias_and_ias_only(built_site: Path) -> None:
    """he.restriction.china-research-and-innovation-actions and he.restriction.china-innovation-actions
    (HE-GA26: Innovation Actions, and Research and Innovation Actions outside the exempt destinations): in every
    part, China is excluded from those two; its entities are otherwise not automatically funded (SEED-003)."""
    china = {(r["call_year"], r["part"]): r for r in _csv(built_site) if r["code"] == "CN"}
    for part in ("pillar-1", "pillar-2", "pillar-3", "widening"):
        row = china[("2026", part)]
        assert row["funding"] == "not-eligible", part
        assert row["excluded_from_actions"] == "IA RIA", part
        assert row["excluded_unless_topic"] == "RIA=china_ria_exempt", part
        assert china[("2024", part)]["excluded_from_actions"] == "IA", part
        assert china[("2022", part)]["excluded_from_actions"] == "", part


def _short(site: Path, code: str) -> dict[str, Any]:
    page = page_for(site, f"countries/{code.lower()}/").read_text(encoding="utf-8")
    found = re.search(r'data-short="([^"]*)"', page)
    assert found is not None, code
    data: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return data


def test_every_in_short_answer_is_country_status(built_site: Path) -> None:
    """The answers the "In short" box switches between (for every programme, call year and part) are
    country_status's; the page's script only picks one."""
    checked = 0
    for code in RULES.countries:
        data = _short(built_site, code)
        for programme in data["programmes"]:
            for year, line in zip(programme["years"], data["grid"][programme["id"]], strict=True):
                assert len(line) == len(programme["parts"]), (code, year)
                for (part, _name), digit in zip(programme["parts"], line, strict=True):
                    answer = data["answers"][int(digit, 36)]
                    published = country_status(programme["id"], year, part, code, rules=RULES)
                    where = (code, programme["id"], year, part)
                    assert answer["funding"] == published.funding, where
                    assert answer["counts"] == published.counts_towards_minimum, where
                    assert FUNDING_LABELS[published.funding] in answer["funding_text"], where
                    for other in published.other_actions:
                        if published.funding != "excluded" and other.outcome.funding == "excluded":
                            assert f"{other.action_name}s" in answer["funding_text"], where
                    checked += 1
    assert checked == len(RULES.countries) * sum(
        (p.last_call_year - p.first_call_year + 1) * len(p.parts) for p in RULES.programmes.values()
    )


def test_in_short_defaults_to_the_current_call_year(built_site: Path) -> None:
    import datetime as dt

    year = dt.date.today().year
    data = _short(built_site, "KR")
    years = {y: p["id"] for p in data["programmes"] for y in p["years"]}
    if year in years:
        assert data["default"]["year"] == year and data["default"]["programme"] == years[year]
    else:
        assert data["default"]["year"] == (max(years) if year > max(years) else min(years))


def test_china_page_says_which_actions_exclude_it(built_site: Path) -> None:
    """HE-GA26: from 2026, excluded from Innovation Actions and from Research and Innovation Actions unless the
    topic is in an exempt destination; HE-PG: Innovation Actions from 2023."""
    text = article_text(built_site, "countries/cn/")
    row = "2023-2025 all parts third country excluded (any role) from innovation actions; other actions: not"
    assert row in text
    assert "excluded (any role) from innovation actions and research and innovation actions (unless:" in text
    assert "other actions: not automatically (own funding)" in text


def test_china_page_names_the_miit_universities_restriction(built_site: Path) -> None:
    """he.restriction.miit-universities: HE-GA26 excludes Chinese universities under the Ministry of Industry and
    Information Technology from every action from the 2026 calls. The restriction is bound to a flag, not to the
    country, and the page of the country whose entities the flag is about must still name it."""
    text = article_text(built_site, "countries/cn/")  # lower case
    restrictions = text.split("restrictions\u00b6", 1)[1]
    assert "chinese universities under the ministry of industry and information technology" in restrictions


def test_hungary_and_ukraine_pages_name_the_restrictions_their_flags_bring(built_site: Path) -> None:
    """he.restriction.hungarian-public-interest-trusts (HU-TRUSTS: Council Implementing Decision 2022/2506, only
    as associated partners) and he.restriction.occupied-ukraine (HE-GA, HE-PG: the non-government-controlled
    territories of Ukraine, excluded in any role): bound to a flag about the country's entities, as MIIT is."""
    hungary = article_text(built_site, "countries/hu/").split("restrictions\u00b6", 1)[1]
    assert "hungarian public interest trusts" in hungary and "2022/2506" in hungary
    ukraine = article_text(built_site, "countries/ua/").split("restrictions\u00b6", 1)[1]
    assert "non-government-controlled territories of ukraine" in ukraine


def test_israel_page_names_the_2013_guidelines(built_site: Path) -> None:
    """he.restriction.israel-occupied-territories: the Commission's guidelines of 2013 (IL-GUIDELINES-2013, OJ C
    205 of 19.7.2013), applied in HE-GA26 p. 11, on the territories occupied by Israel since June 1967."""
    text = article_text(built_site, "countries/il/")  # lower case
    restrictions = text.split("restrictions\u00b6", 1)[1]
    assert "territories occupied since june 1967" in restrictions and "oj c 205" in restrictions


def test_the_search_index_names_each_country_and_says_its_answer(built_site: Path) -> None:
    """The search snippet of a country page is its "In short" answer, with the country's other names
    (countries.yaml name_variants) as search keywords; "Korea" finds the Republic of Korea (South Korea)
    ranked first among equal matches."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {doc["location"]: doc for doc in index["docs"] if re.fullmatch(r"countries/[a-z0-9-]+/", doc["location"])}
    assert len(pages) == len(RULES.countries)
    for code in RULES.countries:
        doc = pages[f"countries/{code.lower()}/"]
        assert set(doc["tags"]) == {RULES.country_name(code), *RULES.name_variants.get(code, ()), code}, code
        data = _short(built_site, code)
        default = data["default"]
        answer = country_status(default["programme"], default["year"], default["part"], code, rules=RULES)
        assert f"EU funding: {FUNDING_LABELS[answer.funding]}" in doc["text"] or answer.other_actions, code
        assert f"calls of {default['year']}" in doc["text"], code
    korea, north = pages["countries/kr/"], pages["countries/kp/"]
    assert "South Korea" in korea["tags"] and "North Korea" in north["tags"]
    assert korea.get("boost", 1) > north.get("boost", 1)
    # Korea (KR) is associated from the 2025 calls (KR-HE); in 2024 it was a third country (own funding).
    assert "Associated country" in korea["text"] and "EU funding: eligible" in korea["text"]
