// The engine's input contract, as the page checks it before adopting a consortium (an imported file, a
// link). The field lists come from the engine's catalog() (catalog.input); the policy is the command
// line's (README, "Input"): an unknown field is an error that names it and the allowed ones, with the
// same "did you mean" hint as src/horizon_eligibility/inputs.py. What the rules say about a value (which
// country, which role) is the engine's business: it reports that in the verdict.

const TOP_TEXT = ["programme", "action", "call_id", "deadline", "part"];
const PARTICIPANT_TEXT = ["name", "country", "role", "type", "controlled_by"];
const MAX_ERRORS = 8;

/** A name as quoted in a message: at most `limit` characters (inputs.py clip()). */
export function clip(text, limit = 40) {
  const s = String(text);
  return s.length > limit ? `${s.slice(0, limit)}…` : s;
}

/** Levenshtein distance counting a swap of two neighbouring letters as one edit (inputs.py). */
export function editDistance(a, b) {
  let twoBack;
  let before = [];
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    [twoBack, before, row] = [before, row, [i, ...new Array(b.length).fill(0)]];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(before[j] + 1, row[j - 1] + 1, before[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], twoBack[j - 2] + 1);
    }
  }
  return row[b.length];
}

/** The allowed name a slip of the keyboard away (one edit per three letters, at least one), or null. */
export function closest(name, allowed) {
  const key = String(name).trim().toLowerCase();
  if (!key || key.length > 60) return null;
  let best = null;
  let bestDistance = Math.max(1, Math.floor(key.length / 3)) + 1;
  for (const option of allowed) {
    const distance = editDistance(key, option.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [option, distance];
  }
  return best;
}

/** 'unknown field, did you mean "country"? (allowed: …)', worded as inputs.py unknown_message(). */
export function unknownMessage(what, name, allowed) {
  const hint = closest(name, allowed);
  return `unknown ${what}${hint ? `, did you mean "${hint}"?` : ""} (allowed: ${allowed.join(", ")})`;
}

export function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return value ? "true" : "false";
  return typeof value;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The topic options a programme allows (every programme's, when the programme is not known). */
function topicKeys(catalog, programmeId) {
  const programmes = catalog.programmes || [];
  const programme = programmes.find((p) => p.id === programmeId);
  const options = programme ? programme.topic_options || [] : programmes.flatMap((p) => p.topic_options || []);
  // and the fields every topic takes (conditions_text: the topic's conditions, read by the engine)
  return [...new Set([...options.map((o) => o.id), ...(catalog.input?.topic_fields || [])])];
}

function unknownKeys(object, allowed, where, errors) {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) errors.push(`${where}${clip(key)}: ${unknownMessage("field", key, allowed)}`);
  }
}

function checkParticipant(p, i, allowed, errors) {
  if (!isObject(p)) {
    errors.push(`participants[${i}] must be an object such as {"name": …, "country": …, "role": …}, not ${typeName(p)}`);
    return;
  }
  unknownKeys(p, allowed, `participants[${i}].`, errors);
  for (const key of PARTICIPANT_TEXT) {
    if (p[key] != null && typeof p[key] !== "string") errors.push(`participants[${i}].${key} must be text, not ${typeName(p[key])}`);
  }
  if (p.pic != null && typeof p.pic !== "string" && typeof p.pic !== "number") errors.push(`participants[${i}].pic must be text, not ${typeName(p.pic)}`);
  if (p.flags != null && typeof p.flags !== "string" && !(Array.isArray(p.flags) && p.flags.every((f) => typeof f === "string"))) {
    errors.push(`participants[${i}].flags must be a list of text, not ${typeName(p.flags)}`);
  }
}

/**
 * The shape of a consortium (the engine's input JSON) before the page adopts it: a list of errors, empty
 * when it may be used. `catalog` is the engine's catalog() (its input field lists and topic options).
 */
export function validateInput(data, catalog) {
  const errors = [];
  if (!isObject(data)) return [`it holds ${typeName(data)}, not a consortium (an object with a "participants" list)`];
  const { fields, participant_fields: participantFields } = catalog.input;
  unknownKeys(data, fields, "", errors);
  for (const key of TOP_TEXT) {
    if (data[key] != null && typeof data[key] !== "string") errors.push(`${key} must be text, not ${typeName(data[key])}`);
  }
  const year = data.call_year;
  if (year != null && typeof year !== "string" && !Number.isInteger(year)) errors.push(`call_year must be a year such as 2025, not ${typeName(year)}`);
  if (data.topic != null) {
    if (!isObject(data.topic)) errors.push(`topic must be an object, not ${typeName(data.topic)}`);
    else unknownKeys(data.topic, topicKeys(catalog, data.programme), "topic.", errors);
  }
  if (!("participants" in data)) errors.push('there is no "participants" list');
  else if (!Array.isArray(data.participants)) errors.push(`participants must be a list, not ${typeName(data.participants)}`);
  else {
    for (const [i, p] of data.participants.entries()) {
      if (errors.length > MAX_ERRORS) break;
      checkParticipant(p, i, participantFields, errors);
    }
  }
  return errors.length > MAX_ERRORS ? [...errors.slice(0, MAX_ERRORS), "and more"] : errors;
}
