// The topic part of the form: the pasted conditions text, what the engine read in it, and the topic
// options. An option the text sets shows the text's value, read-only, with the sentence it came from (change
// the text to change it); the sentences the engine did not understand are listed. Each option's control
// shows what the document holds (a list of countries, true, an empty list, or a value as given) and edits
// it; the engine reads the text and the options, and says where they disagree.

import { extraFields, h } from "./dom.mjs";
import { isObject, kindOf, quoted, textOf } from "./document.mjs";
import { CHECK_TIMEOUT_MS } from "./engine-client.mjs";
import { adoptReading, countryList, optionsFromText, setTopic, setTopicText, TOPIC_TEXT, topicOf, topicText } from "./form-state.mjs";
import { READ_TOPIC } from "./protocol.mjs";

const GROUP_WORDS = { "associated-countries": "Associated countries" };

/** A value read from the text, in words: country codes by name, a group token by its name. */
function describe(value, index) {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (!Array.isArray(value)) return textOf(value);
  if (!value.length) return "None";
  return value.map((v) => (isObject(v) ? textOf(v.text) : GROUP_WORDS[v] || `${index.countryName(v) || textOf(v)} (${textOf(v)})`)).join("; ");
}

export class TopicView {
  /** @param app the page controller (state, index, commit(), requestReading(), fieldErrors) */
  constructor(app, els) {
    this.app = app;
    this.els = els;
  }

  render() {
    const { state, index } = this.app;
    const doc = isObject(state.doc) ? state.doc : {};
    const options = index.programme(doc.programme)?.topic_options || [];
    const text = topicText(state);
    if (this.els.topicText.value !== text) this.els.topicText.value = text;
    const topic = topicOf(state.doc);
    const fromText = optionsFromText(state);
    const clauses = state.topic_reading?.clauses || [];
    const fields = options.flatMap((o) => {
      const read = o.id in fromText ? [this.readField(o, fromText[o.id], clauses.filter((c) => o.id in c.sets).map((c) => c.sentence))] : [];
      // An option typed as well as read from the text keeps its control, for the engine to compare.
      return o.id in fromText && !Object.hasOwn(topic, o.id) ? read : [...read, this.field(o, topic[o.id])];
    });
    const known = [...options.map((o) => o.id), ...(index.catalog.input.topic_fields || [TOPIC_TEXT])];
    const extras = extraFields(topic, known, {
      key: (name) => `topic:extra:${name}`,
      where: "in the topic",
      onRemove: (name) => this.edit(setTopic(this.app.state, name, undefined)),
    });
    const value = doc.topic;
    const odd = value !== undefined && !isObject(value)
      ? h("div", { class: "he-field he-field-wide", dataset: { errorHome: "" } },
        h("p", { class: "he-hint", dataset: { field: "topic" } }, `The topic is given as ${kindOf(value)} (${quoted(value)}); setting an option below replaces it.`))
      : null;
    this.els.topicOptions.replaceChildren(...[odd, ...fields, extras].filter(Boolean));
    this.renderReading();
    this.app.fieldErrors.apply();
  }

  edit(state) {
    this.app.state = state;
    this.render();
    this.app.commit();
  }

  /** What the engine made of the pasted text: how many options it set, and what it did not understand. */
  renderReading() {
    const { state } = this.app;
    const box = this.els.topicReading;
    const reading = state.topic_reading;
    if (!topicText(state).trim()) return box.replaceChildren();
    if (!reading) return box.replaceChildren(h("p", { class: "he-hint" }, "Reading the conditions…"));
    const set = Object.keys(reading.topic).length;
    const nodes = [
      h("p", { class: "he-hint", dataset: { testid: "topic-reading" } },
        set ? `Read from the text: ${set} topic option${set === 1 ? "" : "s"} (marked below).` : "Nothing in the text sets a topic option: the general rules apply."),
    ];
    if (reading.uninterpreted.length) {
      nodes.push(
        h("p", { class: "he-topic-unread-head" }, `Not understood (${reading.uninterpreted.length}); check these yourself:`),
        h("ul", { class: "he-topic-unread" }, reading.uninterpreted.map((sentence) => h("li", {}, h("q", {}, sentence)))),
      );
    }
    box.replaceChildren(...nodes);
  }

  readField(o, value, sentences) {
    const id = `he-topic-${o.id}-read`;
    return h(
      "div",
      { class: "he-field he-field-wide he-from-text", dataset: { topic: o.id, fromText: "true" } },
      h("span", { id: `${id}-label` }, o.label),
      h("output", { id, "aria-labelledby": `${id}-label` }, describe(value, this.app.index)),
      ...sentences.map((s) => h("p", { class: "he-hint he-topic-sentence" }, "From the text: ", h("q", {}, s))),
    );
  }

