"""Every kind of rule a finding can name, declared once: the spine of the engine's explanations.

A kind has an id pattern (after the programme prefix: `restriction.{restriction}.spared`), the guidance page
that explains it, the severities it is emitted with, a title and an explanation (for the site's rules page),
its message templates, the data it depends on, and the decider that emits it. The findings are made through
a kind (`KIND.emit(...)`), `rule_ids()` lists the ids each kind has for a programme's data (`ids`), and the
rules page and the checker's "Rule:" links come from `rule_ids()`.

From a rule id: its kind is here (search the id's words), its decider is named in `decider`, its data in
`depends_on`, and its test cases are in tests/rules/<programme>/.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from .model import Finding, Severity

if TYPE_CHECKING:
    from .rules import ProgrammeRules

# The data files a declaration depends on (its `depends_on`).
RESTRICTIONS = "data/<programme>/restrictions.yaml"
ASSOCIATION = "data/<programme>/association.yaml"
PROGRAMME = "data/<programme>/programme.yaml"
ACTIONS = "data/<programme>/actions.yaml"
FUNDING = "data/<programme>/funding.yaml"

# The site's guidance page for each kind of finding (docs/guidance/<slug>.md).
GUIDANCE = {
    "minimum": "minimum-conditions",
    "independence": "independence-and-control",
    "restriction": "restrictions",
    "funding": "who-can-be-funded",
    "association": "who-can-take-part",
    "roles": "roles",
    "special": "special-entities",
    "leaving": "partners-leaving",
}


class RuleEntry(NamedTuple):
    """One rule id a kind has for a programme: the fields of its pattern, and what the rules page says."""

    ids: dict[str, str]
    title: str
    explanation: str
    sources: tuple[str, ...] = ()  # none: the programme's own sources
    severities: tuple[Severity, ...] = ()  # those the data gives this id; none: the kind's


@dataclass(frozen=True, slots=True, eq=False)
class RuleKind:
    pattern: str  # the id after the programme prefix; {fields} come from the data (ids)
    guidance: str  # a key of GUIDANCE
    severities: tuple[Severity, ...]  # those it is emitted with (the first is the default)
    title: str
    explanation: str
    messages: dict[str, str]  # message templates, by variant ("" the usual one); {name}: the participant
    depends_on: str  # the data it reads (a file of data/ and its fields), or "input"
    decider: str  # the engine function that emits it (module.function)
    # The ids it has for a programme's data; None: the pattern itself, where `fires` says it can be emitted.
    entries: Callable[[ProgrammeRules], Iterable[RuleEntry]] | None = None
    fires: Callable[[ProgrammeRules], bool] | None = None

    def rule(self, prefix: str, ids: dict[str, str] | None = None) -> str:
        return f"{prefix}.{self.pattern.format(**ids) if ids else self.pattern}"

    def emit(
        self,
        prefix: str,
        sources: tuple[str, ...] | list[str],
        participants: tuple[str, ...] = (),
        *,
        severity: Severity | None = None,
        ids: dict[str, str] | None = None,
        variant: str = "",
        **fields: Any,
    ) -> Finding:
        """The finding of this kind: its id, the message of `variant` filled in with `fields`."""
        return Finding(
            self.rule(prefix, ids),
            severity or self.severities[0],
            self.messages[variant].format(**fields),
            tuple(sources),
            participants,
            GUIDANCE[self.guidance],
        )

    def finding(
        self,
        prefix: str,
        message: str,
        sources: tuple[str, ...] | list[str],
        participants: tuple[str, ...] = (),
        *,
        severity: Severity | None = None,
        ids: dict[str, str] | None = None,
    ) -> Finding:
        """The finding of this kind with a message already written from its templates (`text`)."""
        return Finding(
            self.rule(prefix, ids),
            severity or self.severities[0],
            message,
            tuple(sources),
            participants,
            GUIDANCE[self.guidance],
        )

    def text(self, variant: str = "", **fields: Any) -> str:
        """A message template filled in (for a reason a participant's result gives as well)."""
        return self.messages[variant].format(**fields)

    def ids_for(self, programme: ProgrammeRules) -> list[RuleEntry]:
        if self.entries is not None:
            return list(self.entries(programme))
        if self.fires is None or self.fires(programme):
            return [RuleEntry({}, self.title, self.explanation)]
        return []


def kind(
    pattern: str,
    guidance: str,
    severities: tuple[Severity, ...] | Severity,
    title: str,
    explanation: str,
    message: str | dict[str, str],
    depends_on: str,
    decider: str,
    *,
    entries: Callable[[ProgrammeRules], Iterable[RuleEntry]] | None = None,
    fires: Callable[[ProgrammeRules], bool] | None = None,
) -> RuleKind:
    """A declaration; registered in KINDS, in the order of the rules page."""
    found = RuleKind(
        pattern,
        guidance,
        (severities,) if isinstance(severities, str) else severities,
        title,
        explanation,
        {"": message} if isinstance(message, str) else message,
        depends_on,
        decider,
        entries,
        fires,
    )
    KINDS.append(found)
    return found


KINDS: list[RuleKind] = []
