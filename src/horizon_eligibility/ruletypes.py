"""The shape of the compiled rules (rules.json), as types for mypy: one TypedDict per data file.

The JSON Schemas in data/schema/ define the data's shape, and the default of every optional field
(build_scripts/rules/defaults.py fills them in when data/ is compiled, so that the engine, the command line and
the site read the fields directly and never re-default them). These types name the same fields;
tests/data/test_data_shape.py holds the compiled rules.json to them key for key.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

Evidence = Literal["official", "seed", "secondary", "unverified"]
SeverityText = Literal["error", "warning", "info"]


# -- data/sources.yaml, data/countries.yaml, data/flags.yaml, data/eu.yaml -------------------------
class Source(TypedDict):
    title: str
    publisher: str
    version: str
    date: str
    reference: str
    url: str
    evidence: Evidence
    verified_on: str
    note: str | None


class Flag(TypedDict):
    label: str
    help: str
    countries: list[str]  # the countries whose entities it is about ([] for any)
    sources: list[str]


class FundedCountries(TypedDict):
    programme: str
    countries: list[str]


# -- data/topic_options.yaml -------------------------------------------------------------------------
class TopicOption(TypedDict):
    label: str
    kind: Literal["bool", "countries", "composition"]  # the form control
    takes: list[str]  # every value the input accepts: true, countries, groups, associated-countries, composition
    help: str
    empty: str | None  # what an empty list means (kind countries), where the checker offers it as a choice
    programmes: list[str]
    sources: list[str]
    # Worked out by the compiler from the rules that name the option (rule ids):
    lifts: list[str]  # restrictions and conditions it lifts (their unless_topic)
    brings_in: list[str]  # restrictions it brings in (their only_if_topic)
    funds: list[FundedCountries]  # programme exceptions it grants (their topic_option)


EuEntry = TypedDict(
    "EuEntry",
    {
        "code": str,
        "member_state": str,  # the Member State it belongs to (its own code for a Member State)
        "from": str | None,  # inclusive
        "until": str | None,  # inclusive
        "note": str | None,
        "sources": list[str],
    },
)


class EuGroup(TypedDict):
    sources: dict[str, list[str]]  # per programme
    entries: list[EuEntry]


class OctCounting(TypedDict):
    rule: str
    evidence: Evidence
    sources: list[str]


class EuFile(TypedDict):
    member_states: EuGroup
    outermost_regions: EuGroup
    territories: EuGroup
    octs: EuGroup
    oct_counting: OctCounting


# -- data/<programme>/programme.yaml ---------------------------------------------------------------
class GeneralRule(TypedDict):
    sources: list[str]


class Period(TypedDict):
    first_call_year: int
    last_call_year: int


class Part(TypedDict):
    name: str
    note: str | None
    sources: list[str]


class CallCaution(TypedDict):
    id: str  # the rule id after "<programme>.call."
    title: str
    message: str
    sources: list[str]


class CallPrefix(TypedDict):
    prefix: str
    part: str | None  # None: the identifier does not say which part
    refused: str | None  # calls of this family are outside what the engine models: why
    actions: list[str] | None  # the action types its calls can be; None: any
    segments: dict[str, list[str]]  # a part of the identifier (STG, PF) -> the action types it allows
    topic_options: list[str]  # boolean topic options every call of the family has
    caution: CallCaution | None  # conditions of its own the engine does not model: a warning says so


class EntityFunding(TypedDict):
    funding: Literal["eligible", "not-eligible", "third-country"]
    reason: str
    headquarters_count_for_actions: list[str]
    counts_at_submission: bool  # False: entities of this type join after evaluation (the JRC in HE)
    third_country: bool  # counts as established in a non-associated third country (HE-REG Art 22(10))
    note: str | None  # shown for a participant of this type
    evidence: Evidence | None
    sources: list[str]


class NotFunded(TypedDict):
    severity: SeverityText
    message: str  # {name} and {country} are filled in
    affiliated_message: str | None  # the message for an affiliated entity, where it differs
    sources: list[str]


class AssociatedPartners(TypedDict):
    role_exists: bool  # Horizon Europe has the role; Horizon 2020 did not
    reason: str  # why a participant in that role is not funded
    note: str | None  # said once per consortium that uses the role, where role_exists is false
    sources: list[str]


class SourceVersion(TypedDict):
    call_years: list[int]
    sources: list[str]  # cited for these call years in place of the series


class ProgrammeFile(TypedDict):
    id: str
    short_id: str  # the prefix of rule ids: he.restriction.russia-belarus
    name: str
    period: Period
    sources: list[str]
    # Versioned documents (the General Annexes): the series id a rule cites -> its version for each call year.
    source_versions: dict[str, list[SourceVersion]]
    default_part: str  # the part country tables show first (where most collaborative calls are)
    reference_action: str  # the action a country's published status is worked out for
    topic_options: list[str]  # the options of data/topic_options.yaml its calls have (filled in by the compiler)
    general_rules: dict[str, GeneralRule]
    eu_status_as_of_at_latest: str | None
    parts: dict[str, Part]
    call_prefixes: list[CallPrefix]
    deemed_other_member_state: list[str]
    deemed_evidence: Evidence
    entity_funding: dict[str, EntityFunding]
    not_funded_beneficiary: NotFunded
    associated_partners: AssociatedPartners


# -- data/<programme>/association.yaml ---------------------------------------------------------------
class ExcludedComponent(TypedDict):
    id: str
    name: str
    actions: list[str]
    message: str


class Interval(TypedDict):
    from_year: int
    until_year: int | None  # inclusive; None: open-ended
    from_deadline: str | None
    status: Literal["associated", "transitional", "not-associated", "unverified", "part-of"]
    part_of: str | None  # status part-of: the country whose status applies
    parts: list[str]  # every part of the programme where the data says "all"
    at_signature: Literal["applied", "not-applied"]
    excluded_components: list[ExcludedComponent]
    evidence: Evidence | None
    note: str | None
    sources: list[str]


class AssociationFile(TypedDict):
    countries: dict[str, list[Interval]]


# -- data/<programme>/funding.yaml -----------------------------------------------------------------
class FundingVersion(TypedDict):
    id: str
    title: str
    call_years: list[int]
    based_on: str | None
    add: list[str]
    remove: list[str]
    countries: list[str]  # the full list, after based_on + add/remove
    unverified_countries: list[str]
    uncertain_countries: list[str] | None  # None: all listed countries are in doubt (if unverified)
    evidence: Evidence
    note: str | None  # why some of its countries are unverified or uncertain
    note_sources: list[str]  # what the note rests on besides `sources` (cited in the warning only)
    sources: list[str]


class CountryList(TypedDict):
    countries: list[str]
    sources: list[str]


class ProgrammeException(TypedDict):
    id: str
    countries: list[str]
    topic_option: str | None
    not_for_actions: list[str]
    message: str
    sources: list[str]


class FundingFile(TypedDict):
    never_listed: CountryList
    low_middle_income: list[FundingVersion] | None
    annex_a: list[FundingVersion] | None
    programme_exceptions: list[ProgrammeException]


# -- data/<programme>/actions.yaml -------------------------------------------------------------------
class SizeOption(TypedDict):
    beneficiaries: int
    conditions: list[Condition]


class Condition(TypedDict):
    """A minimum condition. Fields that do not apply to its kind hold their neutral default."""

    kind: str
    rule: str | None  # the rule id after the programme prefix, where not "<action>.<kind>" (topic conditions)
    text: str
    severity: SeverityText
    to_confirm: bool  # a warning that is a condition of the call the engine cannot verify (outcome "eligible-if")
    from_date: str | None
    from_year: int | None  # the condition applies to calls of this year and later
    until_year: int | None  # ... and of this year and earlier
    unless_topic: str | None  # a topic option that lifts the condition
    parts: list[str] | None  # the programme parts where it applies; None: every part of the action
    fix: str | None  # the fix a failure suggests, where the engine's own does not fit
    sources: list[str]
    count: Literal["beneficiaries", "participants"]
    min: int
    established_in: Literal["ms-ac", "widening", "any"]
    independent: bool
    distinct_countries: bool
    min_member_states: int
    min_ms_ac: int
    entity_types: list[str] | None
    roles: list[str]  # beneficiaries-established: the roles it applies to
    max: int
    max_outside: int
    types: list[str]  # beneficiary-types: the types allowed (or, where empty, those in not_types refused)
    not_types: list[str]
    sectors: list[str]  # sectors: those that must each have an entity counted
    sector_types: dict[str, list[str]]  # sectors: the entity types of each sector
    unless_third_country: bool  # sectors: lifted by an entity in a non-associated third country
    options: list[SizeOption]


class FundsOutside(TypedDict):
    """The action funds a beneficiary outside the Member States and associated countries (ERC Synergy)."""

    from_year: int
    message: str
    evidence: Evidence | None
    sources: list[str]


class Action(TypedDict):
    name: str
    default_part: str
    allowed_parts: list[str]  # the parts the action belongs to (ERC: Pillar I); every part where not limited
    funds_outside_beneficiaries: FundsOutside | None
    conditions: list[Condition]
    notes: list[str]
    sources: list[str]


class ActionGroup(TypedDict):
    id: str  # collaborative, erc, msca, eic, widening, other
    name: str
    actions: list[str]  # in the order the checker lists them
    sources: list[str]


class ActionsFile(TypedDict):
    groups: list[ActionGroup]  # every action in exactly one group
    actions: dict[str, Action]


# -- data/<programme>/restrictions.yaml ------------------------------------------------------------
class ControlledBy(TypedDict):
    """A restriction reaches entities that participants with these flags or countries control."""

    flags: list[str]
    countries: list[str]
    third_countries: bool  # a controller established in a non-associated third country
    effect: Literal["same", "check"]
    message: str | None  # for check: what to check ({controller} is filled in)
    reach: Literal["chain", "direct"]  # direct: a controller further up the chain gives a warning only
    indirect_message: str | None  # for reach direct: what to check then ({controller})


class Spares(TypedDict):
    """Participants of these types in these actions are not held by a restriction (a warning instead)."""

    types: list[str]
    actions: list[str]
    message: str


class Restriction(TypedDict):
    id: str
    name: str
    countries: list[str]
    flags: list[str]
    actions: list[str]
    roles: list[str]  # the roles it applies to; all where empty
    spares: Spares | None
    effect: Literal["excluded", "associated-partner-only", "warning", "info"]
    from_date: str | None
    from_year: int | None
    earlier_deadlines: str | None  # a warning for deadlines before from_date, where the measure may reach them
    controlled_by: ControlledBy | None
    unless_topic: str | None
    only_if_topic: str | None
    message: str
    note: str | None
    sources: list[str]


class RestrictionsFile(TypedDict):
    restrictions: list[Restriction]


# -- data/<programme>/widening.yaml ----------------------------------------------------------------
class WideningAssociated(TypedDict):
    call_years: list[int]
    countries: list[str]
    evidence: Evidence | None
    note: str | None
    sources: list[str]


class WideningFile(TypedDict):
    member_states: CountryList
    outermost_regions: Literal["all", "none", "unverified"]
    associated_countries: list[WideningAssociated]


# -- rules.json --------------------------------------------------------------------------------------
class ProgrammeData(TypedDict):
    programme: ProgrammeFile
    association: AssociationFile
    funding: FundingFile
    actions: ActionsFile
    restrictions: RestrictionsFile
    widening: WideningFile


# -- data/country_groups.yaml ---------------------------------------------------------------------
# "from" is a Python keyword: the functional form.
GroupIntervalData = TypedDict(
    "GroupIntervalData",
    {"from": str, "until": "str | None", "status": Literal["member", "suspended"], "sources": list[str]},
)


class CountryGroup(TypedDict):
    """A group of countries a topic option may name by id (the African Union)."""

    name: str
    programmes: list[str]
    recorded: dict[str, str]  # from, until: the dates the data covers
    members: list[str]
    intervals: dict[str, list[GroupIntervalData]]  # where membership or standing changed
    suspended: Literal["excluded", "included"]
    footnote: str | None
    uncertain: dict[str, str]  # code -> why the group may or may not take it in
    evidence: Evidence
    sources: list[str]


class CompiledRules(TypedDict):
    format: int
    data_version: str
    data_verified_on: str
    sources: dict[str, Source]
    countries: dict[str, str]
    aliases: dict[str, str]
    name_variants: dict[str, list[str]]  # other English names and native names of a country (input, topic reader)
    input_names: dict[str, list[str]]  # names read in input only (England -> GB, Swiss -> CH)
    ambiguous_names: dict[str, list[str]]  # a name that may mean several countries (Korea) -> their codes
    alpha3: dict[str, str]  # code -> ISO 3166-1 alpha-3
    flags: dict[str, Flag]
    topic_options: dict[str, TopicOption]
    condition_defaults: dict[str, Any]  # every field of a Condition with its default (data/schema/actions.schema.yaml)
    eu: EuFile
    programmes: dict[str, ProgrammeData]
    country_groups: dict[str, CountryGroup]
