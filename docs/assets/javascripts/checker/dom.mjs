// Small DOM helpers. User text only ever becomes text nodes or property values, never HTML.

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

/** Fill a select with options {id, label}; a value it does not offer is kept, marked "(unknown)". */
export function fillSelect(select, options, value, { blank = null, disabled = () => false } = {}) {
  const items = [];
  if (blank != null) items.push(h("option", { value: "" }, blank));
  for (const o of options) items.push(h("option", { value: o.id, disabled: disabled(o) }, o.label));
  if (value && !options.some((o) => o.id === value)) items.push(h("option", { value }, `${value} (unknown)`));
  select.replaceChildren(...items);
  select.value = value || "";
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