  field(o, value) {
    const id = `he-topic-${o.id}`;
    const help = o.help ? h("p", { class: "he-hint", id: `${id}-help` }, o.help) : null;
    const described = help ? `${id}-help` : null;
    const key = `topic:${o.id}`;
    if (o.kind === "composition") {
      // No form for it: the engine reads it from the pasted conditions (or a JSON file carries it).
      const carried = value === undefined ? "None (read from the pasted conditions only)." : describe(value, this.app.index);
      const remove = value === undefined ? null : h("button", { type: "button", class: "he-link-button", onclick: () => this.edit(setTopic(this.app.state, o.id, undefined)) }, "Remove");
      return h("div", { class: "he-field he-field-wide", dataset: { errorHome: "" } }, h("span", {}, o.label),
        h("p", { class: "he-hint" }, h("output", { dataset: { field: key }, "aria-label": o.label }, carried), " ", remove));
    }
    if (o.kind === "bool") {
      const odd = value !== undefined && typeof value !== "boolean";
      const box = h("input", { type: "checkbox", id, checked: value === true, dataset: { topic: o.id, kind: "bool", field: key }, "aria-describedby": described });
      box.indeterminate = odd;
      return h(
        "div",
        { class: "he-field he-field-wide he-check", dataset: { errorHome: "" } },
        box,
        h("label", { for: id }, o.label),
        odd ? h("p", { class: "he-hint" }, `Given as ${quoted(value)} (${kindOf(value)}), not as yes or no.`) : null,
        help,
      );
    }
    const empty = Array.isArray(value) && value.length === 0;
    const input = h("input", {
      type: "text",
      id,
      value: Array.isArray(value) ? value.map(textOf).join(", ") : textOf(value),
      placeholder: "Country codes or names, separated by commas",
      spellcheck: "false",
      disabled: empty,
      dataset: { topic: o.id, kind: "countries", field: key },
      "aria-describedby": described,
    });
    const none = o.empty
      ? h("label", { class: "he-check he-empty-list" },
        h("input", { type: "checkbox", checked: empty, dataset: { topic: o.id, kind: "empty" } }), ` ${o.empty}`)
      : null;
    return h("div", { class: "he-field he-field-wide", dataset: { errorHome: "" } }, h("label", { for: id }, o.label), input, none, help);
  }

  /** The link to the topic's page on the Funding & Tenders portal, for a full topic identifier (a link only). */
  renderTopicLink(url) {
    const box = this.els.topicLink;
    const safe = typeof url === "string" && url.startsWith("https://ec.europa.eu/") ? url : null;
    box.hidden = !safe;
    box.replaceChildren(...(safe ? [h("a", { href: safe, rel: "noopener noreferrer external" }, "This topic on the Funding & Tenders portal"), " (conditions to paste below)"] : []));
  }

  bind() {
    const { els: e, app } = this;
    e.topicText.addEventListener("input", () => {
      app.state = setTopicText(app.state, e.topicText.value);
      this.renderReading();
      app.commit();
      app.requestReading();
    });
    for (const type of ["input", "change"]) {
      e.topicOptions.addEventListener(type, (ev) => {
        const t = ev.target;
        const { topic: id, kind } = t.dataset;
        if (!id || (type === "change") !== (kind === "bool" || kind === "empty")) return;
        if (kind === "bool") this.edit(setTopic(app.state, id, t.checked ? true : undefined));
        else if (kind === "empty") this.edit(setTopic(app.state, id, t.checked ? [] : undefined));
        else {
          app.state = setTopic(app.state, id, countryList(t.value));
          app.commit();
        }
      });
    }
  }
}

/** Ask the engine to read the conditions text of the form (the newest text wins), then show the reading. */
export async function readTopicText(app) {
  const { state } = app;
  const text = state ? topicText(state) : "";
  if (!state || !app.engine.ready || !text.trim() || state.topic_reading || app.reading) return;
  const programme = isObject(state.doc) && typeof state.doc.programme === "string" ? state.doc.programme : "";
  app.reading = text;
  try {
    const reply = await app.engine.call(READ_TOPIC, JSON.stringify({ text, programme }), CHECK_TIMEOUT_MS);
    if (app.closed) return;
    if (!reply.ok) {
      const why = (reply.errors || []).map((e) => e.message).join(" ");
      app.topicView.els.topicReading.replaceChildren(h("p", { class: "he-hint" }, `The conditions could not be read: ${why}`));
      return;
    }
    app.state = adoptReading(app.state, text, reply.reading);
    app.topicView.render();
  } catch {
    /* the engine restarted or failed: the status line says so, and the next edit asks again */
  } finally {
    app.reading = null;
    if (!app.closed && topicText(app.state) !== text) readTopicText(app);
  }
}
