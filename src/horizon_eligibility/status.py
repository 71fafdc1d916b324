"""country_status(): what a country is for a programme, call year and part, as the engine decides it.

The country pages, their "In short" box, the map, `country-statuses.csv`, the data page and the command
line's `countries` all show this, and it comes from the engine's own decision path (decisions.assess, the
function check() uses for every participant): a published status is what check() says for a beneficiary of
that country. Without an action, that is the outcome in the part's actions that no restriction on the
country names (the programme's reference action, a Research and Innovation Action, where it is one of
them), plus the actions a restriction covers in which it differs (China: excluded from Innovation Actions,
and from most Research and Innovation Actions from 2026) and, where the call deadline decides, the status on
either side of the date. With an action, the outcome in that action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .assessment import Assessment
from .call import cached_call
from .conditions import Member, condition_rule
from .country_names import read_country
from .decisions import assess
from .input_call import deadline as deadline_of
from .input_text import Where, kind, number, shown
from .minimum import beneficiary_failures
from .model import NAME
from .rules import ProgrammeRules, Rules, load_rules

ROLE = "beneficiary"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What check() says about a beneficiary of the country, in one action and (maybe) by one deadline."""

    status: str  # ParticipantResult.status: member-state, associated, third-country, eligible-third-country, ...
    counts_towards_minimum: bool
    funding: str  # eligible | not-eligible | excluded
    reason: str

    def same_standing(self, other: Outcome) -> bool:
        """The same status, count and funding (whatever the reason's wording)."""
        return (self.status, self.counts_towards_minimum, self.funding) == (
            other.status,
            other.counts_towards_minimum,
            other.funding,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "counts_towards_minimum": self.counts_towards_minimum,
            "funding": self.funding,
            "reason": self.reason,
        }


Note = tuple[str, str, str, tuple[str, ...]]  # (severity, rule id, message, sources)


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    """The outcome in an action a restriction on the country covers, where it differs (or where the restriction
    reaches the country there with a warning only: `reached_in`)."""

    action: str
    action_name: str
    outcome: Outcome
    restrictions: tuple[str, ...] = ()  # the ids of the restrictions that make the difference
    unless_topic: tuple[str, ...] = ()  # topic options that lift them (china_ria_exempt)
    notes: tuple[Note, ...] = ()  # what check() says there and not in the main action (the restriction's text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "action_name": self.action_name,
            **self.outcome.to_dict(),
            "restrictions": list(self.restrictions),
            "unless_topic": list(self.unless_topic),
            "notes": _notes_dict(self.notes),
        }


@dataclass(frozen=True, slots=True)
class FlagOutcome:
    """The outcome for an entity of the country that carries a flag about entities of that country (a Chinese
    university under MIIT), where it differs or a restriction the flag brings reaches it."""

    flag: str
    label: str
    outcome: Outcome
    restrictions: tuple[str, ...]
    notes: tuple[Note, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "flag": self.flag,
            "label": self.label,
            **self.outcome.to_dict(),
            "restrictions": list(self.restrictions),
            "notes": _notes_dict(self.notes),
        }


def _notes_dict(notes: tuple[Note, ...]) -> list[dict[str, Any]]:
    return [{"severity": s, "rule": r, "message": m, "sources": list(src)} for s, r, m, src in notes]


@dataclass(frozen=True, slots=True)
class DeadlineSplit:
    """The call deadline decides: the outcome before the date, and from it."""

    date: str
    before: Outcome
    from_date: Outcome


