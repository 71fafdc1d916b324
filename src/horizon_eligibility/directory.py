"""The organisation directory: every organisation that took part in Horizon Europe (and, where the extracts
allow, Horizon 2020) by its PIC, from CORDIS, and a search of it by name.

The directory is a file the build writes from CORDIS (build_scripts/directory/, README "Data and licences"):
one line of metadata, a header and one tab-separated row per organisation, gzip-compressed. It is installed
with the package for the command line (`horizon-eligibility partners`, participants given by `pic`), and the
checker page fetches it as a static file and hands it to its worker (`use_directory`); the engine wheel the
page loads on every visit does not hold it.

Search (`Directory.search`): a query's words, in any order, are prefixes of words of the name or the short
name, ignoring case and accents; results are ranked by how well the words match (the whole short name or
name; then how many words are whole words), then by the number of projects. The words of every name are
indexed once, as a sorted list of distinct words whose prefix ranges are found by bisection.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from heapq import nsmallest
from pathlib import Path
from typing import Any, NamedTuple

FORMAT = 1
COLUMNS = (
    "pic",
    "name",
    "short_name",
    "country",  # ISO 3166-1 alpha-2 as the engine reads it (CORDIS EL -> GR, UK -> GB); "" if CORDIS has none
    "activity",  # CORDIS activity type: HES, REC, PRC, PUB, OTH ("" if CORDIS has none)
    "sme",  # CORDIS SME flag: 1, 0, or "" (not recorded)
    "special",  # engine type of a special entity (jrc, eu-body, ...), tagged by PIC at build time, else ""
    "projects",  # Horizon projects it took part in, in the extracts
    "last_year",  # the latest call year among them ("" if no call identifier names one)
    "programme",  # HE (Horizon Europe extract) or H2020 (only in the Horizon 2020 extracts)
)
PACKAGE_FILE = Path(__file__).resolve().parent / "directory" / "organisations.tsv.gz"
MAX_QUERY_WORDS = 8
MAX_QUERY_LENGTH = 200
PIC = re.compile(r"^\d{9}$")  # as from_directory.PIC

# CORDIS activity types (HES higher or secondary education, REC research organisation, PRC private for-profit
# company, PUB public body other than those two, OTH other) as engine types.
ACTIVITY_TYPES = {
    "HES": "university",
    "REC": "research-organisation",
    "PRC": "company",
    "PUB": "public-body",
    "OTH": "other",
}
ACTIVITY_NAMES = {
    "HES": "higher or secondary education (HES)",
    "REC": "research organisation (REC)",
    "PRC": "private company (PRC)",
    "PUB": "public body (PUB)",
    "OTH": "other (OTH)",
}


class DirectoryError(ValueError):
    """The directory file cannot be read (damaged, or of another format)."""


class TypeReading(NamedTuple):
    """An organisation's engine type as read from CORDIS, the types it may also be, and why."""

    type: str | None
    alternatives: tuple[str, ...] = ()
    doubt: str = ""  # why CORDIS does not settle it ("" when it does)
    reasons: tuple[str, ...] = ()  # why it may be each alternative, where they differ (else `doubt`)

    def why_each(self) -> tuple[str, ...]:
        return self.reasons or tuple(self.doubt for _ in self.alternatives)

    def why(self, alternative: str) -> str:
        return self.why_each()[self.alternatives.index(alternative)]


class Organisation(NamedTuple):
    pic: str
    name: str
    short_name: str
    country: str
    activity: str
    sme: bool | None
    special: str
    projects: int
    last_year: int | None
    programme: str  # HE or H2020

    @property
    def type_reading(self) -> TypeReading:
        reading = cordis_type(self.activity, self.sme, self.special)
        if self.special or self.activity == "PRC" or not is_eric(self.name, self.short_name):
            return reading
        # An ERIC is set up under Union law (the ERIC Regulation); whether that makes it a legal entity created
        # under Union law, deemed established in another Member State (HE-REG Art 22), no source read settles.
        return reading._replace(
            alternatives=(*reading.alternatives, "eu-body"),
            reasons=(*reading.why_each(), ERIC_DOUBT),
            doubt="; ".join(filter(None, (reading.doubt, ERIC_DOUBT))),
        )

    @property
    def type(self) -> str | None:
        return self.type_reading.type

    def to_match(self) -> dict[str, Any]:
        """What `horizon-eligibility partners` and the page's suggestions show of it."""
        return {
            "pic": self.pic,
            "name": self.name,
            "short_name": self.short_name,
            "country": self.country,
            "type": self.type,
            "projects": self.projects,
            "last_year": self.last_year,
        }


