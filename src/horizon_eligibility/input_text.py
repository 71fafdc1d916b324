"""Text as it arrives from a person: limits, JSON that cannot hurt, invisible characters, how user text is quoted
in a message, and the "did you mean" hint. No engine knowledge here (inputs.py, csv_input.py and the CLI use it).

Limits (README, "Input policy"): what a person could have meant is far inside them; past them the input is
refused with a message, never a traceback, on the command line, from Python and in the checker page.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, NoReturn, ParamSpec, TypeVar

from .model import InputError, InputProblem

P = ParamSpec("P")
T = TypeVar("T")

MAX_INPUT_BYTES = 16 * 1024 * 1024  # a file, standard input, or the page's text (in characters)
MAX_DEPTH = 20  # nesting of objects and lists; a consortium needs 5 (topic.composition[0].entity_types)
MAX_NUMBER_LENGTH = 100  # characters of one number: Python refuses to read integers of more than 4,300 digits
MAX_PARTICIPANTS = 10_000
MAX_NAME_LENGTH = 300
MAX_ERRORS = 50  # errors listed at once; then one "and N more"

# Invisible format characters a name may carry from a Word or PDF copy: removed, with a note. Soft hyphen,
# zero-width space, non-joiner and joiner, word joiner and invisible operators, byte-order mark (zero-width
# no-break space), the bidirectional marks, embeddings and isolates (they only set a direction), the
# Mongolian vowel separator, the deprecated format characters, the interlinear annotation marks and the
# tag characters.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202c\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
# The overrides (LRO, RLO) show the letters after them in another order than they are stored: "\u202eevil"
# reads "live". Removing them would change what the person saw, so a text holding one is refused.
_OVERRIDES = re.compile("[\u202d\u202e]")
# Control characters (Unicode Cc: tabs, newlines ...), line and paragraph separators.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_CHARACTER_NAMES = {
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u2060": "word joiner",
    "\ufeff": "byte-order mark",
    "\u200e": "left-to-right mark",
    "\u200f": "right-to-left mark",
}


def clean(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text stripped, NFC-normalised, without invisible format characters; the names of those removed).
    Raises ValueError with a plain reason for what cannot be cleaned: a broken character (a lone surrogate),
    a direction override, a control character."""
    if text.isascii():
        if _CONTROL.search(text):
            raise ValueError("contains a control character (such as a tab or a line break)")
        return text.strip(), ()
    if _SURROGATE.search(text):
        raise ValueError(
            "contains a broken character (half of a surrogate pair, left when text is cut or copied badly)"
        )
    if _OVERRIDES.search(text):
        raise ValueError(
            "contains a direction override (U+202D or U+202E), which shows the letters after it in another "
            "order than they are written"
        )
    removed: tuple[str, ...] = ()
    if _INVISIBLE.search(text):
        removed = tuple(dict.fromkeys(character_name(c) for c in _INVISIBLE.findall(text)))
        text = _INVISIBLE.sub("", text)
    if _CONTROL.search(text):
        raise ValueError("contains a control character (such as a tab or a line break)")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.strip(), removed


def clean_long_text(text: str) -> str:
    """A pasted document (a topic's conditions): broken characters refused, invisible and direction
    characters removed (the reader quotes its sentences, which must show as written)."""
    if not text.isascii():
        if _SURROGATE.search(text):
            raise ValueError(
                "contains a broken character (half of a surrogate pair, left when text is cut or copied badly)"
            )
        text = _OVERRIDES.sub("", _INVISIBLE.sub("", text))
    return text


def character_name(char: str) -> str:
    """'soft hyphen (U+00AD)'."""
    code = f"U+{ord(char):04X}"
    name = _CHARACTER_NAMES.get(char) or unicodedata.name(char, "").lower()
    return f"{name} ({code})" if name else code


def shown(text: str, limit: int = 40) -> str:
    """User text as quoted in a message: at most `limit` characters, and what would not show, or would
    reorder the message, written as its code (U+202E); never a Python repr."""
    text = clip(text, limit)
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if c.isprintable() or c == " " else f"[U+{ord(c):04X}]" for c in text)


