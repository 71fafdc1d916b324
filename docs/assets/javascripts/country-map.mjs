// The world map of the countries index (build_scripts/site/world_map.py draws it): controls for the
// programme, call year and part, each country's status (data-status) and words for it, the chosen state in
// the address (?programme=…&year=…&part=…, so a link opens the same map), and a World/Europe zoom.
// The country pointed at or focused gets a ring drawn on top of its neighbours. On a touch screen the first
// tap on a country shows its status (small countries are easy to miss) and a second tap opens its page;
// the mouse and the keyboard open it at once.
// Loaded by the countries index only (page_modules); binds through Material's document$.

const SVG = "http://www.w3.org/2000/svg";

const EUROPE = "880 95 330 250"; // viewBox of the Europe zoom, in the map's units
const params = ["programme", "year", "part"];

function fill(select, options, value) {
  select.replaceChildren(...options.map(([id, label]) => Object.assign(document.createElement("option"), { value: id, textContent: label })));
  select.value = value;
}

class CountryMap {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.map);
    this.labels = Object.fromEntries([...root.querySelectorAll(".he-map-legend li")].map((li) => [li.dataset.status, li.firstChild.nextSibling.textContent]));
    this.svg = root.querySelector("svg");
    this.world = this.svg.getAttribute("viewBox");
    this.links = [...this.svg.querySelectorAll("a[data-code]")];
    this.names = new Map(this.links.map((a) => [a, a.getAttribute("aria-label").split(": ")[0]]));
    this.ring = document.createElementNS(SVG, "g");
    this.ring.setAttribute("class", "he-map-ring");
    this.ring.setAttribute("aria-hidden", "true");
    this.svg.append(this.ring);
    this.armed = null; // the country a first tap chose
    this.els = Object.fromEntries(["programme", "year", "part", "caption", "focus", "controls"].map((k) => [k, root.querySelector(`#he-map-${k}`)]));
    this.state = this.fromAddress();
    this.bind();
    this.els.controls.hidden = false;
    this.render();
  }

  programme(id) {
    return this.data.programmes.find((p) => p.id === id) || this.data.programmes[0];
  }

  /** The state the address asks for, each part checked against the data (an unknown value falls back). */
  fromAddress() {
    const query = new URLSearchParams(location.search);
    const p = this.programme(query.get("programme"));
    const year = p.years.includes(Number(query.get("year"))) ? Number(query.get("year")) : p.default_year;
    const part = p.parts.some((x) => x.id === query.get("part")) ? query.get("part") : p.default_part;
    return { programme: p.id, year, part };
  }

  bind() {
    const { els } = this;
    els.programme.addEventListener("change", () => {
      const p = this.programme(els.programme.value);
      const year = p.years.includes(this.state.year) ? this.state.year : p.default_year;
      const part = p.parts.some((x) => x.id === this.state.part) ? this.state.part : p.default_part;
      this.update({ programme: p.id, year, part });
    });
    els.year.addEventListener("change", () => this.update({ ...this.state, year: Number(els.year.value) }));
    els.part.addEventListener("change", () => this.update({ ...this.state, part: els.part.value }));
    for (const button of this.root.querySelectorAll("[data-zoom]")) {
      button.addEventListener("click", () => {
        this.svg.setAttribute("viewBox", button.dataset.zoom === "europe" ? EUROPE : this.world);
        for (const b of this.root.querySelectorAll("[data-zoom]")) b.setAttribute("aria-pressed", String(b === button));
      });
    }
    const show = (event) => {
      const a = event.target.closest?.("a[data-code]");
      if (a) this.show(a);
    };
    this.svg.addEventListener("focusin", show);
    this.svg.addEventListener("pointerover", show);
    this.svg.addEventListener("focusout", () => this.outline(this.armed));
    this.svg.addEventListener("pointerleave", () => this.outline(this.svg.querySelector("a:focus") || this.armed));
    let touched = false;
    this.svg.addEventListener("pointerdown", (event) => {
      touched = event.pointerType === "touch" || event.pointerType === "pen";
    });
    this.svg.addEventListener("click", (event) => {
      const a = event.target.closest?.("a[data-code]");
      const tap = touched;
      touched = false;
      if (!a || !tap || a === this.armed) return; // the mouse, the keyboard, a second tap: open the page
      event.preventDefault();
      event.stopPropagation();
      this.armed = a;
      a.focus({ preventScroll: true });
      this.show(a, true);
    });
  }

  /** The country's words under the map, and its ring. */
  show(a, tapped = false) {
    const again = tapped || a === this.armed ? " Tap it again to open its page." : " Open it for its page.";
    this.els.focus.textContent = `${a.getAttribute("aria-label")} (${a.dataset.code}).${again}`;
    this.outline(a);
  }

  /** Draw the ring around one country (a copy of its shape on top of the others), or none. */
  outline(a) {
    const shapes = a ? [...a.querySelectorAll("path, circle")] : [];
    this.ring.replaceChildren(
      ...["he-map-ring-halo", "he-map-ring-line"].flatMap((kind) =>
        shapes.map((shape) => {
          const copy = shape.cloneNode(false);
          copy.setAttribute("class", kind);
          return copy;
        }),
      ),
    );
    this.ring.dataset.for = a ? a.dataset.code : "";
  }

  update(state) {
    this.state = state;
    const query = new URLSearchParams(location.search);
    for (const key of params) query.set(key, String(state[key]));
    history.replaceState(history.state, "", `${location.pathname}?${query}${location.hash}`);
    this.render();
  }

  render() {
    const { state, els, data } = this;
    const p = this.programme(state.programme);
    fill(els.programme, data.programmes.map((x) => [x.id, x.name]), p.id);
    fill(els.year, p.years.map((y) => [String(y), String(y)]), String(state.year));
    fill(els.part, p.parts.map((x) => [x.id, x.name]), state.part);
    const line = p.status[String(state.year)][state.part];
    const index = new Map(data.codes.map((code, i) => [code, i]));
    const counts = Object.fromEntries(data.classes.map((c) => [c, 0]));
    const details = p.details || {};
    for (const a of this.links) {
      const code = a.dataset.code;
      const status = data.classes[Number(line[index.get(code)])];
      counts[status] += 1;
      // Which actions a restriction excludes it from, where it is excluded from some only (the engine's words).
      const detail = details[code]?.[String(state.year)]?.[state.part];
      const label = `${this.names.get(a)}: ${detail || this.labels[status]}`;
      a.dataset.status = status;
      a.setAttribute("aria-label", label);
      a.querySelector("title").textContent = label;
    }
    for (const li of this.root.querySelectorAll(".he-map-legend li")) li.querySelector(".he-map-count").textContent = `(${counts[li.dataset.status]} on the map)`;
    const part = p.parts.find((x) => x.id === state.part)?.name || state.part;
    els.caption.textContent = `${p.name}, calls of ${state.year}, ${part}`;
  }
}

let bound = null;

function bind() {
  const root = document.getElementById("he-map");
  if (!root || root === bound?.root) return;
  bound = new CountryMap(root);
  window.__heMap = bound; // for tests
}

if (window.document$?.subscribe) window.document$.subscribe(bind);
else bind();
