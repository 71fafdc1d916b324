"""The topic reader: a topic's conditions text in, the engine's `topic` object out, never a guess.

The corpus (topic_corpus/*.json, JSON so that it also runs under Pyodide, which has no PyYAML) holds
topic-condition texts in the work programmes' wording and its variants, each naming the topic or the
work programme part it follows, with its full expected reading, written from the text. portal.json holds
texts as the Funding & Tenders portal gives them (copies found at the addresses each case names).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import grows_linearly

import horizon_eligibility
from horizon_eligibility import InputError, load_rules, read_topic
from horizon_eligibility.topic_reader import NOT_READ, READERS, TopicReading, normalise_lines
from horizon_eligibility.topic_reader.countries import NAMED_GROUPS

# Also inside Pyodide: the checker page reads pasted topic conditions there (regular expressions, Unicode).
pytestmark = pytest.mark.pyodide

TOPIC_OPTIONS = load_rules().topic_options
CORPUS_DIR = Path(__file__).parent / "topic_corpus"
CORPUS = [
    pytest.param(case, id=f"{path.stem}/{case['id']}")
    for path in sorted(CORPUS_DIR.glob("*.json"))
    for case in json.loads(path.read_text(encoding="utf-8"))
]
TEXTS = [param.values[0]["text"] for param in CORPUS]
RULES = load_rules()
EU_2021 = {code for code in RULES.countries if RULES.eu_group(code, dt.date(2021, 1, 1)) is not None}


def _reading(text: str, programme: str = "horizon-europe") -> dict[str, Any]:
    return read_topic(text, programme).to_dict()


# --- the corpus -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CORPUS)
def test_topic_corpus_reads_as_expected(case: dict[str, Any]) -> None:
    reading = _reading(case["text"], case["programme"])
    expected = case["expected"]
    assert reading["topic"] == expected["topic"]
    assert [clause["kind"] for clause in reading["clauses"]] == expected["kinds"]
    assert reading["uninterpreted"] == expected["uninterpreted"]


def test_topic_corpus_is_large_and_names_its_origin() -> None:
    assert len(CORPUS) >= 40
    for param in CORPUS:
        assert param.values[0]["follows"].strip(), param.id
    files = {path.stem for path in CORPUS_DIR.glob("*.json")}
    assert {"eligible-countries", "control", "high-risk-suppliers", "china", "funded-third-countries"} <= files
    assert {"third-country-beneficiaries", "composition", "standard", "portal"} <= files


@pytest.mark.parametrize("case", CORPUS)
def test_topic_clause_sentence_alone_gives_the_same_clause(case: dict[str, Any]) -> None:
    # A clause stands on its own sentence: nothing it sets comes from elsewhere in the text.
    for clause in _reading(case["text"], case["programme"])["clauses"]:
        alone = _reading(clause["sentence"], case["programme"])["clauses"]
        assert {"kind": clause["kind"], "sentence": clause["sentence"], "sets": clause["sets"]} in alone


# --- the families, by what they prove -------------------------------------------------------------
ONE_OPTION = [
    pytest.param(
        "Participation is limited to legal entities established in Member States and Associated Countries.",
        {"eligible_countries": ["associated-countries"]},
        id="eligible_countries_associated_group",
    ),
    pytest.param(
        "Participation is limited to legal entities established in EU Member States only.",
        {"eligible_countries": []},
        id="eligible_countries_member_states_only",
    ),
    pytest.param(
        "Participation is limited to legal entities established in Member States, Associated Countries and Japan.",
        {"eligible_countries": ["associated-countries", "JP"]},
        id="eligible_countries_group_and_named_country",
    ),
    pytest.param(
        "Entities which are directly or indirectly controlled by a non-eligible country may not participate in "
        "the action unless guarantees are positively assessed by their country of establishment.",
        {"control_restriction": True},
        id="control_restriction_from_guarantees_clause",
    ),
    pytest.param(
        "This topic is subject to restrictions for the protection of European communication networks.",
        {"high_risk_suppliers_excluded": True},
        id="high_risk_suppliers_from_networks_flag",
    ),
    pytest.param(
        "This topic belongs to a destination exempt from the restriction on the participation of legal entities "
        "established in China in Research and Innovation Actions.",
        {"china_ria_exempt": True},
        id="china_ria_exempt_destination",
    ),
    pytest.param(
        "In recognition of the opening of the US National Institutes of Health's programmes to European "
        "researchers, any legal entity established in the United States of America is eligible to receive Union "
        "funding to support its participation in projects supported under this topic.",
        {"funded_third_countries": ["US"]},
        id="funded_third_countries_nih_clause",
    ),
    pytest.param(
        "Legal entities established in non-associated third countries may participate as beneficiaries.",
        {"third_country_beneficiaries": True},
        id="third_country_beneficiaries_in_csa",
    ),
    # HE-REG Art 22(5), in a portal topic's own words (commas around "directly or indirectly", "from").
    pytest.param(
        "Legal entities established in those countries but controlled, directly or indirectly, from a non-associated "
        "third country may not participate.",
        {"control_restriction": True},
        id="control_restriction_paraphrase",
    ),
    # HE-REG Art 22(4): a CSA topic may open beneficiary roles to the third countries it names.
    pytest.param(
        "Legal entities established in Kenya, South Africa and Morocco may participate as beneficiaries in this "
        "Coordination and Support Action.",
        {"third_country_beneficiaries": ["KE", "ZA", "MA"]},
        id="third_country_beneficiaries_named_countries",
    ),
    # HORIZON-EIE-2024-CONNECT-01-01: the countries of a group as the subject of the funding clause.
    pytest.param(
        "Due to the scope of this topic, all African Union member states are exceptionally eligible for Union funding.",
        {"funded_third_countries": ["african-union"]},
        id="funded_third_countries_group_as_subject",
    ),
]


@pytest.mark.parametrize(("text", "topic"), ONE_OPTION)
def test_topic_clause_sets_its_option(text: str, topic: dict[str, Any]) -> None:
    reading = _reading(text)
    assert reading["topic"] == topic
    assert reading["clauses"][0]["sets"] == topic and reading["uninterpreted"] == []


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Republic of Korea", "KR"),
        ("South Korea", "KR"),
        ("the United States of America", "US"),
        ("the US", "US"),
        ("the UK", "GB"),
        ("Great Britain", "GB"),
        ("the United Kingdom", "GB"),
        ("Arab Republic of Egypt", "EG"),
        ("the Republic of Moldova", "MD"),
        ("Bosnia and Herzegovina", "BA"),
    ],
)
def test_topic_country_name_variants(name: str, code: str) -> None:
    text = f"Participation is limited to legal entities established in Member States, {name} and Norway."
    assert _reading(text)["topic"] == {"eligible_countries": [code, "NO"]}


def test_topic_capital_abbreviations_only_as_written() -> None:
    # "US" is the United States; "us" is a pronoun, and the sentence is left to the reader.
    text = "Participation is limited to legal entities established in Member States and us."
    assert _reading(text)["topic"] == {}
    assert _reading(text)["uninterpreted"] == [text]


def test_topic_every_country_name_in_the_data_is_read() -> None:
    # Names come from the compiled rules (data/countries.yaml), variants included: none is typed in Python.
    names = [(name, code) for code, name in RULES.countries.items()]
    names += [(v, code) for code, variants in RULES.raw["name_variants"].items() for v in variants]
    for name, code in names:
        text = f"Legal entities established in {name} are eligible for Union funding."
        reading = _reading(text)
        if code in EU_2021:
            assert reading["topic"] == {}, name  # funding for a Member State is not an exception
        else:
            assert reading["topic"] == {"funded_third_countries": [code]}, name


def test_topic_group_of_countries_is_never_guessed() -> None:
    for group in ("OECD countries", "African Union countries", "EEA countries", "the Western Balkans"):
        text = f"Participation is limited to legal entities established in Member States, Norway and {group}."
        reading = _reading(text)
        assert reading["topic"] == {} and reading["clauses"] == [], group
        assert reading["uninterpreted"] == [text]


@pytest.mark.parametrize(
    "group",
    [
        "African Union member states",
        "all African Union member states",
        "the African Union (AU) member states",
        "AU member states",
        "African Union countries",
        "member states of the African Union",
        "countries of the African Union",
    ],
)
def test_topic_african_union_is_read_as_its_group_id(group: str) -> None:
    # The reader names the group by its id (data/country_groups.yaml, african-union) and leaves its members to the
    # engine: the same id for every spelling, next to named countries.
    text = f"Legal entities established in {group} and Brazil may participate as beneficiaries."
    assert _reading(text)["topic"] == {"third_country_beneficiaries": ["BR", "african-union"]}


def test_topic_groups_read_are_those_the_data_defines_for_the_programme() -> None:
    # Every group the reader can name is a group of data/country_groups.yaml, and it is read only for the
    # programmes the data gives it (the African Union: Horizon Europe): a Horizon 2020 text naming it is quoted.
    groups = load_rules().country_groups
    assert set(NAMED_GROUPS) <= set(groups)
    text = "Legal entities established in African Union member states may participate as beneficiaries."
    for programme in ("horizon-europe", "horizon-2020"):
        reading = read_topic(text, programme)
        if programme in groups["african-union"]["programmes"]:
            assert reading.topic == {"third_country_beneficiaries": ["african-union"]}
        else:
            assert reading.topic == {} and list(reading.uninterpreted) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Legal entities established in au member states may participate as beneficiaries.",  # "au" is no abbreviation
        "Legal entities established in Member States of the European Union may participate as beneficiaries.",
        "Legal entities established in OECD countries may participate as beneficiaries.",
        "Legal entities established in the Andean Community may participate as beneficiaries.",
    ],
)
def test_topic_other_groups_are_not_read_as_third_country_beneficiaries(text: str) -> None:
    reading = _reading(text)
    assert reading["topic"] == {} and reading["uninterpreted"] == [text]


def test_topic_third_country_beneficiaries_add_up() -> None:
    # Two sentences that open beneficiary roles do not contradict each other: any third country (true) takes in the
    # countries named, and lists join.
    named = "Legal entities established in Kenya may participate as beneficiaries."
    group = "Legal entities established in African Union member states may participate as beneficiaries."
    anyone = "Legal entities established in non-associated third countries may participate as beneficiaries."
    assert _reading(f"{named}\n{group}")["topic"] == {"third_country_beneficiaries": ["KE", "african-union"]}
    assert _reading(f"{named}\n{anyone}")["topic"] == {"third_country_beneficiaries": True}
    refused = (
        "Legal entities established in non-associated third countries may participate only as associated partners."
    )
    reading = _reading(f"{named}\n{refused}")
    assert reading["topic"] == {} and reading["uninterpreted"] == [named, refused]


def test_topic_footnote_stays_with_its_sentence_and_is_quoted() -> None:
    # HORIZON-EIE-2024-CONNECT-01-01: the footnote widens "African Union member states" to suspended members. The
    # sentence is read, quoted with its footnote; the footnote, which the reader does not understand, is quoted too.
    note = (
        '[[In the context of the conditions for this call topic, "African Union member states" includes countries '
        "whose membership has been temporarily suspended. See the list.]]"
    )
    text = (
        f"Legal entities established in all African Union member states{note} may exceptionally participate in this "
        "Coordination and Support Action as a beneficiary (or affiliated entity)."
    )
    reading = _reading(text)
    assert reading["clauses"] == [
        {
            "kind": "third-country-beneficiaries",
            "sentence": text,
            "sets": {"third_country_beneficiaries": ["african-union"]},
        }
    ]
    assert reading["uninterpreted"] == [note]


def test_topic_footnote_that_only_points_to_a_document_is_not_quoted() -> None:
    text = (
        "Legal entities established in Japan are eligible for Union funding[[See the Horizon Europe Programme Guide.]]."
    )
    reading = _reading(text)
    assert reading["topic"] == {"funded_third_countries": ["JP"]} and reading["uninterpreted"] == []


def test_topic_lone_case_by_case_exception_is_quoted() -> None:
    # Only the General Annexes' China paragraph as a whole restates the rule (china-innovation-actions, HE-GA26):
    # an exception sentence of its own qualifies whatever it follows.
    text = "Exceptions may be granted on a case-by-case basis for justified reasons."
    assert _reading(text) == {"topic": {}, "clauses": [], "uninterpreted": [text]}


def test_topic_portal_field_with_its_value_is_not_a_heading() -> None:
    text = "Eligible countries: Member States, Norway and Iceland"
    assert _reading(text)["uninterpreted"] == [text]


def test_topic_china_restatement_sets_nothing() -> None:
    text = (
        "Legal entities established in China are not eligible to participate in any Horizon Europe Innovation Action."
    )
    reading = _reading(text)
    assert reading["topic"] == {}
    assert reading["clauses"] == [{"kind": "general-rules", "sentence": text, "sets": {}}]


def test_topic_composition_keeps_unknown_entity_kinds_as_needs() -> None:
    text = (
        "This topic requires the active involvement, as beneficiaries, of at least 3 first responders' "
        "organisations or agencies from at least 3 different EU Member States or Associated Countries."
    )
    assert _reading(text)["topic"]["composition"] == [
        {
            "text": text,
            "min": 3,
            "min_countries": 3,
            "established_in": "ms-ac",
            "entity_types": None,
            "needs": "first responders' organisations or agencies",
        }
    ]


def test_topic_composition_maps_exact_entity_types() -> None:
    text = "The consortium must include at least two SMEs from at least 2 different Member States."
    (requirement,) = _reading(text)["topic"]["composition"]
    assert requirement["entity_types"] == ["sme"] and requirement["needs"] is None
    assert (requirement["min"], requirement["min_countries"], requirement["established_in"]) == (2, 2, "ms")


def test_topic_standard_pointers_are_general_rules() -> None:
    text = "Eligible countries: described in Annex B of the Work Programme General Annexes."
    reading = _reading(text)
    assert reading == {
        "topic": {},
        "clauses": [{"kind": "general-rules", "sentence": text, "sets": {}}],
        "uninterpreted": [],
    }


def test_topic_annex_b_pointer_run_into_its_lead_in_is_general_rules() -> None:
    # The portal's field and the lead-in of the topic's own criteria, copied without the line break between them
    # (HORIZON-EIE-2024-CONNECT-01-01): the pointer, not a condition left unread; the criteria are read after it.
    text = (
        "3. Other eligibility conditions: described in Annex B of the Work Programme General Annexes The following "
        "additional eligibility criteria apply:"
    )
    reading = _reading(text)
    assert reading["topic"] == {} and reading["uninterpreted"] == []
    assert [clause["kind"] for clause in reading["clauses"]] == ["general-rules"]


def test_topic_pointer_with_a_derogation_is_not_general_rules() -> None:
    text = "By derogation from Annex B of the General Annexes, at least 2 legal entities must take part."
    kinds = [clause["kind"] for clause in _reading(text)["clauses"]]
    assert "general-rules" not in kinds


def test_topic_contradictions_set_nothing() -> None:
    first = "Participation is limited to legal entities established in Member States and Norway."
    second = "Participation is limited to legal entities established in Member States and Switzerland."
    reading = _reading(f"{first}\n{second}")
    assert reading["topic"] == {} and reading["clauses"] == []
    assert reading["uninterpreted"] == [first, second]


def test_topic_option_of_another_programme_is_uninterpreted() -> None:
    text = "This topic is subject to restrictions for the protection of European communication networks."
    reading = _reading(text, "horizon-2020")
    assert reading["topic"] == {} and reading["uninterpreted"] == [text]


# --- the readers ------------------------------------------------------------------------------------
def test_topic_every_programme_option_has_a_reader_or_says_why_not() -> None:
    # Every option a programme offers (data/<programme>/programme.yaml) is read from texts by one reader,
    # or is declared as set otherwise; a reader sets an option the data declares (data/topic_options.yaml).
    offered = {option for programme in RULES.programmes for option in RULES.programme(programme).topic_options}
    assert offered <= set(READERS) | set(NOT_READ)
    assert not set(READERS) & set(NOT_READ)
    assert set(READERS) | set(NOT_READ) <= set(TOPIC_OPTIONS)
    assert all(reader.option == option for option, reader in READERS.items())


# --- input forms ----------------------------------------------------------------------------------------
def test_topic_html_tags_stripped_and_entities_decoded() -> None:
    html = (
        "<p>Participation is limited to legal entities established in Member States, Norway &amp; "
        "T&uuml;rkiye<sup>[1]</sup>.</p><p class='x'>This topic is subject to restrictions for the "
        "protection of <strong>European communication networks</strong>.</p>"
    )
    reading = read_topic(html)
    assert reading.topic == {"eligible_countries": ["NO", "TR"], "high_risk_suppliers_excluded": True}
    assert reading.clauses[1].sentence == (
        "This topic is subject to restrictions for the protection of European communication networks."
    )


def test_topic_html_scripts_and_comments_are_not_read() -> None:
    html = (
        "<script>document.write('Participation is limited to legal entities established in Member States.')"
        "</script><!-- This topic is subject to restrictions for the protection of European communication "
        "networks. --><style>p::after{content:'at least 3 SMEs'}</style><p>Nothing else.</p>"
    )
    assert _reading(html) == {"topic": {}, "clauses": [], "uninterpreted": []}


def test_topic_bullets_and_line_breaks() -> None:
    text = "  •  Participation is limited to legal entities established in:\r\n  - Member States;\r\n  - Iceland.\r\n"
    reading = read_topic(text)
    assert reading.topic == {"eligible_countries": ["IS"]}
    assert (
        reading.clauses[0].sentence
        == "Participation is limited to legal entities established in:\n- Member States;\n- Iceland."
    )


def test_topic_reading_shape_and_copies() -> None:
    reading = read_topic("Participation is limited to legal entities established in Member States and Norway.")
    first = reading.to_dict()
    assert list(first) == ["topic", "clauses", "uninterpreted"]
    assert list(first["clauses"][0]) == ["kind", "sentence", "sets"]
    first["topic"]["eligible_countries"].append("CH")
    first["clauses"][0]["sets"]["eligible_countries"].append("CH")
    assert reading.to_dict()["topic"] == {"eligible_countries": ["NO"]}
    assert reading.to_dict()["clauses"][0]["sets"] == {"eligible_countries": ["NO"]}


def test_topic_reader_is_exported_from_the_package() -> None:
    assert horizon_eligibility.read_topic is read_topic
    assert "read_topic" in horizon_eligibility.__all__


@pytest.mark.parametrize(
    ("text", "programme", "field"),
    [
        (None, "horizon-europe", "conditions_text"),
        (b"Participation is limited", "horizon-europe", "conditions_text"),
        (["a list"], "horizon-europe", "conditions_text"),
        ("x" * 500_001, "horizon-europe", "conditions_text"),
        ("text", "horizon-3000", "programme"),
        ("text", None, "programme"),
    ],
)
def test_topic_bad_input_names_the_field(text: Any, programme: Any, field: str) -> None:
    with pytest.raises(InputError) as caught:
        read_topic(text, programme)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


# --- properties -----------------------------------------------------------------------------------------
FRAGMENTS = [*TEXTS, "<p>", "</p>", "<li>", "<br>", "<div class='a'>", "&amp;", "&#x27;", "<!--", "-->", "<![", "\n"]
FRAGMENTS += [
    "\n\n",
    "- ",
    "• ",
    "1. ",
    ":",
    ";",
    "*",
    "(",
    ")",
    "<script>",
    "</script>",
    "&#0;",
    "&unknown;",
    "\u00a0",
    "[[",
    "]]",
    "[[In the context of this topic. ",
]


def _check_invariants(reading: TopicReading) -> None:
    for clause in reading.clauses:
        assert clause.sentence in reading.normalised_text
        assert clause.sentence not in reading.uninterpreted
    for key, value in reading.topic.items():
        setters = [clause.sets[key] for clause in reading.clauses if key in clause.sets]
        assert setters, f"{key} is set by no clause"
        if key == "third_country_beneficiaries":  # openings add up: any third country (true), or those named
            assert True in setters if value is True else set(value) == {c for codes in setters for c in codes}
        elif key == "eligible_countries" or isinstance(value, bool):
            assert all(v == value for v in setters)
        elif key == "funded_third_countries":
            assert set(value) == {code for codes in setters for code in codes}
        else:
            assert value == [v for i, v in enumerate(setters) if v not in setters[:i]]
    for text in reading.uninterpreted:
        assert text in reading.normalised_text


# Inside Pyodide a sample of the host's 300 random texts: the corpus tests carry the browser's reading there.
EXAMPLES = 40 if sys.platform == "emscripten" else 300


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_topic_arbitrary_text_never_raises(text: str) -> None:
    _check_invariants(read_topic(text))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(alphabet="<>/&;#!-pli aé’\n.,:", max_size=40), max_size=30))
def test_topic_arbitrary_html_ish_text_never_raises(parts: list[str]) -> None:
    _check_invariants(read_topic("".join(parts)))


# How long a read takes is measured by benchmarks/budgets.py (20 KB within 50 ms, a 50 KB portal page within
# 250 ms); here the work is counted (function calls, the same on a loaded machine): twice the text, at most a
# little over twice the work, so a read that turns quadratic fails here.
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=300), min_size=1, max_size=40))
def test_topic_20_kb_read_in_linear_work(parts: list[str]) -> None:
    block = "".join(parts) or "x"
    small, large = grows_linearly(lambda n: lambda: read_topic((block * (n // len(block) + 1))[:n]), 10_000)
    assert large < 2.4 * small + 2000, (small, large)


@pytest.mark.parametrize("form", ["plain", "html", "one-line"])
def test_topic_50_kb_portal_page_read_in_linear_work(form: str) -> None:
    # A whole portal topic page is about 50,000 characters: the corpus's texts, pasted one after another.
    texts = [param.values[0]["text"] for param in CORPUS]
    page = {"plain": "\n\n".join(texts), "html": "".join(f"<div><p>{t}</p></div>" for t in texts)}.get(
        form, " ".join(t.replace("\n", " ") for t in texts)
    )
    small, large = grows_linearly(lambda n: lambda: read_topic((page * (n // len(page) + 1))[:n]), 25_000)
    assert large < 2.4 * small, (small, large)


# --- nothing that reads like a condition is dropped -----------------------------------------------------
# "Reads like a condition" is the test's own definition, not the reader's filter: a piece of text (a sentence, or
# a clause between ; and :) with one of these words. Every such piece is in a clause the reader read, or in what
# it quotes as not understood. Left out: headings (at most eight words, without a verb or a final stop) and a bare
# "The following ... apply:", which says nothing until its items, which are pieces of their own.
CONDITION_WORDS = re.compile(
    r"\b(?:eligib\w*|fund\w*|participat\w*|beneficiar\w*|established|may\s+not|must|only|exclu\w*|restrict\w*)\b", re.I
)
_ITEM_MARK = re.compile(r"^(?:(?:[-*•▪◦‣●○·–—>]+|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+)+")
_PIECE_END = re.compile(r"(?<=[.!?;:\])])\s+")  # pieces too short are still pieces: a sentence holds them
_HEADING = re.compile(r"^(?:(?!\b(?:may|must|shall|will|can|cannot|is|are|not|only)\b)[^.;:!?])+$", re.I)
_ANNOUNCES = re.compile(r"^(?:the\s+)?following\b[^.]*\b(?:apply|applies)\s*:$", re.I)


def _flat(text: str) -> str:
    return " ".join(_ITEM_MARK.sub("", line.strip()) for line in text.split("\n"))


def _condition_pieces(normalised: str) -> list[str]:
    pieces = [_ITEM_MARK.sub("", piece) for line in normalised.split("\n") for piece in _PIECE_END.split(line)]
    return [
        piece
        for piece in pieces
        if CONDITION_WORDS.search(piece)
        and not (_HEADING.match(piece) and len(piece.split()) <= 8)
        and not _ANNOUNCES.match(piece)
    ]


def _dropped(reading: TopicReading) -> list[str]:
    kept = [_flat(c.sentence) for c in reading.clauses] + [_flat(u) for u in reading.uninterpreted]
    return [piece for piece in _condition_pieces(reading.normalised_text) if not any(piece in k for k in kept)]


@pytest.mark.parametrize("case", CORPUS)
def test_topic_no_condition_is_dropped_in_the_corpus(case: dict[str, Any]) -> None:
    assert _dropped(read_topic(case["text"], case["programme"])) == []


# The corpus's sentences, mixed: a paste of several topics, or of a whole portal page.
SENTENCES = sorted({piece for text in TEXTS for line in normalise_lines(text) for piece in _PIECE_END.split(line)})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=12), st.sampled_from(["\n", " ", "\n\n", "\n- "]))
def test_topic_no_condition_is_dropped_in_mixed_texts(parts: list[str], glue: str) -> None:
    reading = read_topic(glue.join(parts))
    assert _dropped(reading) == []
    _check_invariants(reading)


def test_topic_funding_list_after_the_clause_is_read_only_when_it_plainly_funds() -> None:
    """ "Beneficiaries from the following countries are exceptionally eligible for funding: Brazil, India, Mexico."
    (an NCP review's sentence, in the corpus) funds those three; a denial, a condition or a group of the EU's is
    quoted, never read as funding."""
    read = _reading("Beneficiaries from the following countries are eligible for funding: Brazil and India.")
    assert read["topic"] == {"funded_third_countries": ["BR", "IN"]}
    for sentence in (
        "Beneficiaries from the following countries are not eligible for funding: Brazil, India.",
        "Beneficiaries from the following countries are eligible for funding: Brazil, if it is needed.",
        "Where justified, beneficiaries from the following countries are eligible for funding: Brazil.",
        "Beneficiaries from the following countries are eligible for funding: Member States, Brazil.",
    ):
        read = _reading(sentence)
        assert "funded_third_countries" not in read["topic"], sentence
        assert read["uninterpreted"] == [sentence], sentence


# --- routine sentences of the conditions box ------------------------------------------------------------
# The JRC's permission to join the consortium selected for funding (HE-NCP-JRC), the award of the best project of
# each option (General Annex F, procedure) and financial support to third parties (General Annex G, set-up) set no
# condition on who takes part: pasted with the rest of the box, they leave the verdict as it is without them.
ROUTINE_BOX = (
    "The Joint Research Centre (JRC) may participate as member of the consortium selected for funding.\n"
    "To ensure a balanced portfolio covering different approaches, grants will be awarded to applications not only "
    "in order of ranking but at least also to one project that is the highest ranked within each option, provided "
    "that the applications attain all thresholds.\n"
    "Beneficiaries may provide financial support to third parties. The maximum amount to be granted to each third "
    "party is EUR 60 000."
)


def test_topic_routine_sentences_leave_the_verdict_as_without_them() -> None:
    consortium = [
        {"name": name, "country": country, "role": role}
        for name, country, role in (("A", "DE", "coordinator"), ("B", "FR", "beneficiary"), ("C", "IT", "beneficiary"))
    ]
    call = {"programme": "horizon-europe", "action": "RIA", "call_year": 2026, "participants": consortium}
    without = horizon_eligibility.check(call)
    pasted = horizon_eligibility.check({**call, "topic": {"conditions_text": ROUTINE_BOX}})
    assert (pasted.outcome, pasted.headline) == (without.outcome, without.headline)
    assert pasted.conditions_to_confirm == ()
    assert _reading(ROUTINE_BOX)["uninterpreted"] == []


def test_topic_a_list_item_with_markup_after_it_is_not_a_heading() -> None:
    """Found by the mixed-texts property test: "Other Eligible Conditions - EU Member States; \">" (a portal
    heading, a list item and a cut tag, joined on one line) was taken for a heading and dropped. A semicolon ends a
    list item, and markup after the text is not part of it: the sentence is quoted, not dropped."""
    reading = read_topic('Other Eligible Conditions - EU Member States; ">')
    assert _dropped(reading) == []
    assert reading.uninterpreted == ('Other Eligible Conditions - EU Member States; ">',)
