// The topic part of the form: the pasted conditions text, what the engine read in it, and the topic
// options. An option the text sets shows the text's value, read-only, with the sentence it came from (change
// the text to change it); the sentences the engine did not understand are listed. The reading comes from the
// worker (horizon_eligibility.worker.read_topic); the verdict comes from the engine reading the same text.

import { h } from "./dom.mjs";
import { CHECK_TIMEOUT_MS } from "./engine-client.mjs";
import { adoptReading, optionsFromText, setTopic, setTopicText } from "./form-state.mjs";
import { READ_TOPIC } from "./protocol.mjs";

const GROUP_WORDS = { "associated-countries": "Associated countries" };

/** A value read from the text, in words: country codes by name, a group token by its name. */
function describe(value, index) {
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (!Array.isArray(value)) return String(value);
  return value.map((v) => (typeof v === "object" ? v.text : GROUP_WORDS[v] || `${index.countryName(v) || v} (${v})`)).join("; ");
}

export class TopicView {
  /** @param app the page controller (state, index, commit(), requestReading()) */
  constructor(app, els) {
    this.app = app;
    this.els = els;
  }

  render() {
    const { state, index } = this.app;
    const options = index.programme(state.programme)?.topic_options || [];
    this.els.topic.hidden = options.length === 0;
    if (this.els.topicText.value !== state.topic_text) this.els.topicText.value = state.topic_text;
    const fromText = optionsFromText(state);
    const clauses = state.topic_reading?.clauses || [];
    this.els.topicOptions.replaceChildren(
      ...options.map((o) =>
        o.id in fromText
          ? this.readField(o, fromText[o.id], clauses.filter((c) => o.id in c.sets).map((c) => c.sentence))
          : this.field(o, state.topic[o.id]),
      ),
    );
    this.renderReading();
  }

  /** What the engine made of the pasted text: how many options it set, and what it did not understand. */
  renderReading() {
    const { state } = this.app;
    const box = this.els.topicReading;
    const reading = state.topic_reading;
    if (!state.topic_text.trim()) return box.replaceChildren();
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
    const id = `he-topic-${o.id}`;
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
    if (o.kind === "composition") {
      // No form for it: the engine reads it from the pasted conditions (or a JSON file carries it).
      const carried = Array.isArray(value) && value.length ? describe(value, this.app.index) : "None (read from the pasted conditions only).";
      return h("div", { class: "he-field he-field-wide" }, h("span", {}, o.label), h("p", { class: "he-hint" }, carried));
    }
    if (o.kind === "bool") {
      return h(
        "div",
        { class: "he-field he-field-wide he-check" },
        h("input", { type: "checkbox", id, checked: value === true, dataset: { topic: o.id, kind: "bool" }, "aria-describedby": described }),
        h("label", { for: id }, o.label),
        help,
      );
    }
    return h(
      "div",
      { class: "he-field he-field-wide" },
      h("label", { for: id }, o.label),
      h("input", {
        type: "text",
        id,
        value: Array.isArray(value) ? value.join(", ") : value || "",
        placeholder: "Country codes or names, separated by commas",
        spellcheck: "false",
        dataset: { topic: o.id, kind: "countries" },
        "aria-describedby": described,
      }),
      help,
    );
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
        if (!t.dataset.topic || (type === "change" && t.dataset.kind !== "bool")) return;
        app.state = setTopic(app.state, t.dataset.topic, t.dataset.kind === "bool" ? t.checked : t.value);
        app.commit();
      });
    }
  }
}

/** Ask the engine to read the conditions text of the form (the newest text wins), then show the reading. */
export async function readTopicText(app) {
  const { state } = app;
  if (!state || !app.engine.ready || !state.topic_text.trim() || state.topic_reading || app.reading) return;
  const text = state.topic_text;
  app.reading = text;
  try {
    const reply = await app.engine.call(READ_TOPIC, JSON.stringify({ text, programme: state.programme }), CHECK_TIMEOUT_MS);
    if (app.closed) return;
    if (!reply.ok) {
      app.topicView.els.topicReading.replaceChildren(h("p", { class: "he-hint" }, `The conditions could not be read: ${reply.error}`));
      return;
    }
    const before = JSON.stringify(app.toInput());
    app.state = adoptReading(app.state, text, reply.reading);
    app.topicView.render();
    if (JSON.stringify(app.toInput()) !== before) app.commit();
  } catch {
    /* the engine restarted or failed: the status line says so, and the next edit asks again */
  } finally {
    app.reading = null;
    if (!app.closed && app.state.topic_text !== text) readTopicText(app);
  }
}