def cordis_type(activity: str, sme: bool | None, special: str) -> TypeReading:
    """The engine type of an organisation from its CORDIS activity type and SME flag.

    A special entity tagged by PIC is that type. Otherwise the SME flag (the status validated in the
    Participant Register) makes it an SME whatever its activity type, as the real-consortia tests read CORDIS;
    where the activity type says otherwise (a university, a research organisation or a public body with the
    flag), it may be that instead. A company whose SME status CORDIS does not record is taken as a company
    that is not one. CORDIS has no category for public procurers, so a public body may be one.
    """
    if special:
        return TypeReading(special)
    base = ACTIVITY_TYPES.get(activity)
    if sme:
        if base in (None, "company"):
            return TypeReading("sme")
        return TypeReading("sme", (base,), f"CORDIS records it as an SME and as {ACTIVITY_NAMES[activity]}")
    if activity == "PRC" and sme is None:
        return TypeReading("company", ("sme",), "CORDIS does not record whether this company is an SME")
    if activity == "PUB":
        return TypeReading(
            "public-body", ("public-procurer",), "CORDIS does not say whether a public body is a public procurer"
        )
    return TypeReading(base)


ERIC_DOUBT = (
    "its name says it is a European Research Infrastructure Consortium (ERIC), set up under Union law: it may "
    "count as a legal entity created under Union law, and no source read settles whether it does"
)
_ERIC = re.compile(r"\bERIC\b(?!\s*A\.?I\.?S\.?B\.?L)")  # not "ERIC A.I.S.B.L.", an association's short name
_ERIC_WORDS = re.compile(r"european research infra\w*\s*consortium", re.IGNORECASE)  # CORDIS runs words together


def is_eric(name: str, short_name: str) -> bool:
    """Whether an organisation's CORDIS name or short name says it is an ERIC ("EATRIS ERIC", "... EUROPEAN
    RESEARCH INFRASTRUCTURE CONSORTIUM")."""
    return any(_ERIC.search(text) or _ERIC_WORDS.search(text) for text in (name, short_name))


# ----- words ------------------------------------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = (("ø", "o"), ("æ", "ae"), ("œ", "oe"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("þ", "th"), ("ı", "i"))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_SEPARATORS = re.compile(r"[^\w\n\t]+|_+")  # not a letter or digit, nor a line or field break
_ASCII_SEPARATORS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum() and chr(c) not in "\n\t"})
_SPACES = re.compile(" {2,}")
_EDGES = ((" \n", "\n"), ("\n ", "\n"), (" \t", "\t"), ("\t ", "\t"))
# German umlauts are written three ways, in CORDIS and by people (MUELLER, MÜLLER, MULLER): a name's words
# are also indexed with "ae", "oe", "ue" read as "a", "o", "u", where three letters or more are left (the
# short name "AE" is no umlaut).
_UMLAUTS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def normal(text: str) -> str:
    """Text as compared: lower case, no accents (ß is ss), words separated by single spaces. Applied to many
    names at once (joined by line or tab breaks, which it keeps), it gives each name's own result."""
    if text.isascii():  # nearly every name: the fast way
        text = text.lower().translate(_ASCII_SEPARATORS)
    else:
        text = text.casefold()
        for letter, plain in _FOLD:
            text = text.replace(letter, plain)
        text = _SEPARATORS.sub(" ", _COMBINING.sub("", unicodedata.normalize("NFKD", text)))
    text = _SPACES.sub(" ", text)
    for edge, kept in _EDGES:
        text = text.replace(edge, kept)
    return text.strip(" ")


def words(text: str) -> list[str]:
    """The words of a name or a query, as compared."""
    return normal(text).split()


def without_umlauts(text: str) -> str:
    """Normal text with "ae", "oe", "ue" read as "a", "o", "u"."""
    for pair, letter in _UMLAUTS:
        text = text.replace(pair, letter)
    return text


# ----- the directory ----------------------------------------------------------------------------------


