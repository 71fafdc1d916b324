"""Input and result types of the engine: immutable and JSON-friendly.

They are NamedTuples rather than frozen dataclasses: a check builds dozens of them, and a NamedTuple is
built about four times faster.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from .from_directory import FromDirectory

Severity = Literal["error", "warning", "info"]
Funding = Literal["eligible", "not-eligible", "excluded"]
# "eligible-if": eligible only if conditions of the call the engine could not verify hold (see outcome.py).
OutcomeName = Literal["eligible", "eligible-if", "not-eligible"]

NAME = "\x00"  # stands for a participant's name in findings worked out once for many participants

# The words for each value the engine emits, written once: the CLI report, the site and the checker page
# (through catalog()) all show these.
FUNDING_LABELS: dict[str, str] = {
    "eligible": "eligible",
    "not-eligible": "not automatically (own funding)",
    "excluded": "excluded (any role)",
}
SEVERITY_LABELS: dict[str, str] = {"error": "Error", "warning": "Warning", "info": "Note"}
OUTCOME_LABELS: dict[str, str] = {"eligible": "Eligible", "eligible-if": "Eligible if", "not-eligible": "Not eligible"}
# A country's group in a call (association.CountryStatus.group), as the site's country pages show it.
COUNTRY_GROUPS = (
    "member-state",
    "outermost-region",
    "territory",
    "oct",
    "associated",
    "transitional",
    "third-country",
)
# participants[].status: a country group, or what the participant's type or a funding list makes of it.
STATUS_LABELS: dict[str, str] = {
    "member-state": "EU Member State",
    "outermost-region": "Outermost region",
    "territory": "Territory of a Member State",
    "oct": "Overseas country or territory",
    "associated": "Associated country",
    "transitional": "Transitional arrangement",
    "third-country": "Third country",
    "eligible-third-country": "Third country eligible for funding",
    "deemed-member-state": "Deemed established in a Member State",
}

ROLES = ("coordinator", "beneficiary", "affiliated-entity", "associated-partner")
BENEFICIARY_ROLES = frozenset({"coordinator", "beneficiary"})
TYPES = (
    "university",
    "research-organisation",
    "sme",
    "company",
    "public-body",
    "public-procurer",
    "international-organisation",
    "international-european-research-organisation",
    "jrc",
    "eu-body",
    "natural-person",
    "other",
)


class InputProblem(NamedTuple):
    """One thing wrong with the input, for a person to act on.

    path: where, as a JSON path with 0-based indices (participants[2].country, topic.eligible_countries[1],
    call_year; "" for the whole input; "csv" for a CSV file's header and structure). field: the field's
    name (country; "" for the whole input). message: plain words, participants numbered from 1 with their
    name, no JSON path. hint: what to do, or None.
    """

    path: str
    field: str
    message: str
    hint: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"path": self.path, "field": self.field, "message": self.message, "hint": self.hint}

    def text(self) -> str:
        """The message and its hint, as one line for a person."""
        return f"{self.message} {self.hint}" if self.hint else self.message


class InputError(ValueError):
    """Bad input: every problem found (`errors`, each an InputProblem), not only the first.

    `InputError(path, message)` is one problem whose message is a fragment ("must be text"): it is said
    after the path. `field`, `detail` and `hint` are the first problem's path, message and hint.
    """

    def __init__(self, problems: str | list[InputProblem] | tuple[InputProblem, ...], message: str = "") -> None:
        if isinstance(problems, str):
            path = problems
            field = path.rsplit(".", 1)[-1].split("[", 1)[0]
            problems = [InputProblem(path, field, f"{path}: {message}" if path else message)]
        self.errors: tuple[InputProblem, ...] = tuple(problems) or (InputProblem("", "", "Bad input."),)
        first = self.errors[0]
        self.field = first.path
        self.detail = first.message
        self.hint = first.hint
        super().__init__("\n".join(p.text() for p in self.errors))

    def to_list(self) -> list[dict[str, str | None]]:
        return [p.to_dict() for p in self.errors]


class Participant(NamedTuple):
    position: int  # in the input list
    name: str
    country: str  # canonical code as resolved (GR for EL, RE for Reunion, PT-20 ...)
    input_country: str
    role: str
    type: str | None = None
    controlled_by: str | None = None
    flags: frozenset[str] = frozenset()


class TopicComposition(NamedTuple):
    """An extra composition requirement of a topic ("at least 3 ... from at least 3 different Member States or
    associated countries"); `needs` names what the input cannot tell (first responders), else None."""

    text: str
    min: int
    min_countries: int | None = None
    established_in: str = "ms-ac"  # ms-ac | ms | any
    entity_types: frozenset[str] | None = None
    needs: str | None = None


class Topic(NamedTuple):
    """The topic options of a call (data/topic_options.yaml). Options with a value of their own are fields; a
    yes/no option (china_ria_exempt, control_restriction, ...) is in `switches` when set, so that a new one is
    a data change."""

    eligible_countries: frozenset[str] | None = None
    funded_third_countries: frozenset[str] = frozenset()  # country codes and group ids
    # true: any third country; or the codes and group ids of the countries the topic admits as beneficiaries
    third_country_beneficiaries: bool | frozenset[str] = False
    composition: tuple[TopicComposition, ...] = ()
    unread: tuple[str, ...] = ()  # sentences of topic.conditions_text that read like conditions, not understood
    switches: frozenset[str] = frozenset()  # the yes/no options set true

    @classmethod
    def of(cls, values: dict[str, Any]) -> Topic:
        """The topic of these option values (a yes/no option that is not a field goes into switches if true)."""
        fields = {k: v for k, v in values.items() if k in cls._fields}
        switches = frozenset(k for k, v in values.items() if k not in cls._fields and v is True)
        return cls(**fields, switches=switches) if switches else cls(**fields)

    def with_options(self, values: dict[str, Any]) -> Topic:
        """This topic with these options set too."""
        fields = {k: v for k, v in values.items() if k in self._fields}
        switches = self.switches | {k for k, v in values.items() if k not in self._fields and v is True}
        return self._replace(**fields, switches=switches)

    def value(self, option: str) -> Any:
        """An option's value: a field's, or whether a yes/no option is set."""
        return getattr(self, option) if option in self._fields else option in self.switches

    def set_true(self) -> frozenset[str]:
        """The options set to true (a yes/no option, or third_country_beneficiaries: true for any country)."""
        return self.switches | {k for k in self._fields if getattr(self, k) is True}


class InputNote(NamedTuple):
    """Something the input parser changed in what was given, said in the verdict as a note (info)."""

    rule: str  # the rule id after the programme's prefix: input.invisible-characters
    message: str
    participants: tuple[str, ...] = ()


class Request(NamedTuple):
    programme: str
    action: str
    call_year: int
    part: str
    participants: tuple[Participant, ...]
    call_id: str | None = None
    deadline: dt.date | None = None
    topic: Topic = Topic()
    part_from: str = "part"  # where the part came from: "part" (given), "call_id", or "action" (its default)
    notes: tuple[InputNote, ...] = ()  # what reading the input changed (invisible characters removed)
    directory: tuple[FromDirectory, ...] = ()  # the participants given by PIC, completed from the directory


class Finding(NamedTuple):
    rule: str
    severity: Severity
    message: str
    sources: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    guidance: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "sources": list(self.sources),
            "participants": list(self.participants),
        }
        if self.guidance:
            out["guidance"] = self.guidance
        return out


class ParticipantResult(NamedTuple):
    name: str
    country: str
    country_name: str
    established_in: str  # the country it legally counts as established in (FR for Reunion)
    role: str
    type: str | None
    status: str  # member-state | outermost-region | oct | associated | transitional | third-country | ...
    counts_towards_minimum: bool
    funding: Funding
    reason: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "country_name": self.country_name,
            "established_in": self.established_in,
            "role": self.role,
            "type": self.type,
            "status": self.status,
            "counts_towards_minimum": self.counts_towards_minimum,
            "funding": self.funding,
            "reason": self.reason,
            "sources": list(self.sources),
        }