@dataclass(frozen=True, slots=True)
class PublishedStatus:
    programme: str
    code: str
    name: str
    call_year: int
    part: str
    action: str | None  # the action asked for; None: any action of the part but those in other_actions
    action_name: str
    deadline: str | None
    # In `action`; without one, in the part's actions that no restriction on the country names. Where the
    # deadline decides and none is given: the engine's assumption (see notes).
    outcome: Outcome
    elsewhere: Outcome  # in the part's actions that no restriction on the country names
    restrictions: tuple[str, ...]  # the ids of the restrictions that make `outcome` differ from `elsewhere`
    established_in: str
    group: str  # member-state | outermost-region | territory | oct | associated | transitional | third-country
    funding_list: str | None
    funding_list_unverified: bool
    widening: bool
    depends_on_deadline: DeadlineSplit | None
    # The actions a restriction on the country covers (in this part, other than `action`) in which the
    # outcome differs from `outcome`, and how.
    other_actions: tuple[ActionOutcome, ...]
    notes: tuple[Note, ...]  # what check() says of such a beneficiary in `action` (or the usual action)
    sources: tuple[str, ...]
    # The actions a restriction on the country covers where it reaches the country with a warning only (Hong Kong
    # in Innovation Actions): the outcome is the same, but check() says more there.
    reached_in: tuple[ActionOutcome, ...] = ()
    # With an action: what the action's rules on where beneficiaries are established say of a beneficiary of this
    # country (a CSA's: only where the call conditions provide; an error, or a condition to confirm), and in a
    # word (BENEFICIARY): yes, if-call-provides, to-confirm or no (an associated partner only).
    as_beneficiary: tuple[Note, ...] = ()
    beneficiary: str = "yes"
    # Flags about entities of this country (data/flags.yaml `countries`) whose restrictions reach such an entity.
    flagged: tuple[FlagOutcome, ...] = ()

    @property
    def status(self) -> str:
        return self.outcome.status

    @property
    def counts_towards_minimum(self) -> bool:
        return self.outcome.counts_towards_minimum

    @property
    def funding(self) -> str:
        return self.outcome.funding

    @property
    def excluded_from(self) -> tuple[ActionOutcome, ...]:
        """The other actions from which it is excluded (any role) although it is not excluded here."""
        if self.funding == "excluded":
            return ()
        return tuple(a for a in self.other_actions if a.outcome.funding == "excluded")

    def outcome_in(self, action: str) -> Outcome:
        """What this status says for a beneficiary in `action` (an action of its part): its own outcome where
        a restriction makes it differ, else the outcome in the actions no restriction names. An action's own
        funding rules (an ERC Synergy host outside) are on its page, not here."""
        if action == self.action:
            return self.outcome
        for other in self.other_actions:
            if other.action == action:
                return other.outcome
        return self.elsewhere

    def to_dict(self) -> dict[str, Any]:
        split = self.depends_on_deadline
        return {
            "programme": self.programme,
            "code": self.code,
            "name": self.name,
            "call_year": self.call_year,
            "part": self.part,
            "action": self.action,
            "deadline": self.deadline,
            **self.outcome.to_dict(),
            "elsewhere": self.elsewhere.to_dict(),
            "restrictions": list(self.restrictions),
            "established_in": self.established_in,
            "group": self.group,
            "funding_list": self.funding_list,
            "funding_list_unverified": self.funding_list_unverified,
            "widening": self.widening,
            "depends_on_deadline": (
                {"date": split.date, "before": split.before.to_dict(), "from": split.from_date.to_dict()}
                if split
                else None
            ),
            "other_actions": [a.to_dict() for a in self.other_actions],
            "reached_in": [a.to_dict() for a in self.reached_in],
            "as_beneficiary": _notes_dict(self.as_beneficiary),
            "beneficiary": self.beneficiary,
            "flagged": [f.to_dict() for f in self.flagged],
            "notes": _notes_dict(self.notes),
            "sources": list(self.sources),
        }


def _outcome(assessment: Assessment) -> Outcome:
    # As check() reports a beneficiary: it counts where it may be a beneficiary in a Member State or
    # associated country (verdict.results: the pool of the reference action's composition condition).
    member = assessment.member
    counts = member.beneficiary and member.counts_in_ms_or_ac and member.in_proposal
    return Outcome(assessment.result_status, counts, assessment.funding, assessment.reason)


def _deadline_dates(rules: Rules, programme_id: str, code: str, year: int) -> list[dt.date]:
    """The dates on which a rule for this country changes during calls of this year (call deadline)."""
    programme = rules.programme(programme_id)
    dates = set()
    for interval in programme.association.get(code, ()):
        if interval["from_deadline"] and interval["from_year"] == year:
            dates.add(dt.date.fromisoformat(interval["from_deadline"]))
    for restriction in programme.restrictions:
        start = restriction["from_date"]
        if start and code in restriction["countries"] and year in (int(start[:4]) - 1, int(start[:4])):
            dates.add(dt.date.fromisoformat(start))
    return sorted(dates)