class Directory:
    """The organisations, by PIC, with a word index for search (built on the first search)."""

    def __init__(self, organisations: Iterable[Organisation], meta: dict[str, Any] | None = None) -> None:
        # Rows in the order that breaks ties: more projects first, then by name and PIC.
        self.organisations: tuple[Organisation, ...] = tuple(
            sorted(organisations, key=lambda o: (-o.projects, o.name, o.pic))
        )
        self.meta: dict[str, Any] = meta or {}
        self.by_pic = {o.pic: o for o in self.organisations}
        self._index: _Index | None = None

    def __len__(self) -> int:
        return len(self.organisations)

    def get(self, pic: str) -> Organisation | None:
        return self.by_pic.get(pic.strip())

    def snapshot(self, programme: str) -> str:
        """The date of the CORDIS extract an organisation of that programme (HE, H2020) comes from."""
        return str(self.meta.get("snapshots", {}).get(programme, ""))

    def source(self, programme: str) -> str:
        """The source id (data/sources.yaml) of that extract."""
        return str(self.meta.get("sources", {}).get(programme, ""))

    def search(self, query: str, country: str | None = None, limit: int = 10) -> list[Organisation]:
        """The organisations whose name or short name has a word starting with each word of the query, best
        first; in `country` only, if given (an ISO code as the directory holds it)."""
        asked = list(dict.fromkeys(words(query[:MAX_QUERY_LENGTH])))[:MAX_QUERY_WORDS]
        if not asked or limit <= 0:
            return []
        if self._index is None:
            self._index = _Index(self.organisations)
        rows = self._index.search(asked, country, limit)
        return [self.organisations[row] for row in rows]


class _Index:
    """Every word of every name and short name (also read without umlaut spellings), sorted, with the rows
    that hold it; a query word's prefix range is found by bisection."""

    def __init__(self, organisations: Sequence[Organisation]) -> None:
        self.country: dict[str, set[int]] = {}
        for row, org in enumerate(organisations):
            self.country.setdefault(org.country, set()).add(row)
        self.lines = _normal_lines([f"{o.name}\t{o.short_name}" for o in organisations])
        self.folded = [without_umlauts(line) for line in self.lines]
        # The rows by whole name or short name, and by those without umlaut spellings.
        self.whole: defaultdict[str, list[int]] = defaultdict(list)
        self.whole_folded: defaultdict[str, list[int]] = defaultdict(list)
        for row, (line, fold) in enumerate(zip(self.lines, self.folded, strict=True)):
            for part in line.split("\t"):
                self.whole[part].append(row)
            for part in fold.split("\t"):
                self.whole_folded[part].append(row)
        index: defaultdict[str, list[int]] = defaultdict(list)
        for row, (line, fold) in enumerate(zip(self.lines, self.folded, strict=True)):
            for word in line.split():  # a word twice in a name is listed twice: harmless, and faster
                index[word].append(row)
            if fold != line:
                for word in _folded_words(line, fold):
                    index[word].append(row)
        self.vocabulary = sorted(index)
        self.postings = [index[word] for word in self.vocabulary]
        # sizes[i]: the postings of the words before the i-th, so that a prefix's postings count is a difference.
        self.sizes = [0]
        for postings in self.postings:
            self.sizes.append(self.sizes[-1] + len(postings))

    def search(self, asked: list[str], country: str | None, limit: int) -> list[int]:
        spans = []
        for word in asked:
            first = bisect_left(self.vocabulary, word)
            last = bisect_left(self.vocabulary, word + "\U0010ffff", first)
            if first == last:
                return []
            spans.append((self.sizes[last] - self.sizes[first], word, first, last))
        spans.sort()  # the rarest word first: the fewest rows to carry on
        rows = self.country.get(country, set()) if country is not None else None
        for size, word, first, last in spans:
            if rows is not None and len(rows) * 4 < size:  # fewer rows left than postings to merge: test them
                rows = {r for r in rows if self._starts(r, word)}
            else:
                found: set[int] = set().union(*self.postings[first:last])
                rows = found if rows is None else rows & found
            if not rows:
                return []
        assert rows is not None
        return self._best(asked, rows, limit)

    def _best(self, asked: list[str], rows: set[int], limit: int) -> list[int]:
        """The first `limit` rows in rank order: the whole short name or name first, then the most query words
        that are whole words, then the row (the most projects). Set operations do most of it: a short prefix
        leaves thousands of rows, and ranking each one in Python would take milliseconds."""
        query = " ".join(asked)
        whole = rows.intersection({*self.whole.get(query, ()), *self.whole_folded.get(without_umlauts(query), ())})
        exact = [self._exact(word) & rows for word in asked]

        def rank(row: int) -> tuple[int, int, int]:
            return (-(row in whole), -sum(row in e for e in exact), row)

        first = sorted(whole, key=rank)[:limit]
        every = set.intersection(*exact) - whole  # every word a whole word: the best after `whole`
        if len(first) + len(every) >= limit:
            return first + sorted(nsmallest(limit - len(first), every))
        touched = whole.union(*exact)
        ranked = sorted(nsmallest(limit, touched, key=rank), key=rank)
        return ranked + sorted(nsmallest(limit - len(ranked), rows - touched))  # no whole word: by row alone

    def _starts(self, row: int, prefix: str) -> bool:
        """Whether a word of the row starts with the prefix."""
        line, fold = self.lines[row], self.folded[row]
        return any(word.startswith(prefix) for word in line.split() + _folded_words(line, fold))

    def _exact(self, word: str) -> set[int]:
        at = bisect_left(self.vocabulary, word)
        if at < len(self.vocabulary) and self.vocabulary[at] == word:
            return set(self.postings[at])
        return set()