class Verdict(NamedTuple):
    request: Request
    # True for "eligible", None for "eligible-if" (a caller that tests it stays on the safe side), False for
    # "not-eligible"; `outcome` says which.
    eligible: bool | None
    findings: tuple[Finding, ...]
    participants: tuple[ParticipantResult, ...]
    critical_participants: tuple[str, ...]
    suggestions: tuple[str, ...]
    action_name: str
    part_name: str
    data_version: str
    data_verified_on: str
    source_details: dict[str, dict[str, Any]]
    outcome: OutcomeName
    conditions_to_confirm: tuple[Finding, ...]  # warnings among the findings; only for "eligible-if"
    headline: str  # "Eligible; 1 beneficiary is not automatically funded"

    def to_dict(self) -> dict[str, Any]:
        request = self.request
        used: list[str] = []
        for sources in [f.sources for f in self.findings] + [p.sources for p in self.participants]:
            used.extend(s for s in sources if s not in used)
        return {
            "outcome": self.outcome,
            "eligible": self.eligible,
            "headline": self.headline,
            "conditions_to_confirm": [
                {"rule": f.rule, "message": f.message, "sources": list(f.sources)} for f in self.conditions_to_confirm
            ],
            "programme": request.programme,
            "action": request.action,
            "action_name": self.action_name,
            "call_year": request.call_year,
            "call_id": request.call_id,
            "deadline": request.deadline.isoformat() if request.deadline else None,
            "part": request.part,
            "part_name": self.part_name,
            "findings": [f.to_dict() for f in self.findings],
            "participants": _participant_dicts(self.participants, request.participants),
            "critical_participants": list(self.critical_participants),
            "suggestions": list(self.suggestions),
            "sources": {s: self.source_details[s] for s in used if s in self.source_details},
            "data_version": self.data_version,
            "data_verified_on": self.data_verified_on,
        }


def _participant_dicts(results: tuple[ParticipantResult, ...], given: tuple[Participant, ...]) -> list[dict[str, Any]]:
    """The results, each with what was typed for its country where that is not the code (a name, an alias,
    lower case): `input_country`."""
    out = [r.to_dict() for r in results]
    for entry, participant in zip(out, given, strict=True):
        if participant.input_country != entry["country"]:
            entry["input_country"] = participant.input_country
    return out
