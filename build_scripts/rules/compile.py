"""Compile the rule data in data/ into src/horizon_eligibility/rules.json.

The engine reads only the compiled file (it has no YAML dependency). Bad data stops the build with
the file, the entry and the field named. `--check` fails when the committed rules.json is stale.

    python -m build_scripts.rules.compile [--check]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from build_scripts.paths import DATA, ROOT
from build_scripts.paths import RULES_JSON as OUTPUT
from build_scripts.rules.defaults import condition_defaults, fill_defaults
from build_scripts.rules.schema import SchemaError, validate_file
from horizon_eligibility import topic_reader
from horizon_eligibility.conditions import condition_rule
from horizon_eligibility.country_names import country_key
from horizon_eligibility.model import ROLES, TYPES

PROGRAMME_FILES = ("programme", "association", "funding", "actions", "restrictions", "widening")


class DataError(Exception):
    """A problem in a data file, located by file and path."""

    def __init__(self, file: Path, path: str, message: str) -> None:
        super().__init__(f"{file.relative_to(ROOT)}: {path}: {message}")


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings; everything else is JSON already."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class _Loader(yaml.SafeLoader):
    """yaml.safe_load, except that an impossible date (2025-02-30) is a YAML error with its line."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"invalid date {node.value!r} ({exc})", node.start_mark
        ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise DataError(path, "(file)", f"not valid YAML: {exc}") from exc
    except OSError as exc:
        raise DataError(path, "(file)", f"cannot be read: {exc}") from exc
    plain = _plain(data)
    try:
        validate_file(path, plain)
    except SchemaError as exc:
        raise DataError(path, "(schema)", str(exc)) from exc
    return plain


