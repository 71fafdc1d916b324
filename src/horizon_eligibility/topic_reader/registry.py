"""One reader per topic option: the module of each option family registers its reader here.

`READERS` maps a topic option id (data/topic_options.yaml) to the function that reads it from one sentence;
`NOT_READ` names the options that are never read from a conditions text, and why. The rules compiler
reports every option a programme offers that is in neither (build_scripts/rules/compile.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .countries import Lexicon
from .reading import Result, Unit

ReadFunction = Callable[[Unit, Lexicon], Result | None]


@dataclass(frozen=True, slots=True)
class Reader:
    """How one topic option is read from a sentence."""

    option: str  # the topic option id it sets
    triggers: str  # words without which it cannot match: one scan of a sentence picks the readers to try
    read: ReadFunction
    # Whether it reads its own qualifiers ("unless ... guarantees"); a sentence with a qualifier that no
    # reader knows is quoted whole.
    reads_qualifiers: bool = False


READERS: dict[str, Reader] = {}

# Options set from something other than a sentence of the conditions, never read from the text.
NOT_READ: dict[str, str] = {
    "health_challenge": (
        "set by the call identifier (H2020-SC1, H2020-PHC, H2020-HCO: the Societal Challenge 'Health, demographic "
        "change and well-being'), not by a sentence of the topic's conditions"
    ),
}


def register(option: str, triggers: str, *, reads_qualifiers: bool = False) -> Callable[[ReadFunction], ReadFunction]:
    """Register the decorated function as the reader of `option`."""

    def add(read: ReadFunction) -> ReadFunction:
        if option in READERS or option in NOT_READ:
            raise ValueError(f"topic option {option!r} has a reader already")
        re.compile(triggers)  # a bad pattern fails at import, not on the first sentence that reaches it
        READERS[option] = Reader(option, triggers, read, reads_qualifiers)
        return read

    return add