def _restricted_actions(prog: ProgrammeRules, codes: set[str], part: str) -> list[str]:
    """The actions of the part that a restriction on entities of the country names, in the data's order."""
    named = {a for r in prog.restrictions if codes & set(r["countries"]) for a in r["actions"]}
    return [a for a, spec in prog.actions.items() if a in named and part in spec["allowed_parts"]]


def _unrestricted_action(prog: ProgrammeRules, part: str, restricted: list[str]) -> str:
    """An action of the part that no restriction on the country names: the reference action where it can,
    else the first of the part's own, else any (the outcome is the same in all of them, which the
    differential test proves for the representative action of each part)."""
    candidates = (
        prog.reference_action,
        *(a for a, spec in prog.actions.items() if spec["default_part"] == part),
        *prog.actions,
    )
    allowed = (a for a in candidates if a not in restricted and part in prog.actions[a]["allowed_parts"])
    return next(allowed, prog.reference_action)


def _at(field: str) -> Where:
    labels = {"call_year": "The call year", "code": "The country", "part": "The programme part"}
    return Where(field, field, labels.get(field, f"The {field}"))


def _checked_call(
    rules: Rules, programme: str, call_year: int, part: str | None, action: str | None
) -> tuple[ProgrammeRules, str]:
    """The programme and the part (the action's usual one if none is given), or InputError saying what is wrong."""
    for field, value in (("programme", programme), ("part", part), ("action", action)):
        if value is not None and not isinstance(value, str):
            raise _at(field).error(f"is {kind(value)}; text is expected.")
    if programme not in rules.programmes:
        raise _at("programme").error(
            f"'{shown(programme)}' is not a programme we know.", f"Choose one of: {', '.join(rules.programmes)}."
        )
    prog = rules.programme(programme)
    if isinstance(call_year, bool) or not isinstance(call_year, int):
        raise _at("call_year").error(f"is {kind(call_year)}; a year such as 2025 is expected.")
    if not prog.first_call_year <= call_year <= prog.last_call_year:
        raise _at("call_year").error(
            f"{number(call_year)} is outside {prog.name}, whose calls run from {prog.first_call_year} to "
            f"{prog.last_call_year}."
        )
    if action is not None and action not in prog.actions:
        raise _at("action").error(
            f"'{shown(action)}' is not a type of action of {prog.name}.", f"Choose one of: {', '.join(prog.actions)}."
        )
    # Without a part, the action's usual one (ERC and MSCA: Pillar I), as check() assumes.
    part = part or (prog.actions[action]["default_part"] if action else prog.default_part)
    if part not in prog.parts:
        raise _at("part").error(
            f"'{shown(part)}' is not a part of {prog.name}.", f"Choose one of: {', '.join(prog.parts)}."
        )
    if action is not None and part not in prog.actions[action]["allowed_parts"]:
        raise _at("part").error(f"{part} contradicts the type of action {action}, which belongs to another part.")
    return prog, part


def _restriction_ids(assessment: Assessment, prefix: str) -> set[str]:
    """The restrictions that reached the participant (their findings' rule ids: <prefix>.restriction.<id>...)."""
    start = f"{prefix}.restriction."
    return {rule[len(start) :].split(".")[0] for rule, *_ in assessment.findings if rule.startswith(start)}