def walk_sources(node: Any, path: str) -> list[tuple[str, str]]:
    """Every (path, source id) named in a `sources` list below node."""
    found: list[tuple[str, str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            sub = f"{path}.{key}" if path else str(key)
            if key == "sources" and isinstance(value, list):
                found.extend((sub, str(v)) for v in value)
            elif key == "sources" and isinstance(value, dict):  # sources per programme
                for programme, ids in value.items():
                    found.extend((f"{sub}.{programme}", str(v)) for v in ids)
            else:
                found.extend(walk_sources(value, sub))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(walk_sources(value, f"{path}[{index}]"))
    return found


def _expand_versions(entries: list[dict[str, Any]], path: Path, key: str) -> list[dict[str, Any]]:
    """Resolve `based_on` + add/remove into a full `countries` list (kept sorted)."""
    by_id = {e["id"]: e for e in entries}
    out = []
    for index, entry in enumerate(entries):
        countries = set(entry.get("countries", []))
        if "based_on" in entry:
            base = by_id.get(entry["based_on"])
            if base is None or "based_on" in base:
                raise DataError(path, f"{key}[{index}].based_on", f"unknown or chained version {entry['based_on']!r}")
            countries = set(base["countries"])
        for code in entry.get("remove", []):
            if code not in countries:
                raise DataError(path, f"{key}[{index}].remove", f"{code} is not in the base list")
            countries.discard(code)
        countries.update(entry.get("add", []))
        out.append({**entry, "countries": sorted(countries)})
    return out


def _check_codes(codes: list[str], known: set[str], path: Path, where: str) -> None:
    for code in codes:
        if code not in known:
            raise DataError(path, where, f"unknown country code {code!r} (not in data/countries.yaml)")


def programme_ids(data: Path | None = None) -> list[str]:
    """The programmes in data/: every folder with a programme.yaml (adding one is a data change)."""
    root = data or DATA
    return sorted(p.parent.name for p in root.glob("*/programme.yaml"))


def compile_rules() -> dict[str, Any]:
    sources_file = DATA / "sources.yaml"
    sources = fill_defaults(sources_file, load_yaml(sources_file))["sources"]
    countries_file = DATA / "countries.yaml"
    countries_doc = load_yaml(countries_file)
    flags_file = DATA / "flags.yaml"
    flags = fill_defaults(flags_file, load_yaml(flags_file))["flags"]
    eu_file = DATA / "eu.yaml"
    eu = load_yaml(eu_file)
    known = _check_countries(countries_doc, countries_file, eu, eu_file)
    options_file = DATA / "topic_options.yaml"
    options = fill_defaults(options_file, load_yaml(options_file))["options"]
    checked: list[tuple[Path, Any]] = [
        (countries_file, countries_doc),
        (eu_file, eu),
        (flags_file, flags),
        (options_file, options),
    ]
    ids = programme_ids()
    if not ids:
        raise DataError(DATA, "(folder)", "no programme: no data/<programme>/programme.yaml")
    for option_id, option in options.items():
        for name in option["programmes"]:
            if name not in ids:
                raise DataError(options_file, f"options.{option_id}.programmes", f"unknown programme {name!r}")
    programmes = {
        programme: _compile_programme(programme, known, set(flags), options, set(sources), checked) for programme in ids
    }
    groups_file = DATA / "country_groups.yaml"
    groups = fill_defaults(groups_file, _name_topic_options(load_yaml(groups_file), groups_file, "", options))["groups"]
    _check_groups(groups, known, set(programmes), groups_file)
    checked.append((groups_file, groups))
    for path, doc in checked:
        for where, source_id in walk_sources(doc, ""):
            if source_id not in sources:
                raise DataError(path, where, f"unknown source id {source_id!r} (not in data/sources.yaml)")
    verified = sorted(s["verified_on"] for s in sources.values())
    return {
        "format": 2,
        "data_version": _data_version(),
        "data_verified_on": verified[-1],
        "sources": sources,
        "countries": countries_doc["countries"],
        "aliases": countries_doc["aliases"],
        # The topic reader reads name_variants: English variants and native names (not alpha-3 codes, which
        # are words in capitals, nor input-only names such as England, which mean less than the country).
        "name_variants": _name_variants(countries_doc),
        "input_names": countries_doc["input_names"],
        "ambiguous_names": countries_doc["ambiguous_names"],
        "alpha3": countries_doc["alpha3"],
        "flags": flags,
        "topic_options": _topic_options(options, programmes),
        "eu": _eu_defaults(eu, eu_file),
        "condition_defaults": condition_defaults(DATA / "schema"),
        "programmes": programmes,
        "country_groups": groups,
    }


def _check_countries(doc: dict[str, Any], path: Path, eu: dict[str, Any], eu_file: Path) -> set[str]:
    """The country codes (data/countries.yaml), checked with the aliases, names and the EU's entries."""
    known = set(doc["countries"])
    for alias, target in doc["aliases"].items():
        if target not in known:
            raise DataError(path, f"aliases.{alias}", f"points to unknown code {target!r}")
    _check_name_variants(doc, path)
    for group in EU_GROUPS:
        for index, entry in enumerate(eu[group]["entries"]):
            _check_codes([entry["code"]], known, eu_file, f"{group}.entries[{index}].code")
            if "member_state" in entry:
                _check_codes([entry["member_state"]], known, eu_file, f"{group}.entries[{index}].member_state")
    return known


def _compile_programme(
    programme: str,
    known: set[str],
    flags: set[str],
    options: dict[str, Any],
    sources: set[str],
    checked: list[tuple[Path, Any]],
) -> dict[str, Any]:
    """A programme's six files, checked against each other and the shared data, with their defaults."""
    parts: dict[str, Any] = {}
    for name in PROGRAMME_FILES:
        path = DATA / programme / f"{name}.yaml"
        doc = _name_topic_options(load_yaml(path), path, "", options)
        doc.pop("templates", None)
        checked.append((path, doc))
        parts[name] = doc
    if parts["programme"]["id"] != programme:
        raise DataError(
            DATA / programme / "programme.yaml", "id", f"{parts['programme']['id']!r} is not the folder name"
        )
    # The options its calls have, in the order of data/topic_options.yaml (the form's order).
    parts["programme"]["topic_options"] = [o for o, option in options.items() if programme in option["programmes"]]
    _check_programme(programme, parts, known, flags, set(options))
    _check_source_versions(DATA / programme / "programme.yaml", parts["programme"], sources)
    for key in ("low_middle_income", "annex_a"):
        if key in parts["funding"]:
            parts["funding"][key] = _expand_versions(parts["funding"][key], DATA / programme / "funding.yaml", key)
    return _programme_defaults(parts, programme)


def _data_version() -> str:
    """A digest of every data file (not the schemas)."""
    digest = hashlib.sha256()
    for path in sorted(DATA.rglob("*.yaml")):
        if "schema" in path.parts:
            continue
        digest.update(path.relative_to(DATA).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _topic_options(options: dict[str, Any], programmes: dict[str, Any]) -> dict[str, Any]:
    """Each topic option with what it changes, from the rules that name it: the restrictions and conditions it
    lifts (unless_topic), the restrictions it brings in (only_if_topic), the countries it funds (programme
    exceptions). By rule id (he.restriction.china-research-and-innovation-actions)."""
    out = {oid: {**option, "lifts": [], "brings_in": [], "funds": []} for oid, option in options.items()}
    for pid, compiled in programmes.items():
        prefix = compiled["programme"]["short_id"]
        for r in compiled["restrictions"]["restrictions"]:
            if r["unless_topic"]:
                out[r["unless_topic"]]["lifts"].append(f"{prefix}.restriction.{r['id']}")
            if r["only_if_topic"]:
                out[r["only_if_topic"]]["brings_in"].append(f"{prefix}.restriction.{r['id']}")
        for action_id, action in compiled["actions"]["actions"].items():
            for _, condition in _conditions(action["conditions"], ""):
                if condition.get("unless_topic"):
                    rule = condition_rule(action_id, condition)  # type: ignore[arg-type]
                    out[condition["unless_topic"]]["lifts"].append(f"{prefix}.{rule}")
        for exception in compiled["funding"]["programme_exceptions"]:
            if exception["topic_option"]:
                out[exception["topic_option"]]["funds"].append({"programme": pid, "countries": exception["countries"]})
    return out


_TOPIC_OPTION = re.compile(r"\{topic:([a-z_]+)\}")


def _name_topic_options(node: Any, path: Path, where: str, options: dict[str, Any]) -> Any:
    """A message names a topic option as {topic:<id>}: written with the label the checker's form shows
    (data/topic_options.yaml), so that no message shows an internal option name."""
    if isinstance(node, dict):
        return {k: _name_topic_options(v, path, f"{where}.{k}" if where else str(k), options) for k, v in node.items()}
    if isinstance(node, list):
        return [_name_topic_options(v, path, f"{where}[{i}]", options) for i, v in enumerate(node)]
    if not isinstance(node, str):
        return node

    def label(match: re.Match[str]) -> str:
        option = options.get(match.group(1))
        if option is None:
            raise DataError(path, where, f"names an unknown topic option {match.group(0)!r}")
        return f"“{option['label']}”"

    return _TOPIC_OPTION.sub(label, node)


def _check_groups(groups: dict[str, Any], known: set[str], programmes: set[str], path: Path) -> None:
    """Codes are countries of data/countries.yaml; intervals are of members; group ids never look like a code."""
    for gid, group in groups.items():
        where = f"groups.{gid}"
        for name in group["programmes"]:
            if name not in programmes:
                raise DataError(path, f"{where}.programmes", f"unknown programme {name!r}")
        _check_codes(group["members"], known, path, f"{where}.members")
        for code in group.get("intervals", {}):
            if code not in group["members"]:
                raise DataError(path, f"{where}.intervals.{code}", "not among the members")
        for code in group.get("uncertain", {}):
            _check_codes([code], known, path, f"{where}.uncertain")
            if code in group["members"]:
                raise DataError(path, f"{where}.uncertain.{code}", "also among the members")
        if group["recorded"]["from"] > group["recorded"]["until"]:
            raise DataError(path, f"{where}.recorded", "from is after until")
        if group["suspended"] == "excluded" and group["footnote"] is None:
            raise DataError(path, f"{where}.footnote", "missing: say what a topic may say about suspended members")


EU_GROUPS = ("member_states", "outermost_regions", "territories", "octs")


# -- defaults: every optional field filled in from its schema's `default`, so that readers never re-default
def _eu_defaults(eu: dict[str, Any], path: Path) -> dict[str, Any]:
    filled = fill_defaults(path, eu)
    for group in EU_GROUPS:
        for entry in filled[group]["entries"]:
            entry.setdefault("member_state", entry["code"])  # a Member State belongs to itself
    return dict(filled)


def _programme_defaults(parts: dict[str, Any], programme: str) -> dict[str, Any]:
    """Each file of the programme with its schema's defaults; "all parts" written out."""
    filled = {name: fill_defaults(DATA / programme / f"{name}.yaml", doc) for name, doc in parts.items()}
    all_parts = list(filled["programme"]["parts"])
    for intervals in filled["association"]["countries"].values():
        for interval in intervals:
            if interval["parts"] == "all":
                interval["parts"] = all_parts
    for action in filled["actions"]["actions"].values():
        action.setdefault("allowed_parts", all_parts)
    return filled


def _check_name_variants(doc: dict[str, Any], path: Path) -> None:
    """A name may stand for one country only (compared as the engine compares them, country_key): the topic
    reader and the input must never have to choose. A name that could mean several is in ambiguous_names."""
    known = set(doc["countries"])
    owner = {country_key(name): code for code, name in doc["countries"].items()}
    ambiguous = {country_key(name) for name in doc["ambiguous_names"]}
    for table in ("name_variants", "native_names", "input_names"):
        for code, variants in doc[table].items():
            _check_codes([code], known, path, f"{table}.{code}")
            for variant in variants:
                key = country_key(variant)
                other = owner.setdefault(key, code)
                if other != code or key in ambiguous:
                    named = "is in ambiguous_names" if key in ambiguous else f"already names {other}"
                    raise DataError(path, f"{table}.{code}", f"{variant!r} {named}")
    for name, codes in doc["ambiguous_names"].items():
        _check_codes(codes, known, path, f"ambiguous_names.{name}")
    _check_codes(list(doc["alpha3"]), known, path, "alpha3")
    alpha3 = list(doc["alpha3"].values())
    twice = sorted({a for a in alpha3 if alpha3.count(a) > 1})
    if twice:
        raise DataError(path, "alpha3", f"{', '.join(twice)} stand for more than one country")


def _name_variants(doc: dict[str, Any]) -> dict[str, list[str]]:
    """English variants and native names of each code, without those that only repeat its name."""
    out: dict[str, list[str]] = {}
    for table in ("name_variants", "native_names"):
        for code, names in doc[table].items():
            listed = out.setdefault(code, [])
            listed.extend(n for n in names if n not in listed and n != doc["countries"][code])
    return {code: names for code, names in sorted(out.items()) if names}


# -- cross-references: every id named in data must exist -------------------------------------------
class _Refs:
    """Checks the ids one data file names against what exists, naming the file, entry and field."""

    def __init__(self, path: Path, known: dict[str, set[str]]) -> None:
        self.path = path
        self.known = known

    def __call__(self, kind: str, values: Any, where: str) -> None:
        if values is None:
            return
        for value in [values] if isinstance(values, str) else values:
            if value not in self.known[kind]:
                listed = ", ".join(sorted(self.known[kind]))
                raise DataError(self.path, where, f"unknown {kind} {value!r} (known: {listed})")


def _conditions(conditions: list[dict[str, Any]], where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every condition with its path, those inside by-size options included."""
    out = []
    for index, condition in enumerate(conditions):
        path = f"{where}[{index}]"
        out.append((path, condition))
        for o_index, option in enumerate(condition.get("options", [])):
            out.extend(_conditions(option["conditions"], f"{path}.options[{o_index}].conditions"))
    return out


def _check_action_groups(path: Path, groups: list[dict[str, Any]], actions: dict[str, Any]) -> None:
    """Every action in exactly one group (the checker's grouped list), and no group naming an unknown one."""
    seen: dict[str, str] = {}
    for index, group in enumerate(groups):
        for action_id in group["actions"]:
            if action_id not in actions:
                raise DataError(path, f"groups[{index}].actions", f"unknown action {action_id!r}")
            if action_id in seen:
                raise DataError(path, f"groups[{index}].actions", f"{action_id} is already in group {seen[action_id]}")
            seen[action_id] = group["id"]
    missing = [a for a in actions if a not in seen]
    if missing:
        raise DataError(path, "groups", f"no group lists {', '.join(missing)}")


def _check_programme(
    programme: str, parts: dict[str, Any], known: set[str], flags: set[str], topic_options: set[str]
) -> None:
    """Every id a programme's files use is one they or the shared data define (a part, an action, a flag, ...)."""
    base = DATA / programme
    meta = parts["programme"]
    actions = parts["actions"]["actions"]
    ids = {
        "programme part": set(meta["parts"]),
        "action": set(actions),
        "flag": flags,
        "entity type": set(TYPES),
        "role": set(ROLES),
        "topic option": topic_options,
        "topic option of this programme": set(meta["topic_options"]),
    }
    for check in (_check_meta, _check_association, _check_actions, _check_restrictions, _check_funding):
        check(base, parts, ids, known)


def _check_meta(base: Path, parts: dict[str, Any], ids: dict[str, set[str]], known: set[str]) -> None:
    """programme.yaml refers to parts, actions, entity types and topic options that exist."""
    meta = parts["programme"]
    ref = _Refs(base / "programme.yaml", ids)
    ref("programme part", meta["default_part"], "default_part")
    ref("action", meta["reference_action"], "reference_action")
    for index, prefix in enumerate(meta["call_prefixes"]):
        ref("programme part", prefix.get("part"), f"call_prefixes[{index}].part")
        ref("action", prefix.get("actions"), f"call_prefixes[{index}].actions")
        ref("topic option of this programme", prefix.get("topic_options"), f"call_prefixes[{index}].topic_options")
        for segment, segment_actions in prefix.get("segments", {}).items():
            ref("action", segment_actions, f"call_prefixes[{index}].segments.{segment}")
    ref("entity type", meta["deemed_other_member_state"], "deemed_other_member_state")
    for kind, entry in meta["entity_funding"].items():
        ref("entity type", kind, f"entity_funding.{kind}")
        ref(
            "action",
            entry.get("headquarters_count_for_actions"),
            f"entity_funding.{kind}.headquarters_count_for_actions",
        )


def _check_association(base: Path, parts: dict[str, Any], ids: dict[str, set[str]], known: set[str]) -> None:
    """association.yaml: country codes, parts and actions that exist."""
    ref = _Refs(base / "association.yaml", ids)
    for code, intervals in parts["association"]["countries"].items():
        _check_codes([code], known, base / "association.yaml", f"countries.{code}")
        for index, interval in enumerate(intervals):
            if "part_of" in interval:
                _check_codes(
                    [interval["part_of"]], known, base / "association.yaml", f"countries.{code}[{index}].part_of"
                )
            if interval.get("parts", "all") != "all":
                ref("programme part", interval["parts"], f"countries.{code}[{index}].parts")
            for c_index, component in enumerate(interval.get("excluded_components", [])):
                ref("action", component["actions"], f"countries.{code}[{index}].excluded_components[{c_index}].actions")


def _check_actions(base: Path, parts: dict[str, Any], ids: dict[str, set[str]], known: set[str]) -> None:
    """actions.yaml: parts, types, roles, sectors and topic options that exist; a condition's parts."""
    actions = parts["actions"]["actions"]
    ref = _Refs(base / "actions.yaml", ids)
    _check_action_groups(base / "actions.yaml", parts["actions"]["groups"], actions)
    for action_id, action in actions.items():
        ref("programme part", action["default_part"], f"actions.{action_id}.default_part")
        ref("programme part", action.get("allowed_parts"), f"actions.{action_id}.allowed_parts")
        if action["default_part"] not in action.get("allowed_parts", [action["default_part"]]):
            raise DataError(
                base / "actions.yaml", f"actions.{action_id}.allowed_parts", "does not include the default_part"
            )
        allowed = set(action.get("allowed_parts", parts["programme"]["parts"]))
        for where, condition in _conditions(action["conditions"], f"actions.{action_id}.conditions"):
            ref("programme part", condition.get("parts"), f"{where}.parts")
            if "parts" in condition and (".options[" in where or not set(condition["parts"]) <= allowed):
                raise DataError(
                    base / "actions.yaml",
                    f"{where}.parts",
                    "a condition's parts are some of its action's allowed_parts, and not inside by-size options",
                )
            ref("entity type", condition.get("entity_types"), f"{where}.entity_types")
            ref("entity type", condition.get("types"), f"{where}.types")
            ref("entity type", condition.get("not_types"), f"{where}.not_types")
            ref("role", condition.get("roles"), f"{where}.roles")
            for sector, types in condition.get("sector_types", {}).items():
                ref("entity type", types, f"{where}.sector_types.{sector}")
            if condition.get("sector_types") and set(condition["sector_types"]["academic"]) & set(
                condition["sector_types"]["non-academic"]
            ):
                raise DataError(base / "actions.yaml", f"{where}.sector_types", "a type is in both sectors")
            ref("topic option of this programme", condition.get("unless_topic"), f"{where}.unless_topic")


def _check_restrictions(base: Path, parts: dict[str, Any], ids: dict[str, set[str]], known: set[str]) -> None:
    """restrictions.yaml: countries, actions, flags and topic options that exist; messages the effects need."""
    ref = _Refs(base / "restrictions.yaml", ids)
    for index, restriction in enumerate(parts["restrictions"]["restrictions"]):
        where = f"restrictions[{index}]"
        _check_codes(restriction.get("countries", []), known, base / "restrictions.yaml", f"{where}.countries")
        ref("action", restriction.get("actions"), f"{where}.actions")
        spares = restriction.get("spares") or {}
        ref("action", spares.get("actions"), f"{where}.spares.actions")
        ref("entity type", spares.get("types"), f"{where}.spares.types")
        ref("flag", restriction.get("flags"), f"{where}.flags")
        controlled_by = restriction.get("controlled_by") or {}
        ref("flag", controlled_by.get("flags"), f"{where}.controlled_by.flags")
        _check_codes(
            controlled_by.get("countries", []), known, base / "restrictions.yaml", f"{where}.controlled_by.countries"
        )
        if controlled_by.get("effect") == "check" and not controlled_by.get("message"):
            raise DataError(base / "restrictions.yaml", f"{where}.controlled_by.message", "needed for effect 'check'")
        if controlled_by.get("reach") == "direct" and not controlled_by.get("indirect_message"):
            raise DataError(
                base / "restrictions.yaml", f"{where}.controlled_by.indirect_message", "needed for reach 'direct'"
            )
        ref("topic option of this programme", restriction.get("unless_topic"), f"{where}.unless_topic")
        ref("topic option of this programme", restriction.get("only_if_topic"), f"{where}.only_if_topic")


def _check_funding(base: Path, parts: dict[str, Any], ids: dict[str, set[str]], known: set[str]) -> None:
    """funding.yaml and widening.yaml: country codes, topic options and actions that exist."""
    funding = parts["funding"]
    ref = _Refs(base / "funding.yaml", ids)
    for key in ("low_middle_income", "annex_a"):
        for index, version in enumerate(funding.get(key, [])):
            for field in ("countries", "add", "remove", "unverified_countries", "uncertain_countries"):
                _check_codes(version.get(field, []), known, base / "funding.yaml", f"{key}[{index}].{field}")
    for index, exception in enumerate(funding.get("programme_exceptions", [])):
        where = f"programme_exceptions[{index}]"
        _check_codes(exception["countries"], known, base / "funding.yaml", f"{where}.countries")
        ref("topic option of this programme", exception.get("topic_option"), f"{where}.topic_option")
        ref("action", exception.get("not_for_actions"), f"{where}.not_for_actions")
    widening = parts["widening"]
    _check_codes(widening["member_states"]["countries"], known, base / "widening.yaml", "member_states.countries")
    for index, entry in enumerate(widening["associated_countries"]):
        _check_codes(entry["countries"], known, base / "widening.yaml", f"associated_countries[{index}].countries")


def _check_source_versions(path: Path, meta: dict[str, Any], sources: set[str]) -> None:
    """Each series of versioned sources (the General Annexes) is a source, and its versions cover every
    call year of the programme once: a verdict never cites the series itself."""
    period = meta["period"]
    years = set(range(period["first_call_year"], period["last_call_year"] + 1))
    for series, versions in meta.get("source_versions", {}).items():
        where = f"source_versions.{series}"
        if series not in sources:
            raise DataError(path, where, f"unknown source id {series!r} (not in data/sources.yaml)")
        seen: set[int] = set()
        for index, version in enumerate(versions):
            if series in version["sources"]:
                raise DataError(path, f"{where}[{index}].sources", "a version cannot be the series itself")
            for year in version["call_years"]:
                if year not in years or year in seen:
                    raise DataError(path, f"{where}[{index}].call_years", f"{year}: outside the programme or twice")
                seen.add(year)
        if seen != years:
            missing = ", ".join(str(y) for y in sorted(years - seen))
            raise DataError(path, where, f"no version for the call years {missing}")


def topic_option_report(rules: dict[str, Any]) -> list[str]:
    """The topic options a programme offers that the topic reader does not read from a conditions text: those
    declared as never read (a note, with why) and those without a reader (a warning: users must set them by
    hand, and a pasted text that states them is quoted as not understood)."""
    lines = []
    for programme, compiled in sorted(rules["programmes"].items()):
        for option in compiled["programme"]["topic_options"]:
            if option in topic_reader.READERS:
                continue
            if option in topic_reader.NOT_READ:
                lines.append(
                    f"note: {programme}: topic option {option} is not read from texts: {topic_reader.NOT_READ[option]}"
                )
            else:
                lines.append(
                    f"warning: {programme}: topic option {option} has no reader in horizon_eligibility.topic_reader "
                    "and is not declared as not read (registry.NOT_READ)"
                )
    return lines


def render(rules: dict[str, Any]) -> str:
    return json.dumps(rules, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if rules.json is not up to date")
    args = parser.parse_args(argv)
    try:
        rules = compile_rules()
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    text = render(rules)
    for line in topic_option_report(rules):
        print(line, file=sys.stderr)
    if args.check:
        current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
        if current != text:
            print(
                "error: src/horizon_eligibility/rules.json is stale: run `make rules` and commit it",
                file=sys.stderr,
            )
            return 1
        print("rules.json is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