def clip(text: str, limit: int = 40) -> str:
    """A text as quoted in a message: at most `limit` characters (a key may be a megabyte of junk)."""
    return text if len(text) <= limit else text[:limit] + "…"


def kind(value: Any) -> str:
    """What a value is, in words: 'a number', 'a list', 'true/false'."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    names: dict[type, str] = {str: "text", list: "a list", dict: "an object"}
    return names.get(type(value), "a value of another kind")


def number(value: int | float) -> str:
    """A number as quoted in a message (a huge one is not written out: Python refuses to)."""
    if isinstance(value, int) and not -(10**12) < value < 10**12:
        return "a number of more than 12 digits"
    return format(value, ",") if isinstance(value, int) and abs(value) >= 10_000 else str(value)


def unknown_message(what: str, name: str, allowed: tuple[str, ...]) -> str:
    """'unknown field, did you mean "country"? (allowed: …)'."""
    hint = closest(name, allowed)
    did_you_mean = f', did you mean "{hint}"?' if hint else ""
    return f"unknown {what}{did_you_mean} (allowed: {', '.join(allowed)})"


def closest(name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """The allowed name a slip of the keyboard away (one edit per three letters, at least one), if any.

    Plain edit distance with adjacent swaps, so that the page gives the very same hint.
    """
    key = name.strip().lower()
    if not key or len(key) > 60:
        return None
    best, best_distance = None, max(1, len(key) // 3) + 1
    for option in allowed:
        distance = edit_distance(key, option.lower())
        if distance < best_distance:
            best, best_distance = option, distance
    return best


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance counting a swap of two neighbouring letters as one edit."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        two_back, before, row = before, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], two_back[j - 2] + 1)
    return row[len(b)]


# -- JSON text -------------------------------------------------------------------------------------------
# A string (possessive: an unterminated one fails without backtracking), or a bracket.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[{]|[\]}]', re.S)


class JsonSyntaxError(InputError):
    """Text that is not JSON (the command line then tries YAML)."""


def _refuse(problem: InputProblem) -> NoReturn:
    raise InputError([problem])


def whole(message: str, hint: str | None = None) -> InputProblem:
    """A problem with the input as a whole (path "")."""
    return InputProblem("", "", message, hint)


def nesting_depth(text: str, limit: int = MAX_DEPTH) -> int:
    """How deeply the JSON text nests lists and objects, counted up to limit + 1 (strings skipped)."""
    if text.count("[") + text.count("{") <= limit:
        return 0  # cannot be deeper than the limit
    depth = deepest = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


def _number_text(text: str, unit: str) -> str:
    """A number's text, refused before Python reads it if it is longer than any year or count."""
    if len(text) > MAX_NUMBER_LENGTH:
        _refuse(
            whole(
                f"The input holds a number of {len(text):,} {unit}; at most {MAX_NUMBER_LENGTH} are read.",
                "Numbers in a consortium are years and counts: check the file.",
            )
        )
    return text


def _int(text: str) -> int:
    return int(_number_text(text, "digits"))


def _float(text: str) -> float:
    return float(_number_text(text, "characters"))


def _constant(text: str) -> NoReturn:
    _refuse(whole(f"The input holds {text}, which is not a number in JSON.", "Write a number, or leave it out."))


