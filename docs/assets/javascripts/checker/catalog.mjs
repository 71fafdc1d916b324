// Lookups over the engine's catalog() (assets/checker/catalog.json at build time, the worker's own once it
// is ready): programmes, actions, parts, countries, roles, labels. No list is typed into JavaScript.

/**
 * @typedef {{id: string, name: string, default_part: string, fixed_part?: string|null}} Action
 * @typedef {{id: string, label: string, kind: "bool"|"countries", help: string}} TopicOption
 * @typedef {{id: string, name: string, first_call_year: number, last_call_year: number,
 *   parts: {id: string, name: string}[], actions: Action[], topic_options: TopicOption[]}} Programme
 * @typedef {{data_version: string, data_verified_on: string, programmes: Programme[],
 *   countries: {code: string, name: string}[], aliases: Object<string, string>, roles: string[],
 *   types: string[], flags: {id: string, label: string}[],
 *   input: {fields: string[], participant_fields: string[], csv_columns: string[],
 *     csv_required_columns: string[], csv_required_columns_with_pic: string[], csv_separators: string[], csv_formula_start: string[]},
 *   labels: {funding: Object<string, string>, severity: Object<string, string>, status: Object<string, string>}}} Catalog
 */

/** Case-, accent- and space-insensitive key for matching names. */
export function foldKey(text) {
  return String(text || "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Select options {id, label} from a catalog list of ids or of objects. */
export function optionsOf(list) {
  return (list || []).map((item) =>
    typeof item === "string"
      ? { id: item, label: item.replace(/-/g, " ") }
      : { id: item.id ?? item.code, label: item.label ?? item.name ?? item.id, ...item },
  );
}

/** A catalog with its lookup tables. */
export class CatalogIndex {
  /** @param {Catalog} catalog */
  constructor(catalog) {
    this.catalog = catalog;
    this.text = JSON.stringify(catalog);
    this.countryByCode = new Map();
    this.countryByName = new Map();
    for (const c of catalog.countries || []) {
      this.countryByCode.set(c.code.toUpperCase(), c);
      this.countryByName.set(foldKey(c.name), c);
    }
    this.roles = optionsOf(catalog.roles);
    this.types = optionsOf(catalog.types);
    this.flags = optionsOf(catalog.flags);
    this.labels = catalog.labels || { funding: {}, severity: {}, status: {} };
  }

  /** @returns {Programme|null} */
  programme(id) {
    return this.catalog.programmes.find((p) => p.id === id) || null;
  }

  programmeName(id) {
    return this.programme(id)?.name || id;
  }

  /** @returns {Action|null} */
  action(programmeId, actionId) {
    return this.programme(programmeId)?.actions.find((a) => a.id === actionId) || null;
  }

  /** The most recent programme (by its last call year). */
  latestProgramme() {
    return [...this.catalog.programmes].sort((a, b) => b.last_call_year - a.last_call_year)[0];
  }

  /** A country typed as a code or a name -> the code (unknown text is passed on for the engine to report). */
  countryCode(text) {
    const t = String(text || "").trim();
    if (!t) return t;
    const upper = t.toUpperCase();
    if (this.countryByCode.has(upper) || this.catalog.aliases?.[upper]) return upper;
    const byName = this.countryByName.get(foldKey(t));
    if (byName) return byName.code;
    const labelled = /\(([A-Za-z]{2}(?:-[A-Za-z0-9]+)?)\)\s*$/.exec(t); // "Germany (DE)"
    if (labelled && this.countryByCode.has(labelled[1].toUpperCase())) return labelled[1].toUpperCase();
    return /^[a-z]{2}$/i.test(t) ? t.toUpperCase() : t;
  }

  /** True when text is a country the catalog knows by its code (not an alias, not a name). */
  isCountryCode(code) {
    return this.countryByCode.has(code);
  }

  countryName(text) {
    const code = this.countryCode(text);
    const alias = this.catalog.aliases?.[code];
    return this.countryByCode.get(alias || code)?.name || "";
  }

  label(kind, value) {
    return this.labels[kind]?.[value] ?? String(value ?? "").replace(/-/g, " ");
  }

  /** The anchor of a rule id on the site's rules page, or null for one the catalog does not know. */
  ruleAnchor(ruleId) {
    return this.catalog.rule_anchors?.[ruleId] ?? null;
  }
}
