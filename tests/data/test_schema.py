"""Every data file has a schema and passes it; bad data stops the build with the file, entry and field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from horizon_eligibility.topic_reader import NOT_READ, READERS

from .helpers import DATA, SCHEMAS, DataCopy, compile_rules, data_files, data_schema

SHARED = "common.schema.yaml"


def schema_files() -> list[Path]:
    return sorted(SCHEMAS.glob("*.schema.yaml"))


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_data_file_has_a_schema(path: Path) -> None:
    assert data_schema.schema_for(path).is_file(), f"no schema for {path.relative_to(DATA)}"


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_data_file_validates(path: Path) -> None:
    compile_rules.load_yaml(path)  # raises DataError naming the file, entry and field


def test_every_schema_serves_a_data_file() -> None:
    stems = {p.stem for p in data_files()}
    unused = [p.name for p in schema_files() if p.name != SHARED and p.name.removesuffix(".schema.yaml") not in stems]
    assert not unused, f"schemas without a data file: {unused}"


@pytest.mark.parametrize("path", schema_files(), ids=lambda p: p.name)
def test_every_schema_is_a_valid_draft_2020_12_schema(path: Path) -> None:
    schema: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_references_resolve() -> None:
    # Validating every file exercises the $refs that are reached; this reaches every $ref.
    def refs(node: Any) -> list[str]:
        if isinstance(node, dict):
            own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
            return own + [r for v in node.values() for r in refs(v)]
        if isinstance(node, list):
            return [r for v in node for r in refs(v)]
        return []

    registry = data_schema.schema_registry(SCHEMAS)
    for path in schema_files():
        resolver = registry.resolver(base_uri=path.name)
        for ref in refs(yaml.safe_load(path.read_text(encoding="utf-8"))):
            resolver.lookup(ref)  # raises if the target does not exist


def test_compile_rules_succeeds_on_the_data(data_copy: DataCopy) -> None:
    rules = compile_rules.compile_rules()
    assert set(rules["programmes"]) == {"horizon-europe", "horizon-2020"}


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str
    old: str
    new: str
    expected: tuple[str, ...]  # the entry path and field ([*]: any index), then what else the error says

    def location(self) -> re.Pattern[str]:
        return re.compile(re.escape(self.expected[0]).replace(r"\[\*\]", r"\[\d+\]"))


MUTATIONS = [
    Mutation(
        "wrong status enum",
        "horizon-europe/association.yaml",
        "  KR:\n    - from_year: 2025\n      status: associated",
        "  KR:\n    - from_year: 2025\n      status: associate",
        ("countries.KR[0].status", "'associate' is not one of"),
    ),
    Mutation(
        "wrong effect enum",
        "horizon-europe/restrictions.yaml",
        "effect: associated-partner-only",
        "effect: partner-only",
        ("restrictions[*].effect", "'partner-only'"),
    ),
    Mutation(
        "wrong evidence enum",
        "eu.yaml",
        "  evidence: unverified",
        "  evidence: probable",
        ("oct_counting.evidence", "'probable'"),
    ),
    Mutation(
        "wrong severity enum",
        "horizon-europe/programme.yaml",
        "  severity: warning",
        "  severity: notice",
        ("not_funded_beneficiary.severity", "'notice'"),
    ),
    Mutation(
        "wrong condition kind",
        "horizon-2020/actions.yaml",
        "{kind: max-beneficiaries, max: 5,",
        "{kind: max-beneficiary, max: 5,",
        ("actions.FTI.conditions[1].kind", "'max-beneficiary'"),
    ),
    Mutation(
        "wrong count enum",
        "horizon-europe/actions.yaml",
        "count: participants",
        "count: partners",
        ("actions.MSCA-SE.conditions[0].count", "'partners'"),
    ),
    Mutation(
        "wrong established_in enum",
        "horizon-europe/actions.yaml",
        "        established_in: widening\n",
        "        established_in: widening-country\n",
        ("actions.Excellence-Hubs.conditions[1].established_in", "'widening-country'"),
    ),
    Mutation(
        "parameter of another condition kind",
        "horizon-2020/actions.yaml",
        "{kind: max-beneficiaries, max: 5,",
        "{kind: max-beneficiaries, max: 5, min: 2,",
        ("actions.FTI.conditions[1]", "'min' was unexpected"),
    ),
    Mutation(
        "missing condition parameter",
        "horizon-2020/actions.yaml",
        "{kind: beneficiaries-established, from_year: 2019, max_outside: 1,",
        "{kind: beneficiaries-established, from_year: 2019,",
        ("actions.ERC-SyG.conditions[3]", "'max_outside' is a required property"),
    ),
    Mutation(
        "missing parameter in a by-size option",
        "horizon-2020/actions.yaml",
        "count: beneficiaries, entity_types: [sme, company], min: 3,",
        "count: beneficiaries, entity_types: [sme, company],",
        ("actions.FTI.conditions[3].options[2].conditions[0]", "'min' is a required property"),
    ),
    Mutation(
        "missing sources of an association interval",
        "horizon-europe/association.yaml",
        "      sources: [KR-HE]\n",
        "",
        ("countries.KR[0]", "'sources' is a required property"),
    ),
    Mutation(
        "empty sources",
        "horizon-europe/association.yaml",
        "sources: [KR-HE]",
        "sources: []",
        ("countries.KR[0].sources", "should be non-empty"),
    ),
    Mutation(
        "missing verified_on of a source",
        "sources.yaml",
        "    verified_on: 2026-11-22\n",
        "",
        ("sources.SEED-000", "'verified_on' is a required property"),
    ),
    Mutation(
        "misspelt field",
        "sources.yaml",
        "    verified_on: 2026-11-22\n",
        "    verifed_on: 2026-11-22\n",
        ("sources.SEED-000", "'verified_on' is a required property", "'verifed_on' was unexpected"),
    ),
    Mutation(
        "bad date (text)",
        "horizon-europe/restrictions.yaml",
        "from_date: 2024-06-24",
        "from_date: 24 June 2024",
        ("restrictions[*].from_date", "'24 June 2024'"),
    ),
    Mutation(
        "bad date (no leading zero, quoted)",
        "eu.yaml",
        "until: 2020-01-31",
        "until: '2020-1-31'",
        ("member_states.entries[*].until", "'2020-1-31'"),
    ),
    Mutation(
        "bad date (impossible, quoted)",
        "horizon-europe/association.yaml",
        "from_deadline: 2025-04-10",
        "from_deadline: '2025-04-31'",
        ("countries.EG[0].from_deadline", "'2025-04-31' is not a 'date'"),
    ),
    Mutation(
        "based_on together with a full list",
        "horizon-europe/funding.yaml",
        "    call_years: [2025]\n",
        "    call_years: [2025]\n    countries: [FR]\n",
        ("low_middle_income[*]", "'countries'"),
    ),
    Mutation(
        "a list version with neither countries nor based_on",
        "horizon-europe/funding.yaml",
        "    call_years: [2025]\n    based_on: jan-2023\n",
        "    call_years: [2025]\n",
        ("low_middle_income[*]", "'countries' is a required property"),
    ),
    Mutation(
        "unknown source id",
        "horizon-europe/association.yaml",
        "sources: [KR-HE]",
        "sources: [KR-HE-2025]",
        ("countries.KR[0].sources", "'KR-HE-2025'", "unknown source id"),
    ),
    Mutation(
        "unknown source id in a condition",
        "horizon-2020/actions.yaml",
        "sources: [H2020-SME-FTI]}]}",
        "sources: [H2020-FTI-2]}]}",
        ("actions.FTI.conditions[3].options[1].conditions[0].sources", "'H2020-FTI-2'"),
    ),
    Mutation(
        "unknown country code in a restriction",
        "horizon-europe/restrictions.yaml",
        "countries: [HK, MO]",
        "countries: [HK, MX, XQ]",
        ("restrictions[*].countries", "'XQ'", "unknown country code"),
    ),
    Mutation(
        "unknown country code as an association key",
        "horizon-europe/association.yaml",
        "  KR:\n",
        "  KQ:\n",
        ("countries.KQ", "'KQ'", "unknown country code"),
    ),
    Mutation(
        "unknown country code in a funding list",
        "horizon-2020/funding.yaml",
        "MN, MA, MZ, MM,",
        "MN, MA, MZ, BU,",
        ("annex_a[*].countries", "'BU'", "unknown country code"),
    ),
    Mutation(
        "malformed country code",
        "horizon-europe/widening.yaml",
        "countries: [AL, AM, BA, FO, GE, XK,",
        "countries: [AL, AM, BA, FO, GE, Xk,",
        ("associated_countries[*].countries[*]", "'Xk' does not match"),
    ),
    Mutation(
        "Norway written as a bare NO (YAML 1.1 reads false)",
        "countries.yaml",
        '  "NO": "Norway"',
        '  NO: "Norway"',
        ("countries", "'False' does not match"),
    ),
    Mutation(
        "a name that would stand for two countries",
        "countries.yaml",
        '  NL: ["Holland"]',
        '  NL: ["Holland", "Deutschland"]',
        ("input_names.NL", "'Deutschland' already names DE"),
    ),
    Mutation(
        "an ambiguous name given to one country",
        "countries.yaml",
        '  CH: ["Swiss"]',
        '  CH: ["Swiss", "Korea"]',
        ("input_names.CH", "'Korea' is in ambiguous_names"),
    ),
    Mutation(
        "an alpha-3 code given twice",
        "countries.yaml",
        '"DE": DEU,',
        '"DE": AUT,',
        ("alpha3", "AUT stand for more than one country"),
    ),
    Mutation(
        "unknown programme part in an association interval",
        "horizon-europe/association.yaml",
        '      parts: [pillar-2]\n      note: "Transitional arrangement from 1 January 2025',
        '      parts: [pillar-4]\n      note: "Transitional arrangement from 1 January 2025',
        ("countries.KR[0].parts", "'pillar-4'", "unknown programme part"),
    ),
    Mutation(
        "unknown programme part as an action's default",
        "horizon-2020/actions.yaml",
        "default_part: spreading-excellence",
        "default_part: spreading-excelence",
        ("actions.Teaming.default_part", "'spreading-excelence'", "unknown programme part"),
    ),
    Mutation(
        "unknown programme part of a call prefix",
        "horizon-europe/programme.yaml",
        "{prefix: HORIZON-WIDERA, part: widening}",
        "{prefix: HORIZON-WIDERA, part: widening-participation}",
        ("call_prefixes[*].part", "'widening-participation'", "unknown programme part"),
    ),
    Mutation(
        "unknown action in a restriction",
        "horizon-europe/restrictions.yaml",
        "actions: [IA]",
        "actions: [IAs]",
        ("restrictions[*].actions", "'IAs'", "unknown action"),
    ),
    # Cross-references: every id data names must exist (flags, topic options, actions, types, parts).
    Mutation(
        "misspelt topic option that lifts a restriction",
        "horizon-europe/restrictions.yaml",
        "unless_topic: china_ria_exempt",
        "unless_topic: china_ria_exmpt",
        ("restrictions[*].unless_topic", "'china_ria_exmpt'", "unknown topic option"),
    ),
    Mutation(
        "misspelt topic option a restriction needs",
        "horizon-europe/restrictions.yaml",
        "only_if_topic: control_restriction",
        "only_if_topic: control_restrictions",
        ("restrictions[*].only_if_topic", "'control_restrictions'", "unknown topic option"),
    ),
    Mutation(
        "topic option of the other programme",
        "horizon-2020/funding.yaml",
        "topic_option: health_challenge",
        "topic_option: china_ria_exempt",
        ("programme_exceptions[*].topic_option", "'china_ria_exempt'", "unknown topic option of this programme"),
    ),
    Mutation(
        "unknown flag in a restriction",
        "horizon-europe/restrictions.yaml",
        "flags: [miit-university]",
        "flags: [miit-universities]",
        ("restrictions[*].flags", "'miit-universities'", "unknown flag"),
    ),
    Mutation(
        "unknown action in an association's excluded component",
        "horizon-europe/association.yaml",
        "actions: [EIC-Accelerator]",
        "actions: [EIC-Acelerator]",
        ("countries.GB[1].excluded_components[0].actions", "'EIC-Acelerator'", "unknown action"),
    ),
    Mutation(
        "unknown action where headquarters count",
        "horizon-europe/programme.yaml",
        "headquarters_count_for_actions: [ERC-StG,",
        "headquarters_count_for_actions: [ERC-STG,",
        ("entity_funding.international-organisation.headquarters_count_for_actions", "'ERC-STG'", "unknown action"),
    ),
    Mutation(
        "unknown action the US health exception skips",
        "horizon-2020/funding.yaml",
        "not_for_actions: [SME-Instrument]",
        "not_for_actions: [SME-instrument]",
        ("programme_exceptions[*].not_for_actions", "'SME-instrument'", "unknown action"),
    ),
    Mutation(
        "unknown entity type deemed in another Member State",
        "horizon-europe/programme.yaml",
        "deemed_other_member_state: [jrc,",
        "deemed_other_member_state: [JRC-body,",
        ("deemed_other_member_state", "'JRC-body'"),
    ),
    Mutation(
        "unknown entity type in a condition",
        "horizon-europe/actions.yaml",
        "entity_types: [public-procurer]",
        "entity_types: [public-buyer]",
        ("actions.PCP.conditions[*].entity_types", "'public-buyer'", "unknown entity type"),
    ),
    Mutation(
        "an action in two groups of the checker's list",
        "horizon-europe/actions.yaml",
        "actions: [PCP, PPI, COFUND]",
        "actions: [PCP, PPI, COFUND, RIA]",
        ("groups[*].actions", "RIA is already in group collaborative"),
    ),
    Mutation(
        "an action in no group of the checker's list",
        "horizon-2020/actions.yaml",
        "actions: [ERA-NET-Cofund, PCP, PPI]",
        "actions: [ERA-NET-Cofund, PCP]",
        ("groups", "no group lists PPI"),
    ),
    Mutation(
        "unknown action in a group of the checker's list",
        "horizon-europe/actions.yaml",
        "actions: [RIA, IA, CSA]",
        "actions: [RIA, IA, CSAs]",
        ("groups[*].actions", "'CSAs'"),
    ),
    Mutation(
        "unknown reference action",
        "horizon-europe/programme.yaml",
        "reference_action: RIA",
        "reference_action: RIAs",
        ("reference_action", "'RIAs'", "unknown action"),
    ),
    Mutation(
        "unknown default part",
        "horizon-2020/programme.yaml",
        "default_part: societal-challenges",
        "default_part: societal-challenge",
        ("default_part", "'societal-challenge'", "unknown programme part"),
    ),
]


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.name)
def test_bad_data_is_rejected_naming_file_entry_and_field(data_copy: DataCopy, mutation: Mutation) -> None:
    data_copy.edit(mutation.file, mutation.old, mutation.new)
    with pytest.raises(compile_rules.DataError) as caught:
        compile_rules.compile_rules()
    message = str(caught.value)
    assert message.startswith(f"data/{mutation.file}: "), message
    assert mutation.location().search(message), f"{mutation.expected[0]!r} not in: {message}"
    for expected in mutation.expected[1:]:
        assert expected in message, f"{expected!r} not in: {message}"


def test_broken_yaml_is_rejected_naming_file_and_line(data_copy: DataCopy) -> None:
    relative = "horizon-europe/funding.yaml"
    data_copy.edit(relative, "  countries: [BR, RU, IN, CN, MX]", "  countries: [BR, RU, IN, CN, MX")
    with pytest.raises(compile_rules.DataError) as caught:
        compile_rules.compile_rules()
    message = str(caught.value)
    assert message.startswith(f"data/{relative}: (file): not valid YAML"), message
    assert "line" in message


def test_impossible_unquoted_date_is_a_yaml_error_with_its_line(data_copy: DataCopy) -> None:
    # PyYAML raises a bare ValueError for 2022-12-32; the build turns it into an error with a line.
    relative = "horizon-europe/restrictions.yaml"
    line = data_copy.line_of(relative, "from_date: 2022-12-16")
    data_copy.edit(relative, "from_date: 2022-12-16", "from_date: 2022-12-32")
    with pytest.raises(compile_rules.DataError) as caught:
        compile_rules.compile_rules()
    message = str(caught.value)
    assert message.startswith(f"data/{relative}: (file): not valid YAML: invalid date '2022-12-32'"), message
    assert f"line {line}," in message


def test_build_command_reports_bad_data_and_fails(data_copy: DataCopy, capsys: pytest.CaptureFixture[str]) -> None:
    data_copy.edit("horizon-europe/association.yaml", "sources: [KR-HE]", "sources: [KR-HE-2025]")
    assert compile_rules.main([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: data/horizon-europe/association.yaml: countries.KR[0].sources: ")
    assert not data_copy.output.exists()


def test_check_passes_on_fresh_rules_and_fails_on_stale_rules(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    assert compile_rules.main(["--check"]) == 1, "no rules.json yet: --check must fail"
    assert compile_rules.main([]) == 0
    assert compile_rules.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out

    data_copy.edit("horizon-europe/restrictions.yaml", "from_date: 2024-06-24", "from_date: 2024-06-25")
    assert compile_rules.main(["--check"]) == 1
    assert "rules.json is stale" in capsys.readouterr().err


def test_check_fails_when_rules_json_was_edited_by_hand(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    assert compile_rules.main([]) == 0
    text = data_copy.output.read_text(encoding="utf-8")
    data_copy.output.write_text(text.replace('"format": 2', '"format": 3', 1), encoding="utf-8")
    assert compile_rules.main(["--check"]) == 1
    assert "stale" in capsys.readouterr().err


def test_schema_error_lists_every_problem(data_copy: DataCopy) -> None:
    data_copy.edit("horizon-europe/restrictions.yaml", "effect: associated-partner-only", "effect: partner-only")
    data_copy.edit("horizon-europe/restrictions.yaml", "from_date: 2024-06-24", "from_date: 24 June 2024")
    with pytest.raises(compile_rules.DataError) as caught:
        compile_rules.compile_rules()
    message = str(caught.value)
    assert re.search(r"restrictions\[\d+\]\.effect: 'partner-only'", message), message
    assert re.search(r"restrictions\[\d+\]\.from_date: '24 June 2024'", message), message


def test_a_data_file_without_schema_is_rejected(data_copy: DataCopy) -> None:
    (data_copy.data / "schema" / "widening.schema.yaml").unlink()
    with pytest.raises(compile_rules.DataError) as caught:
        compile_rules.compile_rules()
    assert "no schema at data/schema/widening.schema.yaml" in str(caught.value)


def test_compile_reports_topic_options_the_topic_reader_does_not_read(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # On today's data: only the Horizon 2020 option that the call identifier sets, declared as never read.
    assert compile_rules.main([]) == 0
    report = [line for line in capsys.readouterr().err.splitlines() if "topic option" in line]
    assert report == [
        f"note: horizon-2020: topic option health_challenge is not read from texts: {NOT_READ['health_challenge']}"
    ]
    # An option without a reader (and not declared) is a warning naming the programme and the option.
    monkeypatch.delitem(READERS, "composition")
    assert compile_rules.main([]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {programme}: topic option composition has no reader in horizon_eligibility.topic_reader and is "
        "not declared as not read (registry.NOT_READ)"
        for programme in ("horizon-2020", "horizon-europe")
    ]
