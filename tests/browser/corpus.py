"""A seeded corpus of random consortia for the page/command-line differential test.

Every programme, action, year and part of the engine's catalog(), and the input a person may bring: years as
numbers, text and 2025.0; call identifiers that name the year or contradict the action; outermost regions,
overseas countries and territories, PT-20, XK, EL, UK, everyday and native country names, unknown ones; every
role, type and flag, also misspelt, as text or empty; control chains and cycles, names with invisible
characters (a byte-order mark, a soft hyphen, a zero-width space); topic options, empty lists and "true" as
text; fields nobody knows. Nothing here says what the verdict is: the test compares the page with the command
line.
"""

from __future__ import annotations

import random
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
    "de", "South Korea", "Korea", "Deutschland", "Czech Republic", "USA", "Atlantis", " FR", "",
]  # fmt: skip
OUTSIDE = ["Holding Gamma", "Parent Corp", "State of Somewhere"]
INVISIBLE = ["\ufeff", "\u00ad", "\u200b"]
CALL_IDS = {
    "horizon-europe": [
        "HORIZON-CL5-{y}-D3-01", "HORIZON-CL4-{y}-01-DIGITAL-EMERGING-02", "HORIZON-WIDERA-{y}-ACCESS-01",
        "ERC-{y}-STG", "HORIZON-MSCA-{y}-DN-01", "HORIZON-EIC-{y}-PATHFINDEROPEN-01", "HORIZON-HLTH-{y}-DISEASE-03",
        "HORIZON-JU-IHI-{y}-05", "HORIZON-EURATOM-{y}-NRT-01",
    ],
    "horizon-2020": ["H2020-SC1-BHC-2018-2020", "H2020-MSCA-ITN-{y}", "ERC-{y}-STG", "H2020-WIDESPREAD-{y}-01"],
}  # fmt: skip


class Corpus:
    """random consortia drawn from catalog()'s option space with a seeded generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.catalog = catalog()
        self.programmes = {p["id"]: p for p in self.catalog["programmes"]}

    def pick(self, items: list[Any]) -> Any:
        return self.rng.choice(items)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def consortium(self) -> dict[str, Any]:
        programme_id = self.pick(list(self.programmes))
        programme = self.programmes[programme_id]
        data: dict[str, Any] = {}
        if not self.chance(0.03):
            data["programme"] = programme_id if not self.chance(0.03) else self.pick(["Horizon-Europe", "horizon-2030"])
        action = self.pick(programme["actions"])
        if not self.chance(0.03):
            data["action"] = action["id"] if not self.chance(0.05) else self.pick(["ria", "XYZ", ""])
        year = self.rng.randint(programme["first_call_year"] - 1, programme["last_call_year"] + 1)
        if self.chance(0.35):
            data["call_id"] = self.pick(CALL_IDS[programme_id]).format(y=year)
        if "call_id" not in data or self.chance(0.5):
            data["call_year"] = self.pick([year] * 6 + [str(year), float(year), f" {year}", "next year"])
        if self.chance(0.3):
            data["deadline"] = self.pick([f"{year}-09-16", f"{year + 1}-02-11", f"{year}-W15-1", f"16/09/{year}"])
        if self.chance(0.15):
            data["part"] = self.pick([p["id"] for p in programme["parts"]] + ["pillar-9"])
        if self.chance(0.35):
            data["topic"] = self.topic(programme)
        data["participants"] = self.participants()
        if self.chance(0.04):
            data["comment"] = "from our CRM"
        return data

    def topic(self, programme: dict[str, Any]) -> dict[str, Any]:
        topic: dict[str, Any] = {}
        for option in programme["topic_options"]:
            if not self.chance(0.3):
                continue
            kind = option["kind"]
            if kind == "bool":
                topic[option["id"]] = self.pick([True, True, False, "true", 1])
            elif kind == "countries":
                lists = [[], ["NO", "CH"], ["associated-countries"], "NO, CH", ["US"], ["JP", "Korea"]]
                topic[option["id"]] = self.pick(lists)
            else:
                topic[option["id"]] = [{"text": "At least two SMEs.", "min": 2, "entity_types": ["sme"]}]
        if self.chance(0.05):
            topic[self.pick(["health_challenge", "china_ria_exempt", "colour"])] = True
        return topic

    def name(self, k: int) -> str:
        base = f"{self.pick(['Uni', 'Lab', 'Firm', 'Institut', 'Société'])} {chr(65 + k)}"
        if self.chance(0.08):
            mark = self.pick(INVISIBLE)
            base = self.pick([mark + base, base + mark, base[:3] + mark + base[3:]])
        return base

    def participants(self) -> list[Any]:
        if self.chance(0.02):
            return []
        count = self.rng.randint(1, 7)
        names = [self.name(k) for k in range(count)]
        if count > 2 and self.chance(0.05):
            names[-1] = names[0]  # a duplicate
        roles, types, flags = self.catalog["roles"], self.catalog["types"], [f["id"] for f in self.catalog["flags"]]
        out: list[Any] = []
        for k, name in enumerate(names):
            p: dict[str, Any] = {"name": name, "country": self.pick(COUNTRIES)}
            first = k == 0 and self.chance(0.85)
            p["role"] = "coordinator" if first else self.pick([*roles[1:] * 3, "Beneficiary", "partner"])
            if self.chance(0.6):
                p["type"] = self.pick([*types, "University"])
            if self.chance(0.25):
                p["controlled_by"] = self.controller(names, k)
            if self.chance(0.12):
                some = [[self.pick(flags)], [self.pick(flags), self.pick(flags)], "sanctioned", [""], "true"]
                p["flags"] = self.pick(some)
            if self.chance(0.02):
                p["crm_id"] = k
            out.append(p if not self.chance(0.01) else self.pick([7, None, "Uni Z"]))
        return out

    def controller(self, names: list[str], k: int) -> str:
        others = [n for i, n in enumerate(names) if i != k]
        if not others or self.chance(0.3):
            return self.pick(OUTSIDE)
        name: str = self.pick(others)
        return self.pick([name, name, name.upper(), name.replace("i", "\u0456")])  # a Cyrillic look-alike


def corpus(seed: int, count: int) -> list[dict[str, Any]]:
    maker = Corpus(seed)
    return [maker.consortium() for _ in range(count)]
