"""The organisation directory (src/horizon_eligibility/directory/, from CORDIS) and its search.

Expected answers come from CORDIS (source CORDIS-HE: the organisations' rows in he_organizations.csv, snapshot
2025-12-06) and from the directory's own rows (a query made of an organisation's words must find that
organisation's PIC); the search's index is held equal to a plain scan of every organisation.
"""

from __future__ import annotations

import csv
import gzip
import random
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from conftest import COMMITTED_DIRECTORY

from horizon_eligibility import load_rules
from horizon_eligibility.directory import (
    COLUMNS,
    Directory,
    DirectoryError,
    Organisation,
    _normal_lines,
    cordis_type,
    is_eric,
    load_directory,
    normal,
    parse,
    without_umlauts,
    words,
)

FILE = COMMITTED_DIRECTORY / "organisations.tsv.gz"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "cordis"
RULES = load_rules()


@cache
def directory() -> Directory:
    found = load_directory()
    assert found is not None
    return found


def plain(text: str) -> str:
    """Lower case without accents, as a person types a name: the test's own reading, not the engine's."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


# ----- the committed file ---------------------------------------------------------------------------------


def test_committed_directory_is_compact_well_formed_and_attributed() -> None:
    assert FILE.stat().st_size <= 1_200_000  # what the checker page may fetch, gzipped
    d = parse(FILE.read_bytes())
    # The Horizon Europe snapshot is the date of CORDIS-HE in data/sources.yaml.
    assert d.snapshot("HE") == RULES.sources["CORDIS-HE"]["date"] == "2025-12-06"
    assert d.source("HE") == "CORDIS-HE" and d.source("H2020") in RULES.sources
    assert d.meta["counts"]["organisations"] == len(d) == len(d.by_pic)
    # SOURCE.md of the CORDIS extracts: 30,721 Horizon Europe organisations in he_organizations.csv.
    assert d.meta["counts"]["horizon_europe"] == sum(o.programme == "HE" for o in d.organisations) == 30_721
    assert {o.programme for o in d.organisations} == {"HE", "H2020"}
    for o in d.organisations:
        assert o.country == "" or RULES.resolve_country(o.country) == o.country, o
        assert o.activity in ("HES", "REC", "PRC", "PUB", "OTH", ""), o
        assert o.projects >= 1 and (o.last_year is None or 2014 <= o.last_year <= 2027), o
        assert o.name == o.name.strip() and "\t" not in o.name and o.short_name != o.name, o
    order = [(-o.projects, o.name, o.pic) for o in d.organisations]
    assert order == sorted(order)
    with gzip.open(FILE, "rt", encoding="utf-8") as handle:
        header = handle.read().split("\n")[1].split("\t")
    assert tuple(header) == COLUMNS
    assert not {"vat", "vatNumber", "street", "city", "ecContribution", "totalCost"} & set(header)
    source = (COMMITTED_DIRECTORY / "SOURCE.md").read_text(encoding="utf-8")
    for needed in ("© European Union", "CC BY 4.0", "2011/833/EU", "2025-12-06", "make directory"):
        assert needed in source, needed


def test_special_entities_are_tagged_as_in_the_cordis_fixture() -> None:
    """The directory and the CORDIS test fixture tag the same organisations, with the same types."""
    with (FIXTURE / "special_entities.csv").open(encoding="utf-8") as handle:
        fixture = {row["organisation_id"]: row["tag"] for row in csv.DictReader(handle)}
    tagged = {o.pic: o.special for o in directory().organisations if o.special}
    assert tagged == fixture
    assert {o.type for o in directory().organisations if o.special} == set(fixture.values())


def test_damaged_directory_files_are_refused_plainly() -> None:
    good = gzip.decompress(FILE.read_bytes()).decode("utf-8").split("\n")
    for damaged in (
        b"\x1f\x8b\x08\x00broken",
        b"no metadata\n",
        ("#" + '{"format": 99}\n' + "\n".join(good[1:3])).encode(),
        ("\n".join(good[:2]) + "\n123\tshort row\n").encode(),
    ):
        with pytest.raises(DirectoryError):
            parse(damaged)


# ----- the types read from CORDIS ---------------------------------------------------------------------------


def test_types_follow_the_cordis_activity_types() -> None:
    # CORDIS activity types: HES higher or secondary education, REC research organisations, PRC private
    # for-profit entities, PUB public bodies (other than those), OTH other; the SME flag of the participant
    # register.
    assert cordis_type("HES", False, "").type == "university"
    assert cordis_type("REC", False, "").type == "research-organisation"
    assert cordis_type("PRC", True, "")[:3] == ("sme", (), "")
    assert cordis_type("PRC", False, "")[:3] == ("company", (), "")
    assert cordis_type("OTH", False, "").type == "other"
    assert cordis_type("", None, "").type is None
    assert cordis_type("REC", False, "jrc").type == "jrc"


def test_types_cordis_leaves_open_are_marked_uncertain() -> None:
    assert cordis_type("PUB", False, "").alternatives == ("public-procurer",)  # CORDIS has no procurer category
    assert cordis_type("PRC", None, "").alternatives == ("sme",)  # SME status not recorded
    for activity, base in (("HES", "university"), ("REC", "research-organisation"), ("PUB", "public-body")):
        reading = cordis_type(activity, True, "")
        assert reading.type == "sme" and reading.alternatives == (base,) and activity in reading.doubt


def test_fraunhofer_cnrs_ku_leuven_and_tno_as_cordis_records_them() -> None:
    # CORDIS-HE, he_organizations.csv: organisationID, country, activityType, SME of each.
    expected = {
        "999984059": ("DE", "research-organisation"),  # FRAUNHOFER GESELLSCHAFT ..., REC, not an SME
        "999997930": ("FR", "research-organisation"),  # CENTRE NATIONAL DE LA RECHERCHE SCIENTIFIQUE CNRS, REC
        "999991334": ("BE", "university"),  # KATHOLIEKE UNIVERSITEIT LEUVEN, HES
        "999988909": ("NL", "research-organisation"),  # NEDERLANDSE ORGANISATIE ... TNO, REC
        "999992304": ("BE", "jrc"),  # JRC - Joint Research Centre (tagged)
    }
    for pic, (country, kind) in expected.items():
        org = directory().get(pic)
        assert org is not None and (org.country, org.type) == (country, kind), org


# ----- search -------------------------------------------------------------------------------------------------


def pics(query: str, country: str | None = None, limit: int = 5) -> list[str]:
    return [o.pic for o in directory().search(query, country, limit)]


def test_search_knows_short_names() -> None:
    # PICs and short names as CORDIS-HE records them.
    assert pics("CNRS")[0] == "999997930"
    assert pics("KU Leuven")[0] == pics("leuven ku")[0] == "999991334"
    assert pics("TNO")[0] == "999988909"
    assert pics("fraunhofer gesellschaft", "DE")[0] == "999984059"
    assert pics("Fraunhofer")[0] == "999984059"  # the short name, and the most projects


def test_search_ignores_case_accents_and_order() -> None:
    assert pics("ETH Zürich") == pics("eth zurich") == pics("zurich ETH")
    assert pics("eth zurich")[0] == "999979015"  # EIDGENOESSISCHE TECHNISCHE HOCHSCHULE ZUERICH (ETH Zürich)
    assert pics("technische hochschule zürich")[0] == "999979015"  # ZUERICH in CORDIS
    assert pics("KØBENHAVNS UNIVERSITET")[0] == pics("kobenhavns universitet")[0] == "999991043"
    assert pics("université") == pics("UNIVERSITE")
    assert pics("") == pics("  - ") == []
    assert pics("fraunhofer", "XX") == []


def sampled_queries(seed: int, count: int = 100) -> list[tuple[str, str, str]]:
    """(query, country, PIC) for organisations drawn at random: up to three of the name's words, picked at
    random and kept in their order, lower-cased and without accents."""
    rng = random.Random(seed)
    organisations = [o for o in directory().organisations if o.country]
    out = []
    for org in rng.sample(organisations, count):
        name_words = plain(org.name).split()
        if len(name_words) > 3:
            name_words = [name_words[i] for i in sorted(rng.sample(range(len(name_words)), 3))]
        out.append((" ".join(name_words), org.country, org.pic))
    return out


@pytest.mark.parametrize("seed", [20251206, 7], ids=["sample", "held-back-sample"])
def test_search_finds_sampled_organisations_among_the_first_five(seed: int) -> None:
    """The issue's measure: at least 95 of 100 organisations are among the first five matches. The seed
    20251206 is the sample; 7 was held back while the ranking was written."""
    misses = [(q, c, pic) for q, c, pic in sampled_queries(seed) if pic not in pics(q, c)]
    assert len(misses) <= 5, misses


def scan(query: str, country: str | None, limit: int) -> list[str]:
    """The search as the README says it, by looking at every organisation (no index): the words of the query
    are prefixes of the name's or short name's words; the whole short name or name first, then the most
    query words that are whole words, then the most projects, then name and PIC."""
    asked = list(dict.fromkeys(words(query)))
    if not asked:
        return []
    whole = " ".join(asked)
    found = []
    for org in directory().organisations:
        if country is not None and org.country != country:
            continue
        raw = words(org.name) + words(org.short_name)
        mine = set(raw) | {w for w in (without_umlauts(w) for w in raw) if len(w) >= 3}
        if not all(any(w.startswith(a) for w in mine) for a in asked):
            continue
        names = {" ".join(words(org.name)), " ".join(words(org.short_name))}
        is_whole = whole in names or without_umlauts(whole) in {without_umlauts(n) for n in names}
        exact = sum(a in mine for a in asked)
        found.append(((not is_whole, -exact, -org.projects, org.name, org.pic), org.pic))
    return [pic for _, pic in sorted(found)[:limit]]


def test_search_ranks_as_a_scan_of_every_organisation() -> None:
    """The index (sorted words, prefix ranges, set intersections) gives what a plain scan gives."""
    rng = random.Random(11)
    queries: list[tuple[str, str | None]] = [("u", None), ("uni", None), ("de la", "FR"), ("a b", None), ("mue", None)]
    queries += [("de la", None), ("universidad de", "ES"), ("s c i", None), ("cnrs", None), ("ku leuven", None)]
    for org in rng.sample(directory().organisations, 40):
        name_words = words(org.name)
        chosen = rng.sample(name_words, min(len(name_words), rng.randint(1, 3)))
        query = " ".join(w[: rng.randint(1, len(w))] for w in chosen)
        queries.append((query, org.country if rng.random() < 0.5 else None))
    for query, country in queries:
        assert pics(query, country, 8) == scan(query, country, 8), (query, country)


def test_many_names_normalised_at_once_read_as_one_by_one() -> None:
    names = [f"{o.name}\t{o.short_name}" for o in directory().organisations]
    assert _normal_lines(names) == [normal(name) for name in names]


def test_a_directory_of_organisations_given_in_python() -> None:
    def org(pic: str, name: str, projects: int) -> Organisation:
        return Organisation(pic, name, "", "DE", "PRC", True, "", projects, 2024, "HE")

    d = Directory([org("900000001", "Alpha Müller GmbH", 1), org("900000002", "Alpha Mueller AG", 3)])
    assert [o.pic for o in d.search("alpha muller")] == ["900000002", "900000001"]  # more projects first
    assert [o.pic for o in d.search("Alpha Müller GmbH")] == ["900000001"]
    assert [o.pic for o in d.search("alpha mueller ag")] == ["900000002"]
    assert d.get(" 900000001 ") is not None and d.get("900000003") is None


def test_the_worker_loads_the_directory_it_is_given_and_searches_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the page's worker calls: load_directory with the file it fetched, then partners."""
    import json

    from horizon_eligibility import directory as directory_module
    from horizon_eligibility import worker

    monkeypatch.setattr(directory_module, "_installed", None)
    monkeypatch.setattr(directory_module, "PACKAGE_FILE", FILE.with_name("absent.gz"))  # as in the site's wheel
    before = json.loads(worker.partners(json.dumps({"query": "fraunhofer"})))
    assert before["ok"] is False and "not loaded" in before["errors"][0]["message"]
    loaded = json.loads(worker.load_directory(json.dumps({"path": str(FILE)})))
    assert loaded == {"ok": True, "organisations": len(directory()), "snapshots": directory().meta["snapshots"]}
    found = json.loads(worker.partners(json.dumps({"query": "fraunhofer gesellschaft", "country": "DE", "limit": 3})))
    assert found["ok"] and found["matches"][0]["pic"] == "999984059"
    # A country the form holds is read as the engine reads countries (a name too); one it does not know yet
    # (typed halfway) does not narrow the search.
    named = json.loads(worker.partners(json.dumps({"query": "fraunhofer gesellschaft", "country": "Germany"})))
    assert named["matches"][0]["pic"] == "999984059"
    assert json.loads(worker.partners(json.dumps({"query": "fraunhofer gesellschaft", "country": "Germ"})))["ok"]
    bad = json.loads(worker.partners(json.dumps({"query": 3})))
    assert bad["ok"] is False and bad["errors"][0]["path"] == "query"
    broken = json.loads(worker.load_directory(json.dumps({"path": str(FILE.with_name("SOURCE.md"))})))
    assert broken["ok"] is False and "cannot be read" in broken["errors"][0]["message"]


def test_an_eric_is_known_by_its_cordis_name() -> None:
    # Names and short names as CORDIS-HE records them (he_organizations.csv, 2025-12-06).
    assert is_eric("EATRIS ERIC", "EATRIS")
    assert is_eric("DIGITAL RESEARCH INFRASTRUCTURE FOR THE ARTS AND HUMANITIES", "DARIAH ERIC")
    assert is_eric("INTEGRATED CARBON OBSERVATION SYSTEM EUROPEAN RESEARCH INFRASTRUCTURECONSORTIUM", "ICOS ERIC")
    assert is_eric("ECCSEL EUROPEAN RESEARCH INFRASTRUCTURE CONSORTIUM", "")
    # An association whose short name is ERIC (European Research Institute of Catalysis) is not one.
    assert not is_eric("European Research Institute of Catalysis A.I.S.B.L.", "ERIC A.I.S.B.L.")
    assert not is_eric("Frederic Research", "")