def _once(name: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A JSON object whose keys are each given once: a key given twice would otherwise keep its last value
    silently, and the person would read an error about a value they did not mean."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    _refuse(repeated_key(name, key))
                seen.add(key)
        return value

    return build


def repeated_key(name: str, key: str) -> InputProblem:
    """A key given twice in one object (JSON) or mapping (YAML): refused, naming it."""
    return whole(
        f"{name} gives the field '{shown(key)}' twice in one object.", "Keep the one you mean and remove the other."
    )


def load_json(text: str, name: str = "The input") -> Any:
    """Parse JSON text within the limits (size, nesting, number length); InputError with a plain message."""
    if len(text) > MAX_INPUT_BYTES:
        _refuse(
            whole(
                f"{name} is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB.",
                "A consortium fits in far less: check that this is the right file.",
            )
        )
    if nesting_depth(text) > MAX_DEPTH:
        _refuse(
            whole(
                f"{name} nests lists or objects more than {MAX_DEPTH} levels deep; a consortium needs five.",
                "Check that this is a consortium file.",
            )
        )
    try:
        return json.loads(
            text, parse_int=_int, parse_float=_float, parse_constant=_constant, object_pairs_hook=_once(name)
        )
    except RecursionError:  # only reached by nesting the text check missed: refused the same way
        _refuse(whole(f"{name} nests lists or objects too deeply.", "Check that this is a consortium file."))
    except json.JSONDecodeError as exc:
        raise JsonSyntaxError(
            [
                whole(
                    f"{name} is not valid JSON: {exc.msg[:1].lower()}{exc.msg[1:]} at line {exc.lineno}, "
                    f"column {exc.colno}.",
                    "Check the text near that place (a missing comma, quote or bracket is the usual cause).",
                )
            ]
        ) from None


def depth_of(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply a parsed value (YAML's) nests lists and objects, counted up to limit + 1. Level by level,
    each object once per level: YAML aliases may share one list a million times over."""
    level = {id(value): value} if isinstance(value, dict | list) else {}
    depth = 0
    while level and depth <= limit:
        depth += 1
        level = {id(c): c for item in level.values() for c in _children(item) if isinstance(c, dict | list)}
    return depth


def _children(item: dict[Any, Any] | list[Any]) -> Iterator[Any]:
    return iter(item.values() if isinstance(item, dict) else item)


# -- problems, where they are, and all of them at once -----------------------------------------------------
class Where(NamedTuple):
    """A place in the input: its JSON path, the field's name, and how a person calls it ("Participant 3
    (Lab X), country")."""

    path: str
    field: str
    label: str

    def at(self, key: str, label: str) -> Where:
        return Where(f"{self.path}.{key}" if self.path else key, key, f"{self.label}, {label}")

    def item(self, index: int) -> Where:
        return Where(f"{self.path}[{index}]", self.field, f"{self.label}, item {index + 1}")

    def problem(self, what: str, hint: str | None = None) -> InputProblem:
        return InputProblem(self.path, self.field, f"{self.label}: {what}", hint)

    def error(self, what: str, hint: str | None = None) -> InputError:
        return InputError([self.problem(what, hint)])


WHOLE = Where("", "", "The input")


class Problems:
    """The problems found so far: the first MAX_ERRORS, and how many more."""

    def __init__(self) -> None:
        self.items: list[InputProblem] = []
        self.more = 0

    def __len__(self) -> int:
        return len(self.items) + self.more

    @property
    def full(self) -> bool:
        """True once MAX_ERRORS are listed (costly hints are then skipped)."""
        return len(self.items) >= MAX_ERRORS

    def add(self, problem: InputProblem) -> None:
        if self.full:
            self.more += 1
        else:
            self.items.append(problem)

    def take(self, error: InputError) -> None:
        for problem in error.errors:
            self.add(problem)

    def check(self) -> None:
        """Raise InputError with every problem found, if any."""
        if not self.items:
            return
        listed = list(self.items)
        if self.more:
            listed.append(whole(f"And {self.more:,} more problems.", "Correct those above and check again."))
        raise InputError(listed)


class Failed:
    """The value of a field at fault: its problem is recorded, and what depends on it is skipped."""


FAILED = Failed()


def attempt(problems: Problems, parse: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T | Failed:
    """parse(*args, **kwargs), or FAILED with its problems recorded."""
    try:
        return parse(*args, **kwargs)
    except InputError as error:
        problems.take(error)
        return FAILED


# -- one field -------------------------------------------------------------------------------------------
def text(value: Any, where: Where, *, required: bool = True, max_length: int = 200, hint: str | None = None) -> str:
    """The text of a field, stripped and cleaned (clean()); "" for an optional field left out or blank."""
    if type(value) is str and value and len(value) <= max_length and value.isascii() and value.isprintable():
        stripped = value.strip()
        if stripped:
            return stripped
    if value is None:
        if required:
            raise where.error("is missing.", hint)
        return ""
    if not isinstance(value, str):
        raise where.error(f"is {kind(value)}; text is expected.", hint)
    cleaned, _ = clean_text(value, where, max_length)
    if not cleaned and required:
        raise where.error("is empty.", hint)
    return cleaned


def clean_text(value: str, where: Where, max_length: int) -> tuple[str, tuple[str, ...]]:
    """(the cleaned text, the invisible characters removed); InputError for what cannot be cleaned."""
    if len(value) > max_length * 4 + 100:  # not worth cleaning: far too long whatever it holds
        raise where.error(f"is {len(value):,} characters long; at most {max_length:,} are accepted.", "Shorten it.")
    try:
        cleaned, removed = clean(value)
    except ValueError as exc:
        raise where.error(f"{exc}.", "Type it again rather than copying it.") from None
    if len(cleaned) > max_length:
        raise where.error(f"is {len(cleaned):,} characters long; at most {max_length:,} are accepted.", "Shorten it.")
    return cleaned, removed


def choice(value: str, where: Where, allowed: dict[str, str], what: str) -> str:
    """The allowed value a text names (case-insensitive); InputError listing them otherwise."""
    found = allowed.get(value.lower())
    if found is None:
        raise where.error(f"'{shown(value)}' is not {what} we know.", choices_hint(value, list(allowed.values())))
    return found


def choices_hint(value: str, options: list[str]) -> str:
    near = closest(value, options)
    listed = f"Choose one of: {', '.join(options)}." if len(options) <= 30 else ""
    return f"Did you mean '{near}'? {listed}".strip() if near else listed or "Check the spelling."


def _key_text(key: Any) -> str:
    """A key that is not text (YAML allows numbers, dates, lists), as text."""
    try:
        return str(key)
    except ValueError:  # an integer Python will not write out
        return number(key) if isinstance(key, int) else kind(key)


def unknown_fields(problems: Problems, data: dict[Any, Any], allowed: tuple[str, ...], where: Where) -> None:
    """Each key of `data` not in `allowed`: a problem naming it, with a hint for a slip of the keyboard."""
    for key in data:
        if key in allowed:
            continue
        name = key if isinstance(key, str) else _key_text(key)
        near = closest(name, allowed)
        listed = f"The fields are: {', '.join(allowed)}."
        path = f"{where.path}.{clip(name)}" if where.path else clip(name)
        problems.add(
            Where(path, clip(name), where.label).problem(
                f"'{shown(name)}' is not a field we know.", f"Did you mean '{near}'? {listed}" if near else listed
            )
        )


# Letters of other alphabets that look like Latin ones (lower case, accents already taken off): Cyrillic and
# Greek. A name typed with one of them is a different name to a computer and the same to a reader.
_LOOK_ALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
        "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ԛ": "q", "ԝ": "w",
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
        "χ": "x", "ζ": "z", "ϲ": "c",
    }
)  # fmt: skip


def loose_key(name: str) -> str:
    """A name folded as far as a reader would not notice: case, accents, spaces and punctuation, and letters
    of other alphabets that look like Latin ones ('Firm B' and 'firm-В' fold alike)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().translate(_LOOK_ALIKES)
    return "".join(c for c in text if c.isalnum())


def differences(typed: str, meant: str) -> str:
    """The characters of `typed` that `meant` does not have, named ('В, Cyrillic capital letter ve')."""
    odd = [c for c in dict.fromkeys(typed) if c not in meant and not c.isspace()][:3]
    return "; ".join(f"{c}, {unicodedata.name(c, f'U+{ord(c):04X}').lower()}" for c in odd)