def _folded_words(line: str, fold: str) -> list[str]:
    """The words a row is also found by: its words without umlaut spellings, where three letters or more are
    left (the short name "AE" is no umlaut)."""
    raw = line.split()
    return [word for word in fold.split() if len(word) >= 3 and word not in raw]


def _normal_lines(names: list[str]) -> list[str]:
    """normal() of each name: the ASCII ones (nearly all) as one text, which is much faster."""
    plain = [i for i, name in enumerate(names) if name.isascii()]
    lines = [""] * len(names)
    for i, line in zip(plain, normal("\n".join(names[i] for i in plain)).split("\n"), strict=True):
        lines[i] = line
    for i, name in enumerate(names):
        if not name.isascii():
            lines[i] = normal(name)
    return lines


# ----- reading the file -------------------------------------------------------------------------------


def parse(data: bytes) -> Directory:
    """A directory from the file's bytes (gzip-compressed or not)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = zlib.decompress(data, wbits=31)
        except zlib.error as exc:
            raise DirectoryError(f"the directory file is damaged ({exc})") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DirectoryError("the directory file is not UTF-8 text") from None
    lines = text.split("\n")
    if len(lines) < 2 or not lines[0].startswith("#"):
        raise DirectoryError("the directory file has no metadata line")
    try:
        meta = json.loads(lines[0][1:])
    except ValueError:
        raise DirectoryError("the directory file's metadata line is not JSON") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise DirectoryError(f"the directory file is not of format {FORMAT}")
    if tuple(lines[1].split("\t")) != COLUMNS:
        raise DirectoryError(f"the directory file's columns are not {', '.join(COLUMNS)}")
    return Directory((_row(line, number) for number, line in enumerate(lines[2:], start=3) if line), meta)


def _row(line: str, number: int) -> Organisation:
    cells = line.split("\t")
    if len(cells) != len(COLUMNS) or not PIC.match(cells[0]):
        raise DirectoryError(f"the directory file's line {number} is damaged")
    pic, name, short, country, activity, sme, special, projects, last_year, programme = cells
    return Organisation(
        pic,
        name,
        short,
        country,
        activity,
        None if not sme else sme == "1",
        special,
        int(projects),
        int(last_year) if last_year else None,
        programme,
    )


def format_rows(organisations: Sequence[Organisation], meta: dict[str, Any]) -> str:
    """The file's text (before compression) for these organisations: what the build writes."""
    lines = ["#" + json.dumps({**meta, "format": FORMAT}, ensure_ascii=False, sort_keys=True), "\t".join(COLUMNS)]
    for o in sorted(organisations, key=lambda o: (-o.projects, o.name, o.pic)):
        sme = "" if o.sme is None else "1" if o.sme else "0"
        cells = (o.pic, o.name, o.short_name, o.country, o.activity, sme, o.special, str(o.projects))
        lines.append("\t".join((*cells, "" if o.last_year is None else str(o.last_year), o.programme)))
    return "\n".join(lines) + "\n"


_installed: Directory | None = None


def use_directory(directory: Directory | None) -> None:
    """Make this the directory participants given by PIC are read from (the page's worker, the tests)."""
    global _installed
    _installed = directory


def load_directory() -> Directory | None:
    """The directory in use: the one given to use_directory, else the package's own copy, else None."""
    global _installed
    if _installed is None and PACKAGE_FILE.is_file():
        _installed = parse(PACKAGE_FILE.read_bytes())
    return _installed
