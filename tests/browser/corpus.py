"""A seeded corpus of random consortia for the page/command-line differential test.

Every programme, action, year and part of the engine's catalog(), and the input a person may bring: years as
numbers and as text; outermost regions, overseas countries and territories, PT-20, XK, EL, UK, everyday and
native country names; every role, type and flag, roles in capitals, flags as text; control chains and
cycles, names with invisible characters (a byte-order mark, a soft hyphen, a zero-width space); topic options
with empty lists. About half the consortia then get one or two faults of the kinds people make (FAULTS): an
unknown or ambiguous country, "true" as text, 2025.0, a part that contradicts the action, a missing
programme, an empty flag, a look-alike letter in a controller's name, a field nobody knows... Nothing here
says what the verdict is: the test compares the page with the command line.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from horizon_eligibility import catalog

COUNTRIES = [
    # Member States (EL and GR, outermost regions by code), associated countries, the UK both ways, Kosovo
    "DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "FI", "EL", "GR", "PT-20", "PT-30", "ES-CN", "RE",
    "GP", "GF", "YT", "NO", "IS", "CH", "UK", "GB", "UA", "IL", "TR", "RS", "XK", "TN", "KR", "JP", "CA", "NZ",
    "EG", "MA",
    # overseas countries and territories, third countries, excluded ones
    "GL", "NC", "PF", "AW", "US", "CN", "BR", "IN", "ZA", "RU", "BY", "HK",
    # as people type them
    "de", "fr ", "South Korea", "Deutschland", "Czech Republic", "USA", "Great Britain", "Schweiz",
]  # fmt: skip
OUTSIDE = ["Holding Gamma", "Parent Corp", "State of Somewhere"]
INVISIBLE = ["\ufeff", "\u00ad", "\u200b"]


class Corpus:
    """Random consortia drawn from catalog()'s option space with a seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.catalog = catalog()
        self.programmes = {p["id"]: p for p in self.catalog["programmes"]}

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def consortium(self) -> dict[str, Any]:
        data = self.clean()
        if self.chance(0.5):
            for fault in self.rng.sample(FAULTS, self.rng.randint(1, 2)):
                fault(self, data)
        return data

    def clean(self) -> dict[str, Any]:
        programme = self.programmes[self.pick(list(self.programmes))]
        action = self.pick(programme["actions"])
        year = self.rng.randint(programme["first_call_year"], programme["last_call_year"])
        data: dict[str, Any] = {"programme": programme["id"], "action": action["id"]}
        if action["group"] == "collaborative" and self.chance(0.4):
            if programme["id"] == "horizon-europe":
                data["call_id"] = f"HORIZON-CL5-{year}-D3-01"
            else:
                year = self.rng.randint(2018, 2020)
                data["call_id"] = "H2020-SC1-BHC-2018-2020"
        if "call_id" not in data or data["call_id"].startswith("H2020-SC1") or self.chance(0.3):
            data["call_year"] = self.pick([year, year, year, str(year)])
        if self.chance(0.3):
            data["deadline"] = f"{year}-{self.pick(['02-11', '09-16', '11-05'])}"
        if self.chance(0.2):
            data["part"] = action["fixed_part"] or action["default_part"]
        if self.chance(0.4):
            data["topic"] = self.topic(programme)
        data["participants"] = self.participants()
        return data

    def topic(self, programme: dict[str, Any]) -> dict[str, Any]:
        topic: dict[str, Any] = {}
        for option in programme["topic_options"]:
            if not self.chance(0.3):
                continue
            if option["kind"] == "bool":
                topic[option["id"]] = self.pick([True, True, False])
            elif option["kind"] == "countries":
                topic[option["id"]] = self.pick([[], ["NO", "CH"], ["associated-countries"], "NO, CH", ["US"], ["JP"]])
            else:
                topic[option["id"]] = [{"text": "At least two SMEs.", "min": 2, "entity_types": ["sme"]}]
        return topic

    def name(self, k: int) -> str:
        base = f"{self.pick(['Uni', 'Lab', 'Firm', 'Institut', 'Société'])} {chr(65 + k)}"
        if self.chance(0.08):
            mark = self.pick(INVISIBLE)
            base = self.pick([mark + base, base + mark, base[:3] + mark + base[3:]])
        return base

    def participants(self) -> list[Any]:
        count = self.rng.randint(1, 7)
        names = [self.name(k) for k in range(count)]
        roles, types, flags = self.catalog["roles"], self.catalog["types"], [f["id"] for f in self.catalog["flags"]]
        out: list[Any] = []
        for k, name in enumerate(names):
            p: dict[str, Any] = {"name": name, "country": self.pick(COUNTRIES)}
            first = k == 0 and self.chance(0.9)
            p["role"] = "coordinator" if first else self.pick([*roles[1:] * 3, "Beneficiary"])
            if self.chance(0.6):
                p["type"] = self.pick([*types, "University"])
            if self.chance(0.25):
                others = [n for i, n in enumerate(names) if i != k]
                p["controlled_by"] = self.pick(others) if others and self.chance(0.7) else self.pick(OUTSIDE)
            if self.chance(0.1):
                p["flags"] = self.pick([[self.pick(flags)], [self.pick(flags), self.pick(flags)], "sanctioned"])
            out.append(p)
        return out