def country_status(
    programme: str,
    call_year: int,
    part: str | None,
    code: str,
    action: str | None = None,
    deadline: dt.date | str | None = None,
    rules: Rules | None = None,
) -> PublishedStatus:
    """The status of a country (ISO code; EL and UK accepted) for calls of this programme, year and part."""
    rules = rules or load_rules()
    prog, part = _checked_call(rules, programme, call_year, part, action)
    resolved = read_country(rules, code, _at("code"))[0]
    when = deadline_of(deadline, _at("deadline"))

    def decide(action_id: str, on: dt.date | None, flags: frozenset[str] = frozenset()) -> Assessment:
        return assess(cached_call(rules, programme, action_id, call_year, part, on), resolved, ROLE, None, flags)

    established_in = prog.status(resolved, call_year, part, when).established_in
    restricted = _restricted_actions(prog, {resolved, established_in}, part)
    usual = _unrestricted_action(prog, part, restricted)
    general = decide(usual, when)
    main = decide(action, when) if action else general
    outcome = _outcome(main)
    split = None if when else _split(rules, programme, resolved, call_year, lambda on: decide(action or usual, on))
    others: list[tuple[ActionOutcome, Assessment]] = []
    reached: list[ActionOutcome] = []
    country = rules.country_name(resolved)
    main_notes = _notes(country, [main])
    for action_id in restricted:
        if action_id == action:
            continue
        assessment = decide(action_id, when)
        other = _differing(prog, action_id, assessment, main, _new_notes(country, assessment, main_notes))
        if not _outcome(assessment).same_standing(outcome):
            others.append((other, assessment))
        elif other.restrictions:
            reached.append(other)
    status = main.status
    flagged = _flagged(rules, prog, resolved, action or usual, decide(action or usual, when), decide, when, country)
    as_beneficiary, beneficiary = (
        _as_beneficiary(rules, programme, action, call_year, part, when, main) if action else ((), "yes")
    )
    return PublishedStatus(
        programme=programme,
        code=resolved,
        name=rules.country_name(resolved),
        call_year=call_year,
        part=part,
        action=action,
        action_name=prog.actions[action]["name"] if action else "",
        deadline=when.isoformat() if when else None,
        outcome=outcome,
        elsewhere=_outcome(general),
        restrictions=_differing(prog, action, main, general).restrictions if action else (),
        established_in=status.established_in,
        group=status.group,
        funding_list=status.funding_list,
        funding_list_unverified=status.funding_list_unverified,
        widening=status.widening,
        depends_on_deadline=split,
        other_actions=tuple(other for other, _ in others),
        notes=main_notes,
        sources=_sources((main, *(a for _, a in others)), (*as_beneficiary, *(n for f in flagged for n in f.notes))),
        reached_in=tuple(reached),
        as_beneficiary=as_beneficiary,
        beneficiary=beneficiary,
        flagged=flagged,
    )


def _sources(assessments: tuple[Assessment, ...], notes: tuple[Note, ...]) -> tuple[str, ...]:
    """The sources of what the status says: the assessments it shows, and the notes it adds (where beneficiaries
    are established, a flag about the country's entities)."""
    cited = (s for a in assessments for s in a.sources or a.status.sources)
    return tuple(dict.fromkeys((*cited, *(s for note in notes for s in note[3]))))


def _split(
    rules: Rules, programme: str, code: str, call_year: int, decide: Callable[[dt.date], Assessment]
) -> DeadlineSplit | None:
    """Without a deadline: the first date in the call year on which the outcome changes, if any."""
    for date in _deadline_dates(rules, programme, code, call_year):
        before = _outcome(decide(date - dt.timedelta(days=1)))
        after = _outcome(decide(date))
        if not before.same_standing(after):
            return DeadlineSplit(date.isoformat(), before, after)
    return None


def _differing(
    prog: ProgrammeRules, action_id: str, assessment: Assessment, main: Assessment, notes: tuple[Note, ...] = ()
) -> ActionOutcome:
    """The outcome in another action, with the restrictions that reach it there and not in the main one."""
    ids = _restriction_ids(assessment, prog.short_id) - _restriction_ids(main, prog.short_id)
    named = [r for r in prog.restrictions if r["id"] in ids]
    return ActionOutcome(
        action_id,
        prog.actions[action_id]["name"],
        _outcome(assessment),
        tuple(r["id"] for r in named),
        tuple(dict.fromkeys(r["unless_topic"] for r in named if r["unless_topic"])),
        notes,
    )


def _new_notes(country: str, assessment: Assessment, main_notes: tuple[Note, ...]) -> tuple[Note, ...]:
    """What check() says in another action that it does not say in the main one."""
    return tuple(n for n in _notes(country, [assessment]) if n not in main_notes)


