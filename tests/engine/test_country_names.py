"""Everyday country names: what a person types for a country reaches the code ISO 3166-1 gives it, a name
that may mean several countries is refused with its candidates, and every output shows the code.

Expected codes come from ISO 3166-1 (source ISO-3166; pycountry is its packaged copy) and the EU's
Interinstitutional Style Guide (source EU-ISG: EL, UK, the Member States' own names), not from the engine.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from support import example

from horizon_eligibility import InputError, catalog, check, find_country, load_rules, read_topic
from horizon_eligibility.cli import main, write_report

RULES = load_rules()

# The names the issue reports as refused (ISO-3166 gives the codes; England, Scotland, Wales and Northern
# Ireland are the countries of the United Kingdom, GB; Holland is the Netherlands in everyday English).
EVERYDAY = {
    "South Korea": "KR",
    "Korea, Republic of": "KR",  # ISO 3166-1's own ordering
    "USA": "US",
    "United States of America": "US",
    "Turkey": "TR",
    "Türkiye": "TR",
    "Czech Republic": "CZ",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Holland": "NL",
    "the Netherlands": "NL",
    "Swiss": "CH",
    "Deutschland": "DE",
}
# Short names in the country's own language, as EU-ISG section 7.1 (Member States) and Annex A5 write them.
NATIVE = {
    "Österreich": "AT",
    "België": "BE",
    "Belgique": "BE",
    "България": "BG",
    "Česko": "CZ",
    "Danmark": "DK",
    "Eesti": "EE",
    "Éire": "IE",
    "Ελλάδα": "GR",
    "España": "ES",
    "Hrvatska": "HR",
    "Italia": "IT",
    "Κύπρος": "CY",
    "Latvija": "LV",
    "Lietuva": "LT",
    "Magyarország": "HU",
    "Nederland": "NL",
    "Polska": "PL",
    "România": "RO",
    "Slovenija": "SI",
    "Slovensko": "SK",
    "Suomi": "FI",
    "Sverige": "SE",
    "Schweiz": "CH",
    "Suisse": "CH",
    "Svizzera": "CH",
    "Norge": "NO",
    "Ísland": "IS",
    "Србија": "RS",
    "Україна": "UA",
}
# Names that may mean several countries (ISO-3166 codes of each).
AMBIGUOUS = {
    "Korea": ("KR", "KP"),
    "Congo": ("CG", "CD"),
    "Guinea": ("GN", "GQ", "GW", "PG"),
    "Virgin Islands": ("VG", "VI"),
}


def consortium(country: str) -> dict[str, Any]:
    data = example("design-example")
    data["participants"][1]["country"] = country
    return data


@pytest.mark.parametrize(("typed", "code"), sorted({**EVERYDAY, **NATIVE}.items()))
def test_everyday_and_native_names_resolve_and_the_verdict_shows_the_code(typed: str, code: str) -> None:
    verdict = check(consortium(typed)).to_dict()
    firm = verdict["participants"][1]
    assert (firm["country"], firm["input_country"]) == (code, typed)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("south korea", "KR"),
        ("SOUTH KOREA", "KR"),
        ("  South  Korea ", "KR"),
        ("Cote d\u2019Ivoire", "CI"),
        ("cote d'ivoire", "CI"),
        ("St Lucia", "LC"),
        ("Bosnia & Herzegovina", "BA"),
    ],
)
def test_case_spaces_accents_and_punctuation_do_not_matter(typed: str, code: str) -> None:
    assert find_country(RULES, typed).code == code


def test_every_iso_alpha_3_code_resolves_to_its_alpha_2_code() -> None:
    pycountry = pytest.importorskip("pycountry")  # ISO 3166-1 as packaged (not in Pyodide's test runtime)
    wrong = {
        c.alpha_3: (c.alpha_2, find_country(RULES, c.alpha_3).code)
        for c in pycountry.countries
        if find_country(RULES, c.alpha_3).code != c.alpha_2 or find_country(RULES, c.alpha_3.lower()).code != c.alpha_2
    }
    assert not wrong


def test_the_eus_codes_el_and_uk_resolve() -> None:
    assert find_country(RULES, "EL").code == "GR" and find_country(RULES, "uk").code == "GB"


@pytest.mark.parametrize(("typed", "codes"), sorted(AMBIGUOUS.items()))
def test_an_ambiguous_name_is_an_error_listing_the_candidates_with_their_codes(
    typed: str, codes: tuple[str, ...]
) -> None:
    with pytest.raises(InputError) as raised:
        check(consortium(typed))
    problem = raised.value.errors[0]
    assert problem.path == "participants[1].country"
    assert problem.message.startswith(f"Participant 2 (Firm B), country: '{typed}' may mean more than one country:")
    for code in codes:
        assert f"({code})" in problem.message and code in (problem.hint or "")


def test_an_unknown_name_says_so_and_a_slip_of_the_keyboard_gets_a_hint() -> None:
    with pytest.raises(InputError) as raised:
        check(consortium("Atlantis"))
    assert raised.value.errors[0].message == "Participant 2 (Firm B), country: 'Atlantis' is not a country we know."
    with pytest.raises(InputError) as raised:
        check(consortium("Austira"))
    assert raised.value.errors[0].hint == "Did you mean 'Austria' (AT)?"


def test_topic_country_lists_take_names_too() -> None:
    data = example("design-example")
    data["topic"] = {"funded_third_countries": ["United States of America"]}
    assert check(data).request.topic.funded_third_countries == frozenset({"US"})
    data["topic"] = {"eligible_countries": "Norway; Schweiz, South Korea"}
    assert check(data).request.topic.eligible_countries == frozenset({"NO", "CH", "KR"})


def test_the_text_report_shows_the_name_and_the_code_it_was_read_as() -> None:
    out = io.StringIO()
    write_report(check(consortium("South Korea")), out)
    assert "Firm B (South Korea -> KR, Associated country)" in out.getvalue()


def test_the_countries_command_takes_a_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["countries", "Schweiz", "--year", "2025", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "CH"
    assert main(["countries", "Korea", "--year", "2025", "--format", "json"]) == 2
    answer = json.loads(capsys.readouterr().out)
    assert answer["outcome"] == "bad-input" and "South Korea (KR) or North Korea (KP)" in answer["errors"][0]["message"]


def test_the_topic_reader_reads_native_names_through_the_compiled_table() -> None:
    sentence = (
        "Participation is limited to legal entities established in Member States and Associated Countries and in {}."
    )
    assert read_topic(sentence.format("Schweiz")).topic == read_topic(sentence.format("Switzerland")).topic
    # An ambiguous name is quoted, never read as one of its countries.
    korea = read_topic("Legal entities established in the following countries are eligible for funding: Korea, Japan.")
    assert korea.topic == {} and korea.uninterpreted


def test_catalog_carries_the_names_table_for_the_page() -> None:
    countries = {c["code"]: c for c in catalog()["countries"]}
    assert {"South Korea", "대한민국"} <= set(countries["KR"]["names"]) and countries["KR"]["alpha3"] == "KOR"
    assert "England" in countries["GB"]["names"] and "Swiss" in countries["CH"]["names"]
    assert catalog()["ambiguous_names"]["Korea"] == ["KR", "KP"]
    assert catalog()["aliases"]["EL"] == "GR"
