// Lookups over the engine's catalog() (assets/checker/catalog.json at build time, the worker's own once it
// is ready): programmes, actions, parts, countries, roles, labels. No list is typed into JavaScript.

/**
 * @typedef {{id: string, name: string, group: string, default_part: string, fixed_part?: string|null}} Action
 * @typedef {{id: string, name: string, actions: string[]}} ActionGroup
 * @typedef {{id: string, label: string, kind: "bool"|"countries"|"composition", help: string,
 *   empty: string|null}} TopicOption
 * @typedef {{id: string, name: string, first_call_year: number, last_call_year: number,
 *   parts: {id: string, name: string}[], actions: Action[], action_groups: ActionGroup[],
 *   topic_options: TopicOption[]}} Programme
 * @typedef {{data_version: string, data_verified_on: string, programmes: Programme[],
 *   countries: {code: string, name: string}[], aliases: Object<string, string>, roles: string[],
 *   types: string[], flags: {id: string, label: string}[],
 *   input: {fields: string[], participant_fields: string[], csv_columns: string[],
 *     csv_required_columns: string[], csv_separators: string[], csv_formula_start: string[]},
 *   labels: {funding: Object<string, string>, severity: Object<string, string>, status: Object<string, string>,
 *     outcome: Object<string, string>}}} Catalog
 */

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
    this.countryByCode = new Map((catalog.countries || []).map((c) => [c.code, c]));
    this.roles = optionsOf(catalog.roles);
    this.types = optionsOf(catalog.types);
    this.flags = optionsOf(catalog.flags);
    this.labels = catalog.labels || { funding: {}, severity: {}, status: {}, outcome: {} };
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

  /** The name of a country code the engine gave (a verdict, a topic reading); "" for anything else. The page
   * never resolves what a person typed: the engine does (South Korea -> KR) and says so in the verdict. */
  countryName(code) {
    return this.countryByCode.get(String(code ?? ""))?.name || "";
  }

  /** The action groups of a programme (collaborative, ERC, MSCA, EIC, widening, other), with their actions. */
  actionGroups(programmeId) {
    const programme = this.programme(programmeId);
    if (!programme) return [];
    const byId = new Map(programme.actions.map((a) => [a.id, a]));
    return (programme.action_groups || [{ id: "all", name: "", actions: programme.actions.map((a) => a.id) }]).map((g) => ({
      ...g,
      actions: g.actions.map((id) => byId.get(id)).filter(Boolean),
    }));
  }

  label(kind, value) {
    return this.labels[kind]?.[value] ?? String(value ?? "").replace(/-/g, " ");
  }

  /** The anchor of a rule id on the site's rules page, or null for one the catalog does not know. */
  ruleAnchor(ruleId) {
    return this.catalog.rule_anchors?.[ruleId] ?? null;
  }
}