def _as_beneficiary(
    rules: Rules,
    programme: str,
    action: str,
    year: int,
    part: str,
    when: dt.date | None,
    main: Assessment,
) -> tuple[tuple[Note, ...], str]:
    """What the action's rules on where beneficiaries are established say of a beneficiary of this country, as
    check() says it (minimum.beneficiary_failures, on the same conditions of the same call), and in a word."""
    call = cached_call(rules, programme, action, year, part, when)
    member = Member(0, NAME, ROLE, None, 0, *main.member)
    failures = beneficiary_failures(call.conditions, member)
    notes = tuple(
        (
            failure.condition["severity"],
            f"{call.prefix}.{condition_rule(action, failure.condition)}",
            failure.message.replace(NAME, "an entity"),
            tuple(failure.condition["sources"]),
        )
        for failure in failures
    )
    errors = [f.condition for f in failures if f.condition["severity"] == "error"]
    if any(not c["unless_topic"] for c in errors):
        return notes, "no"
    if errors:
        return notes, "if-call-provides"
    return notes, "to-confirm" if failures else "yes"


def _flagged(
    rules: Rules,
    prog: ProgrammeRules,
    code: str,
    action: str,
    main: Assessment,
    decide: Callable[..., Assessment],
    when: dt.date | None,
    country: str,
) -> tuple[FlagOutcome, ...]:
    """For each flag about entities of this country, what check() says of a beneficiary that carries it, where a
    restriction the flag brings reaches it (a Chinese university under MIIT, from the 2026 calls)."""
    out = []
    main_notes = _notes(country, [main])
    for flag, spec in rules.flags.items():
        if code not in spec["countries"]:
            continue
        assessment = decide(action, when, frozenset({flag}))
        ids = _restriction_ids(assessment, prog.short_id) - _restriction_ids(main, prog.short_id)
        if ids:
            notes = _new_notes(country, assessment, main_notes)
            out.append(FlagOutcome(flag, spec["label"], _outcome(assessment), tuple(sorted(ids)), notes))
    return tuple(out)


def _notes(country: str, assessments: list[Assessment]) -> tuple[Note, ...]:
    """What check() tells about such a beneficiary (in the action, or the actions, given)."""
    who = f"An entity in {country}"
    seen: dict[tuple[str, str], Note] = {}
    for assessment in assessments:
        for rule, severity, message, sources, _guidance in assessment.findings:
            if rule.endswith(".funding.not-automatic"):  # the outcome says it
                continue
            seen.setdefault((rule, message), (severity, rule, message.replace(NAME, who), sources))
    return tuple(seen.values())


# The map's classes of a published status (the countries index's world map), in the legend's order.
STATUS_CLASSES = (
    "member-state",
    "associated",
    "transitional",
    "funded-third-country",
    "third-country",
    "excluded-from-some-actions",
    "excluded",
)


def status_class(status: PublishedStatus) -> str:
    """The map class of a published status: excluded (any role) first, then excluded from some actions (a
    restriction bound to actions: its label and page say which); then the country's group (a Member State
    with its outermost regions and territories, an associated country, a transitional arrangement); then
    funded-third-country for what is funded without being either (a country on the funding list, an
    overseas country or territory, a programme exception), else third-country (not funded)."""
    if status.funding == "excluded":
        return "excluded"
    if status.excluded_from:
        return "excluded-from-some-actions"
    if status.group in ("member-state", "outermost-region", "territory"):
        return "member-state"
    if status.group in ("associated", "transitional"):
        return status.group
    return "funded-third-country" if status.funding == "eligible" else "third-country"


# The words for each map class (the legend, a country's label on the map).
STATUS_CLASS_LABELS = {
    "member-state": "EU Member State (with its outermost regions and territories)",
    "associated": "Associated country",
    "transitional": "Transitional arrangement (treated as associated if the agreement applies at signature)",
    "funded-third-country": "Funded, but not a Member State or associated country (funding list, OCTs)",
    "third-country": "Third country, not automatically funded",
    "excluded-from-some-actions": "Excluded from some types of action (which ones: its label and page)",
    "excluded": "Excluded from every type of action (may not take part in any role)",
}