def _people(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The participants that are objects (an earlier fault may have made the list something else)."""
    listed = data.get("participants")
    return [p for p in listed if isinstance(p, dict)] if isinstance(listed, list) else []


def _person(corpus: Corpus, data: dict[str, Any]) -> dict[str, Any]:
    people = _people(data)
    return corpus.pick(people) if people else {}


def _set(key: str, *values: Any) -> Callable[[Corpus, dict[str, Any]], None]:
    def fault(corpus: Corpus, data: dict[str, Any]) -> None:
        data[key] = corpus.pick(list(values))

    return fault


def _drop(key: str) -> Callable[[Corpus, dict[str, Any]], None]:
    def fault(corpus: Corpus, data: dict[str, Any]) -> None:
        data.pop(key, None)

    return fault


def _participant(key: str, *values: Any) -> Callable[[Corpus, dict[str, Any]], None]:
    def fault(corpus: Corpus, data: dict[str, Any]) -> None:
        _person(corpus, data)[key] = corpus.pick(list(values))

    return fault


def _topic(key: str, *values: Any) -> Callable[[Corpus, dict[str, Any]], None]:
    def fault(corpus: Corpus, data: dict[str, Any]) -> None:
        if isinstance(data.setdefault("topic", {}), dict):
            data["topic"][key] = corpus.pick(list(values))

    return fault


def _look_alike(corpus: Corpus, data: dict[str, Any]) -> None:
    people = _people(data)
    if len(people) > 1:
        controller = corpus.pick(people[1:])["name"]
        people[0]["controlled_by"] = controller.replace("i", "\u0456").replace("a", "\u0430")  # Cyrillic


def _not_a_participant(corpus: Corpus, data: dict[str, Any]) -> None:
    if isinstance(data.get("participants"), list):
        data["participants"].append(corpus.pick([7, None, "Uni Z", []]))


def _duplicate(corpus: Corpus, data: dict[str, Any]) -> None:
    people = _people(data)
    if len(people) > 1:
        people[-1]["name"] = people[0]["name"]


def _contradicting_part(corpus: Corpus, data: dict[str, Any]) -> None:
    if data.get("programme") == "horizon-europe":
        data.update(action=corpus.pick(["ERC-StG", "MSCA-DN", "EIC-Accelerator"]), part="pillar-2")


FAULTS: list[Callable[[Corpus, dict[str, Any]], None]] = [
    _set("programme", "horizon-2030", ["horizon-europe"]),
    _drop("programme"),
    _set("action", "XYZ", ""),
    _drop("action"),
    _set("call_year", 2025.0, "next year", 1999, True),
    _set("call_id", "ERC-2025-STG", "HORIZON-EURATOM-2025-NRT-01", "HORIZON-CL5-2019-D3-01"),
    _set("deadline", "2025-W15-1", "16/09/2025", "2025-04-10xyz", "2031-01-01"),
    _contradicting_part,
    _set("comment", "from our CRM"),
    _set("participants", [], "Uni A, Firm B"),
    _not_a_participant,
    _participant("country", "Atlantis", "", "Korea", "Congo", 49),
    _participant("role", "partner", "", None),
    _participant("type", "charity", 3),
    _participant("flags", [""], "true", ["sanctioned", "hacker"], True),
    _participant("crm_id", 7),
    _participant("name", "", "Firm \u202eB", "Ω" * 400),
    _look_alike,
    _duplicate,
    _topic("high_risk_suppliers_excluded", "true", 1),
    _topic("control_restriction", "true", None),
    _topic("eligible_countries", ["Atlantis"], "NO CH Korea", [[]]),
    _topic("health_challenge", True),
    _topic("colour", "blue"),
    _set("topic", ["NO"], "HORIZON"),
]


def corpus(seed: int, count: int) -> list[dict[str, Any]]:
    maker = Corpus(seed)
    return [maker.consortium() for _ in range(count)]
