"""From pasted text (plain, bullets, or HTML from the portal) to the units the readers see: sentences, and
lead-ins joined to the list items that complete them."""

from __future__ import annotations

import bisect
import html
import re

from .reading import Unit

_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_SCRIPT = re.compile(r"<(script|style|template)\b[^<>]*>.*?(?:</\1\s*>|\Z)", re.S | re.I)
_LIST_ITEM = re.compile(r"<li\b[^<>]*>", re.I)
_BLOCK = re.compile(
    r"</?(?:p|div|br|h[1-6]|tr|td|th|ul|ol|li|table|section|article|header|footer|dl|dt|dd|blockquote|hr)\b[^<>]*>",
    re.I,
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<![A-Za-z][^<>]*>")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[^\S\n]+|[\x00-\x08\x0e-\x1f\x7f]+")
_BULLET = re.compile(r"^(?:[-*•▪◦‣●○·–—>]+|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+")
TERMINAL = re.compile(r"[.!?;:]$")
_LABEL = re.compile(r"[A-Z][^.:]{0,60}:\s")  # "Eligible countries: ...", a field of the portal's page
_CONNECTOR_END = re.compile(r"(?:,|\b(?:and|or|of|in|to|the|from|by|for|with|a|an|as|at|than|that|which))$", re.I)
_ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "etc",
        "incl",
        "art",
        "no",
        "nos",
        "vs",
        "cf",
        "u.s",
        "u.s.a",
        "u.k",
        "st",
        "dr",
        "mr",
        "ms",
        "p",
        "pp",
    }
)
_LAST_WORD = re.compile(r"\S+$")
# A full stop, then closing quotes or brackets and note markers ("Countries.[1] This ...", "states.[[note]] The").
_SENTENCE_END = re.compile(
    r"[.!?](?:[\"”’)\]]|\[\d{1,3}\]|\[\[(?:[^\[\]]|\[(?!\[)|\](?!\]))*\]\])*\s+(?=[\"“(\[]?[A-Z0-9])"
)

# The portal's footnote markup, "member states[[In the context of this topic, ... includes ...]] may": the note
# stays in its sentence (quoted with it, never a sentence of its own), and patterns see the sentence without it.
# A note holds no "[[" or "]]" of its own, which keeps the search linear on text full of brackets.
FOOTNOTE = re.compile(r"\[\[(?:[^\[\]]|\[(?!\[)|\](?!\]))*\]\]")
# How the portal's pointers to the General Annexes end: a line that ends so is complete, whatever follows.
_POINTER_END = re.compile(r"\b(?:General\s+Annexes|Submission\s+System|Programme\s+Guide)$", re.I)
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "‑": "-"})

_LEAD_IN_CONTINUES = re.compile(
    r"\b(?:in|to|from|of|following|countries|states|are|is|include|includes|including|namely|entities|by)\s*:$",
    re.I,
)


def normalise_lines(text: str) -> list[str]:
    """The input as logical lines: tags stripped, entities decoded, whitespace collapsed, wrapped lines joined."""
    if "<" in text:
        text = _COMMENT.sub(" ", text)
        text = _SCRIPT.sub(" ", text)
        text = _LIST_ITEM.sub("\n\n- ", text)
        text = _BLOCK.sub("\n\n", text)
        text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    lines: list[list[str]] = []
    hard_break = True
    for raw in text.split("\n"):
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            hard_break = True
            continue
        if hard_break or not lines or _BULLET.match(line) or _ends_line(lines[-1][-1], line):
            lines.append([line])
        else:
            lines[-1].append(line)  # a line wrapped in a PDF copy or an e-mail
        hard_break = False
    return [" ".join(parts) for parts in lines]


def _ends_line(previous: str, following: str) -> bool:
    if previous.endswith("]]") and (note := previous.rfind("[[")) >= 0:
        previous = previous[:note].rstrip()  # "... member states.[[note]]" ends where its sentence does
    previous = re.sub(r"(?:\[\d{1,3}\])+$", "", previous)  # and "... Associated Countries.[1]"
    if TERMINAL.search(previous) or _LABEL.match(following) or _POINTER_END.search(previous):
        return True
    # A short line without a final stop before a capitalised one is a heading, unless it breaks off mid-phrase.
    return len(previous) <= 60 and following[:1].isupper() and not _CONNECTOR_END.search(previous)


def _sentences(line: str) -> list[str]:
    parts: list[str] = []
    start = 0
    notes = [(m.start(), m.end()) for m in FOOTNOTE.finditer(line)]
    starts = [a for a, _ in notes]
    for boundary in _SENTENCE_END.finditer(line):
        end = boundary.start() + 1
        note = bisect.bisect_left(starts, end) - 1
        if note >= 0 and end < notes[note][1]:
            continue  # a full stop inside a footnote does not end its sentence
        word = _LAST_WORD.search(line, max(start, end - 12), end)
        if word and word.group().rstrip(".").lower() in _ABBREVIATIONS:
            continue
        parts.append(line[start : boundary.end()].rstrip())
        start = boundary.end()
    tail = line[start:].strip()
    if tail:
        parts.append(tail)
    return parts


def _matchable(text: str) -> str:
    return FOOTNOTE.sub("", text).translate(_QUOTES)


def _unit(text: str, match: str, line: int) -> Unit:
    return Unit(text, _matchable(match), tuple(FOOTNOTE.findall(text)), line)


def units(lines: list[str]) -> list[Unit]:
    """Sentences, with a lead-in that breaks off at a colon joined to the list items that complete it."""
    units: list[Unit] = []
    i = 0
    while i < len(lines):
        line = i
        bullet = _BULLET.match(lines[i])
        body = lines[i][bullet.end() :] if bullet else lines[i]
        sentences = _sentences(body)
        last = sentences[-1] if sentences else ""
        items, i = _list_items(lines, i + 1) if _LEAD_IN_CONTINUES.search(last) else ([], i + 1)
        units.extend(_unit(s, s, line) for s in sentences[:-1])
        if items:
            text = "\n".join([last, *items])
            bare = [re.sub(r"[\s;,]*(?:\b(?:and|or))?$", "", _BULLET.sub("", item)) for item in items]
            units.append(_unit(text, f"{last[:-1]} {', '.join(bare)}", line))
        elif last:
            units.append(_unit(last, last, line))
    return units


def _list_items(lines: list[str], start: int) -> tuple[list[str], int]:
    """The items after a lead-in: bulleted lines, or plain lines that end like list items."""
    items: list[str] = []
    bulleted = start < len(lines) and _BULLET.match(lines[start]) is not None
    j = start
    while j < len(lines):
        line = lines[j]
        if (_BULLET.match(line) is not None) != bulleted or len(_sentences(_BULLET.sub("", line))) != 1:
            break
        if not bulleted and not re.search(r"(?:[;,.]|\b(?:and|or))$", line):
            break
        items.append(line)
        j += 1
        if line.endswith("."):
            break  # the list ends with its full stop
    return items, j
