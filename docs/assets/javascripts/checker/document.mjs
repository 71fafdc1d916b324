// The input document: the engine's input JSON as the person gave it (a link, a file, what the form holds).
// The page never validates, trims, coerces or resolves it: the engine reads it, exactly as on the command
// line (horizon_eligibility.worker). This module reads the text into a value and shows values as text.
//
// - Numbers keep the way they were written: 2025.0 or a number of 5,000 digits stays as written (JSON.rawJSON),
//   so the engine refuses what the command line refuses; where a browser lacks JSON.rawJSON they read as
//   JavaScript numbers (2025.0 as 2025).
// - Nesting deeper than MAX_DEPTH is refused before parsing: the page could not hold or send it (its own
//   stack), and no consortium comes near it (four levels). The engine's limit is lower; it says so itself.

export const MAX_DEPTH = 1000;

const canKeepNumbers = typeof JSON.rawJSON === "function";

/** How deep arrays and objects nest in JSON text (strings skipped); stops counting past `limit`. */
export function nestingDepth(text, limit = Infinity) {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

// A number whose source text is not how JavaScript writes it back (2025.0, 1e3, 12345678901234567890) keeps
// its text, so that JSON.stringify sends it as given.
function keepNumbers(_key, value, context) {
  if (typeof value === "number" && context?.source != null && context.source !== String(value)) {
    return JSON.rawJSON(context.source);
  }
  return value;
}

// The end of the JSON string that opens at `start` (the index after its closing quote).
function stringEnd(text, start) {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i + 1;
  }
  return text.length;
}

/** NaN, Infinity or -Infinity written as a value (outside strings), or null. Python reads them, JSON.parse
 * does not: the page names them as the command line does. */
export function nonNumberConstant(text) {
  const found = /"|-?Infinity|NaN/g;
  for (let match = found.exec(text); match; match = found.exec(text)) {
    if (match[0] !== '"') return match[0];
    found.lastIndex = stringEnd(text, match.index);
  }
  return null;
}

/** The first key an object of (valid) JSON text gives twice, or null. JSON.parse keeps the last silently;
 * the command line refuses it, so the page does too. */
export function duplicateKey(text) {
  const frames = []; // per open bracket: the keys of an object so far, or null for a list
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const keys = frames.at(-1);
      if (keys && expectKey) {
        const raw = text.slice(i + 1, end - 1);
        const key = raw.includes("\\") ? JSON.parse(text.slice(i, end)) : raw;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = end - 1;
    } else if (c === 0x7b) {
      frames.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) frames.push(null);
    else if (c === 0x5d || c === 0x7d) frames.pop();
    else if (c === 0x2c) expectKey = frames.at(-1) != null;
  }
  return null;
}

/** The command line's words for a document it refuses before reading its fields. */
export class DocumentError extends Error {}

/**
 * The document in JSON text. Throws a SyntaxError for what is not JSON, a DocumentError (the command line's
 * message and hint) for NaN or Infinity and for a key given twice, an Error for too deep nesting.
 */
export function parseDocument(text) {
  const depth = nestingDepth(text, MAX_DEPTH);
  if (depth > MAX_DEPTH) {
    throw new Error(`it holds data nested more than ${MAX_DEPTH.toLocaleString("en")} levels deep (a consortium needs four)`);
  }
  let doc;
  try {
    doc = canKeepNumbers ? JSON.parse(text, keepNumbers) : JSON.parse(text);
  } catch (error) {
    const constant = error instanceof SyntaxError ? nonNumberConstant(text) : null;
    if (constant) throw new DocumentError(`The input holds ${constant}, which is not a number in JSON. Write a number, or leave it out.`, { cause: error });
    throw error;
  }
  const twice = duplicateKey(text);
  if (twice !== null) {
    throw new DocumentError(`The input gives the field '${twice.length > 60 ? `${twice.slice(0, 60)}…` : twice}' twice in one object. Keep the one you mean and remove the other.`);
  }
  return doc;
}

/** The document as JSON text, numbers as they were written. */
export function documentText(doc, indent = undefined) {
  return JSON.stringify(doc, null, indent);
}

/** True for a number kept as written (JSON.rawJSON). */
export function isRawNumber(value) {
  return typeof JSON.isRawJSON === "function" && JSON.isRawJSON(value);
}

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !isRawNumber(value);
}

/** An object that holds nothing (a participant row nobody has typed in yet). */
export function isBlank(value) {
  return isObject(value) && Object.keys(value).length === 0;
}

/** A value as a control shows it: text as it is, anything else as its JSON ("" for absent). */
export function textOf(value) {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  if (isRawNumber(value)) return value.rawJSON;
  return JSON.stringify(value);
}

/** A value quoted in a note: “text”, or its JSON for anything else, clipped to `limit` characters. */
export function quoted(value, limit = 60) {
  const text = typeof value === "string" ? `“${value}”` : textOf(value);
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** In words: "text", "a number", "a list", "an object", "true", "false", "null". */
export function kindOf(value) {
  if (value === null) return "null";
  if (typeof value === "string") return "text";
  if (typeof value === "number" || isRawNumber(value)) return "a number";
  if (typeof value === "boolean") return String(value);
  return Array.isArray(value) ? "a list" : "an object";
}

/** The value at a parsed path (see error-map.mjs), or undefined where the document holds none. */
export function valueAt(doc, tokens) {
  let node = doc;
  for (const token of tokens) {
    if (typeof token === "number") node = Array.isArray(node) ? node[token] : undefined;
    else node = isObject(node) && Object.hasOwn(node, token) ? node[token] : undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

/** A copy of an object with `key` set to `value`, or without it when value is undefined (own keys only, so
 * that "__proto__" stays a plain key). */
export function withKey(object, key, value) {
  const entries = Object.entries(isObject(object) ? object : {}).filter(([k]) => k !== key);
  const out = Object.fromEntries(entries);
  if (value === undefined) return out;
  if (Object.hasOwn(isObject(object) ? object : {}, key)) {
    // keep the key where it was, so that an edit does not reorder the document
    return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, k === key ? value : v]));
  }
  return Object.fromEntries([...entries, [key, value]]);
}
