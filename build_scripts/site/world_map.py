"""The world map of the countries index: an SVG drawn at build time, and the status of every country for
every programme, call year and part (country_status(), through status_class()).

The shapes are Natural Earth's 1:50m admin-0 countries (public domain) as the npm package world-atlas
(pinned in package.json; ISC licence) ships them in TopoJSON: its arcs are decoded, projected (Equal Earth)
and simplified here (Douglas-Peucker per arc, so neighbours keep one common border). Features are matched
to our codes by their ISO 3166-1 numeric id (pycountry); Kosovo has none in Natural Earth and is matched by
its name (XK). Features with no code of ours (Northern Cyprus, Somaliland, the Siachen Glacier, the Indian
Ocean territories) are drawn without a status, and Antarctica is left out. Countries too small to see or to
point at get a dot of their own.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pycountry

from build_scripts.paths import ROOT
from build_scripts.site.queries import SiteData, country_slug
from horizon_eligibility import STATUS_CLASS_LABELS, STATUS_CLASSES, status_class

ATLAS = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
BY_NAME = {"Kosovo": "XK"}  # no ISO numeric id in Natural Earth
LEFT_OUT = {"010"}  # Antarctica: a band across the bottom that no call is about
WIDTH = 2000  # SVG units across; coordinates are whole units (half a pixel on a 1000 px wide map)
TOLERANCE = 0.4  # Douglas-Peucker, in SVG units
DOT_BELOW = 40.0  # a country whose box is smaller than this (square units) gets a dot
Point = tuple[float, float]
LonLat = tuple[float, float]
Shape = tuple[str | None, str, str, Point | None]  # code (None: not ours), name, path data, dot centre

# Equal Earth (Šavrič, Patterson, Jenny 2018): equal-area, so Europe is neither shrunk nor Russia inflated.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> Point:
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * math.radians(lon)
        * math.cos(theta)
        / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    )
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180, 0)[0]
Y_MAX = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_MAX)


def to_svg(lon: float, lat: float) -> Point:
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_MAX - y) * SCALE


def from_svg_y(y: float) -> float:
    """The latitude of an SVG y (Equal Earth's y depends on the latitude alone), by bisection."""
    low, high = -90.0, 90.0
    for _ in range(50):
        middle = (low + high) / 2
        if to_svg(0, middle)[1] > y:  # SVG y grows southwards
            low = middle
        else:
            high = middle
    return (low + high) / 2


def decode_arcs(topology: dict[str, Any]) -> list[list[LonLat]]:
    """The arcs in degrees (TopoJSON's quantised arcs are delta-encoded integers)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def cut_at_antimeridian(arc: list[LonLat]) -> list[list[LonLat]]:
    """An arc split where it crosses the 180th meridian, each piece ending (or starting) on it. Natural Earth's
    rings go on across it (Russia's Chukotka, Fiji): drawn flat, such a step would be a line across the map."""
    pieces = [[arc[0]]]
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(arc):
        if abs(lon2 - lon1) > 180:
            side = 180.0 if lon1 > 0 else -180.0
            if abs(lon1) == 180:  # already on the meridian: go on from the other edge
                lat = lat1
            else:
                unwrapped = lon2 + (360 if side > 0 else -360)
                lat = lat1 + (side - lon1) / (unwrapped - lon1) * (lat2 - lat1)
            pieces[-1].append((side, lat))
            pieces.append([(-side, lat)])
        pieces[-1].append((lon2, lat2))
    return pieces


def projected_arcs(topology: dict[str, Any]) -> list[list[list[Point]]]:
    """Every arc as its pieces on either side of the 180th meridian, projected and simplified (each piece's
    ends stay, so neighbours keep one common border and a cut stays on the map's edge)."""
    return [
        [simplify([to_svg(lon, lat) for lon, lat in piece], TOLERANCE) for piece in cut_at_antimeridian(arc)]
        for arc in decode_arcs(topology)
    ]


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the end points stay (arcs meet there)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            distance = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else math.hypot(px - x1, py - y1)
            if distance > worst:
                worst, at = distance, i
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring_runs(ring: list[int], arcs: list[list[list[Point]]]) -> list[list[Point]]:
    """A ring's points, as one run, or as the runs between its crossings of the 180th meridian."""
    runs: list[list[Point]] = [[]]
    for index in ring:
        pieces = arcs[index] if index >= 0 else [piece[::-1] for piece in arcs[~index][::-1]]
        for n, piece in enumerate(pieces):
            if n:
                runs.append([])
            runs[-1].extend(piece if not runs[-1] else piece[1:])
    if len(runs) > 1:  # the ring is closed: its last run goes on into its first
        last = runs.pop()
        runs[0] = last + runs[0][1:]
    return runs


def edge(lat_from: float, lat_to: float, lon: float) -> list[Point]:
    """Points along the map's left or right edge (the 180th meridian), every degree of latitude or so."""
    steps = max(1, math.ceil(abs(lat_to - lat_from)))
    return [to_svg(lon, lat_from + (lat_to - lat_from) * i / steps) for i in range(1, steps)]


def ring_points(ring: list[int], arcs: list[list[list[Point]]]) -> list[list[Point]]:
    """A ring as closed rings of points: cut at the 180th meridian, each part closed along the map's edge."""
    runs = ring_runs(ring, arcs)
    if len(runs) == 1:
        return runs
    closed = []
    for run in runs:
        (_, y1), (x2, y2) = run[0], run[-1]
        lon = 180.0 if x2 > WIDTH / 2 else -180.0
        lat_start, lat_end = from_svg_y(y1), from_svg_y(y2)
        closed.append([*run, *edge(lat_end, lat_start, lon), run[0]])
    return closed


def polygons(geometry: dict[str, Any]) -> Iterator[list[list[int]]]:
    if geometry["type"] == "Polygon":
        yield geometry["arcs"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["arcs"]


def path_data(rings: Iterable[list[Point]]) -> str:
    """Rings as SVG path data: whole units, relative steps, rings that round to less than a triangle dropped."""
    parts = []
    for ring in rings:
        points = [(round(x), round(y)) for x, y in ring]
        kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
        if len(kept) < 4:  # a closed triangle has four points
            continue
        steps = [f"{x - px} {y - py}" for (px, py), (x, y) in itertools.pairwise(kept[:-1])]
        parts.append(f"M{kept[0][0]} {kept[0][1]}l" + " ".join(steps).replace(" -", "-") + "z")
    return "".join(parts)


def box_area(points: list[Point]) -> float:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (max(xs) - min(xs)) * (max(ys) - min(ys))


def feature_code(geometry: dict[str, Any], known: set[str]) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    if name in BY_NAME:
        return BY_NAME[name]
    numeric = geometry.get("id")
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    code = country.alpha_2 if country else None
    return code if code in known else None


def shapes(known: set[str], atlas: Path = ATLAS) -> tuple[list[Shape], int]:
    """Every feature drawn, and the map's height in SVG units."""
    topology = json.loads(atlas.read_text(encoding="utf-8"))
    arcs = projected_arcs(topology)
    out = []
    bottom = 0.0
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") in LEFT_OUT:
            continue
        rings = [part for polygon in polygons(geometry) for ring in polygon for part in ring_points(ring, arcs)]
        if not rings:
            continue
        bottom = max(bottom, max(y for ring in rings for _, y in ring))
        # The dot sits on the largest ring (an island state's main island, not its far-flung ones).
        main = max(rings, key=box_area)
        small = box_area([p for ring in rings for p in ring]) < DOT_BELOW
        centre = (sum(x for x, _ in main) / len(main), sum(y for _, y in main) / len(main)) if small else None
        out.append(
            (feature_code(geometry, known), geometry.get("properties", {}).get("name", ""), path_data(rings), centre)
        )
    return out, math.ceil(bottom) + 4


def map_data(data: SiteData) -> dict[str, Any]:
    """classes, codes, and per programme: year -> part -> one digit per code (its index in classes), and the
    words for the countries a restriction excludes from some types of action (code -> year -> part -> text:
    which actions, and what holds in the others)."""
    codes = sorted(data.rules.countries)
    today, year_today = data.call_year_today()
    programmes = []
    for programme in data.programmes:
        status: dict[str, dict[str, str]] = {}
        details: dict[str, dict[str, dict[str, str]]] = {}
        for year in data.years(programme):
            status[str(year)] = {}
            for part in programme.parts:
                line = ""
                for code in codes:
                    published = data.published(programme, code, year, part)
                    kind = status_class(published)
                    line += str(STATUS_CLASSES.index(kind))
                    if kind == "excluded-from-some-actions":
                        text = data.funding_text(published)
                        details.setdefault(code, {}).setdefault(str(year), {})[part] = text
                status[str(year)][part] = line
        programmes.append(
            {
                "id": programme.id,
                "name": programme.name,
                "years": list(data.years(programme)),
                "parts": [{"id": p, "name": data.part_short(programme, p)} for p in programme.parts],
                "default_year": year_today if programme is today else programme.last_call_year,
                "default_part": programme.default_part,
                "status": status,
                "details": details,
            }
        )
    return {"classes": list(STATUS_CLASSES), "codes": codes, "programmes": programmes}


def country_label(name: str, status: str, detail: str | None) -> str:
    """A country's words on the map (its accessible name and tooltip): the class, or which actions exclude it."""
    return f"{name}: {detail}" if detail else f"{name}: {STATUS_CLASS_LABELS[status]}"


# Stripes of the excluded colour over the third-country grey: excluded from some types of action only.
HATCH = (
    '<defs><pattern id="he-map-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="8" height="8" class="he-map-hatch-base"/>'
    '<rect width="4" height="8" class="he-map-hatch-stripe"/></pattern></defs>'
)


def svg(data: SiteData, statuses: dict[str, Any]) -> str:
    """The map as inline SVG for the first programme's default year and part: each country a link to its
    page (the map is on the countries index) carrying data-code and data-status."""
    drawn, height = shapes(set(data.rules.countries))
    programme = statuses["programmes"][0]
    year, part = str(programme["default_year"]), programme["default_part"]
    line = programme["status"][year][part]
    index = {code: i for i, code in enumerate(statuses["codes"])}
    items = []
    for code, name, d, centre in sorted(drawn, key=lambda item: (item[0] is not None, item[1])):
        if code is None:
            items.append(f'<path class="he-map-none" d="{d}"><title>{escape(name)}: no entry of its own</title></path>')
            continue
        status = statuses["classes"][int(line[index[code]])]
        detail = programme["details"].get(code, {}).get(year, {}).get(part)
        label = country_label(data.name(code), status, detail)
        dot = f'<circle cx="{round(centre[0])}" cy="{round(centre[1])}" r="6"/>' if centre else ""
        items.append(
            f'<a xlink:href="{country_slug(code)}/" role="link" data-code="{code}" data-status="{status}" '
            f'aria-label={quoteattr(label)}><title>{escape(label)}</title><path d="{d}"/>{dot}</a>'
        )
    return (
        f'<svg xmlns:xlink="http://www.w3.org/1999/xlink" class="he-map-svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="group" aria-labelledby="he-map-title"><title id="he-map-title">World map: the status of each '
        f"country</title>{HATCH}{''.join(items)}</svg>"
    )


def atlas_version() -> str:
    package = json.loads((ATLAS.parent / "package.json").read_text(encoding="utf-8"))
    return str(package["version"])


def section(data: SiteData) -> str:
    """The countries index's map block: controls (shown by country-map.mjs), the SVG, the legend, the
    attribution. The statuses of every programme, year and part ride in data-map (a script element would
    not do: Material's instant navigation re-creates scripts without their type, and would run the JSON)."""
    statuses = map_data(data)
    first = statuses["programmes"][0]
    legend = "".join(
        f'<li data-status="{c}"><span class="he-map-swatch" aria-hidden="true"></span>'
        f'{escape(STATUS_CLASS_LABELS[c])} <span class="he-map-count"></span></li>'
        for c in STATUS_CLASSES
    )
    caption = f"{first['name']}, calls of {first['default_year']}, " + next(
        p["name"] for p in first["parts"] if p["id"] == first["default_part"]
    )
    carried = quoteattr(json.dumps(statuses, separators=(",", ":")))
    zoom = (
        '<span class="he-map-zoom" role="group" aria-label="Zoom">'
        '<button type="button" class="md-button" data-zoom="world" aria-pressed="true">World</button>'
        '<button type="button" class="md-button" data-zoom="europe" aria-pressed="false">Europe</button></span>'
    )
    credit = (
        'Shapes: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain), 1:50m countries, '
        f"from the npm package world-atlas {atlas_version()} (ISC licence, © Mike Bostock); simplified for this "
        "map, and cut along the 180th meridian. Borders are drawn as Natural Earth draws them and imply no "
        "position on any dispute. Kosovo (XK) is matched by name, as it has no ISO numeric code there; areas "
        "with no entry of their own are grey without a status."
    )
    hint = (
        "Point at a country, or move to it with the Tab key, to see its status; open it for its page. On a "
        "touch screen, the first tap shows the status and a second tap opens the page."
    )
    attributes = f'id="he-map" data-testid="country-map" data-map={carried} markdown="0" data-search-exclude'
    return f"""<div class="he-map" {attributes}>
<form class="he-map-controls" id="he-map-controls" hidden>
<label>Programme <select id="he-map-programme"></select></label>
<label>Call year <select id="he-map-year"></select></label>
<label>Part <select id="he-map-part"></select></label>
{zoom}
</form>
<p class="he-map-caption" id="he-map-caption" role="status">{escape(caption)}</p>
<a class="he-map-skip" href="#member-states">Skip the map (the tables below say the same)</a>
<div class="he-map-frame">{svg(data, statuses)}</div>
<p class="he-map-focus" id="he-map-focus">{hint}</p>
<ul class="he-map-legend">{legend}</ul>
<p class="he-map-credit">{credit}</p>
</div>"""
