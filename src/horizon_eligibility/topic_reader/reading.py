"""What the reader returns (Clause, TopicReading) and what a reader of one option says of a sentence."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Clause:
    """A recognised clause: its family, the sentence it came from, and the topic options it sets."""

    kind: str
    sentence: str
    sets: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "sentence": self.sentence, "sets": copy.deepcopy(dict(self.sets))}


@dataclass(frozen=True, slots=True)
class TopicReading:
    """What `read_topic` read. `normalised_text` is the input as the sentences are quoted from."""

    topic: Mapping[str, Any]
    clauses: tuple[Clause, ...]
    uninterpreted: tuple[str, ...]
    normalised_text: str = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": copy.deepcopy(dict(self.topic)),
            "clauses": [c.to_dict() for c in self.clauses],
            "uninterpreted": list(self.uninterpreted),
        }


class Unit(NamedTuple):
    """One sentence (or a lead-in with its list items): `text` is quoted, `match` is what patterns see."""

    text: str
    match: str
    footnotes: tuple[str, ...] = ()  # the portal's [[...]] notes in `text`, which `match` leaves out
    line: int = -1  # the logical line it starts on: sentences of one paragraph share it


class Found(NamedTuple):
    kind: str
    key: str
    value: Any


class Unclear(NamedTuple):
    why: str


class Denies(NamedTuple):
    key: str
    value: Any = None


Result = Found | Unclear | Denies
