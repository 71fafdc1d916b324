// Small DOM helpers. User text only ever becomes text nodes or property values, never HTML.

import { quoted, textOf } from "./document.mjs";

/** An element: string children become text nodes; attrs "text", "class", "dataset" and properties set as such. */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child == null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The value of the option that shows what the document holds when the select does not offer it: choosing
// it changes nothing (change handlers ignore it).
export const AS_GIVEN = "\u0000as-given";

/**
 * Fill a select with options {id, label} (or groups {label, options} as <optgroup>s) showing `value`, what the
 * document holds: "" or undefined selects the blank option; a value the select does not offer (text it does
 * not know, a number, a list) is shown as given, selected, for the engine's error to mark.
 */
export function fillSelect(select, options, value, { blank = null, disabled = () => false } = {}) {
  const option = (o) => h("option", { value: o.id, disabled: disabled(o) }, o.label);
  const items = [];
  if (blank != null) items.push(h("option", { value: "" }, blank));
  for (const o of options) items.push(o.options ? h("optgroup", { label: o.label }, o.options.map(option)) : option(o));
  const offered = options.flatMap((o) => o.options || [o]).some((o) => o.id === value);
  const given = value !== undefined && value !== "" && !offered;
  if (given) items.push(h("option", { value: AS_GIVEN }, `${quoted(value)} (as given)`));
  select.replaceChildren(...items);
  select.value = given ? AS_GIVEN : typeof value === "string" ? value : "";
}

/** A button that runs onClick; text, never HTML. */
export function button(text, onClick, attrs = {}) {
  const node = h("button", { type: "button", class: "he-link-button", ...attrs }, text);
  node.addEventListener("click", onClick);
  return node;
}

/** Offer text as a file download (a blob: URL, so nothing leaves the browser). */
export function download(filename, mime, text) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = h("a", { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The fields of an object that the form has no control for (an unknown field of a file or a link): each shown
 * as given, read-only, with a button that removes it. `key(name)` is the data-field of each (error-map.mjs).
 */
export function extraFields(object, known, { key, where, onRemove }) {
  const names = Object.keys(object).filter((name) => !known.includes(name));
  if (!names.length) return null;
  return h(
    "div",
    { class: "he-extras" },
    h("p", { class: "he-hint" }, `Also given ${where}, with no field in this form:`),
    names.map((name) =>
      h(
        "p",
        { class: "he-extra", dataset: { errorHome: "" } },
        h("input", {
          type: "text",
          readonly: true,
          value: `${name}: ${textOf(object[name])}`.slice(0, 500),
          "aria-label": `Field “${name}” ${where}, as given`,
          dataset: { field: key(name) },
          spellcheck: "false",
        }),
        " ",
        button(`Remove ${name}`.length > 40 ? "Remove" : `Remove “${name}”`, () => onRemove(name), { class: "he-link-button" }),
      ),
    ),
  );
}
