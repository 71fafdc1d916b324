"""What stage 3 of a check decides for a kind of participant (decisions.assess): the types the deciders
share and fill in. Apart from the deciders, so that the call (which memoises assessments) needs no decider."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .association import CountryStatus
from .model import Funding

Participation = Literal["full", "associated-partner-only", "excluded"]
Template = tuple[str, str, str, tuple[str, ...], str | None]  # rule, severity, message, sources, guidance


class Decision(NamedTuple):
    """What a funding decider settles: the funding, why, and the sources."""

    funding: Funding
    reason: str
    sources: tuple[str, ...] = ()


@dataclass(slots=True)
class Standing:
    """What the participation deciders found: how the participant may take part, and why not fully."""

    participation: Participation = "full"
    reason: str = ""
    sources: tuple[str, ...] = ()
    fixes: list[str] = field(default_factory=list)  # what the rules allow instead (NAME: the participant)


class MemberFacts(NamedTuple):
    """What the minimum conditions see of a participant, besides who it is (conditions.Member has these fields
    after index, name, role, type and control group, in this order)."""

    slot: str  # the country it counts for ("deemed:N" for an entity deemed in another Member State)
    slot_name: str
    is_ms: bool  # established in (or deemed in) a Member State
    counts_in_ms_or_ac: bool  # established in a Member State or associated country, and may take part
    widening: bool
    participates: bool  # may take part in some role (not excluded)
    in_proposal: bool  # False: it joins after evaluation (the JRC) and counts for no condition at submission
    # Established outside the Member States (and their regions, territories and OCTs) and the associated
    # countries; international organisations are a category of their own (HE-REG Art 22(10)).
    third_country: bool
    beneficiary: bool  # a coordinator or beneficiary that may be one (not excluded, not associated-partner-only)
    oct: bool  # established in an overseas country or territory (not counted as in its Member State)
    admitted: frozenset[str]  # the topic options whose list of countries and groups takes it in


@dataclass(frozen=True, slots=True)
class Assessment:
    """What holds for any participant of this country, role, type, flags and controllers, in this call."""

    status: CountryStatus
    participation: Participation
    funding: Funding
    reason: str
    sources: tuple[str, ...]
    findings: tuple[Template, ...]  # NAME stands for the participant's name
    fixes: tuple[str, ...]  # what the rules allow instead, where it may not take part as it is (NAME)
    deemed: bool
    country_name: str
    result_status: str
    member: MemberFacts  # built once per kind of participant, not once per participant
