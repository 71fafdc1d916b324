// A country page's "In short" box: a call year and a part, and the engine's answer for them. The answers
// come from country_status() at build time (data-short, written by build_scripts/site/queries.py
// short_answers): this module only picks one and writes it with textContent. No rule lives here.
// Loaded by the country pages only (page_modules); binds through Material's document$.

function option(value, label, selected) {
  return Object.assign(document.createElement("option"), { value, textContent: label, selected });
}

/** The programme and call year of today's date, as the build chose them (SiteData.call_year_today). */
export function yearToday(programmes, today = new Date()) {
  const year = today.getFullYear();
  const holding = programmes.find((p) => p.years.includes(year));
  if (holding) return { programme: holding, year };
  const latest = programmes.reduce((a, b) => (a.years.at(-1) >= b.years.at(-1) ? a : b));
  if (year > latest.years.at(-1)) return { programme: latest, year: latest.years.at(-1) };
  const earliest = programmes.reduce((a, b) => (a.years[0] <= b.years[0] ? a : b));
  return { programme: earliest, year: earliest.years[0] };
}

class ShortBox {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.short);
    this.form = root.querySelector(".he-short-pick");
    this.year = root.querySelector("[data-testid=status-year]");
    this.part = root.querySelector("[data-testid=status-part]");
    this.answer = root.querySelector("[data-testid=status-answer]");
    // Sources link to the sources page, whose address MkDocs wrote into the box's own link to it.
    this.sourcesHref = root.querySelector("a.he-sources-link")?.getAttribute("href") ?? null;
    this.year.addEventListener("change", () => this.render());
    this.part.addEventListener("change", () => this.render(this.part.value));
    const { programme, year } = yearToday(this.data.programmes);
    if (String(year) !== this.year.value) {
      this.year.value = String(year);
      this.render(programme.default_part);
    }
    this.form.hidden = false;
  }

  programmeOf(year) {
    return this.data.programmes.find((p) => p.years.includes(year)) || this.data.programmes[0];
  }

  /** Show the answer for the chosen year and part (the programme's usual part where it has no such part). */
  render(wanted = this.part.value) {
    const year = Number(this.year.value);
    const programme = this.programmeOf(year);
    const part = programme.parts.some(([id]) => id === wanted) ? wanted : programme.default_part;
    this.part.replaceChildren(...programme.parts.map(([id, name]) => option(id, name, id === part)));
    const line = this.data.grid[programme.id][programme.years.indexOf(year)];
    const answer = this.data.answers[parseInt(line[programme.parts.findIndex(([id]) => id === part)], 36)];
    const partName = programme.parts.find(([id]) => id === part)[1];
    const strong = (text) => Object.assign(document.createElement("strong"), { textContent: text });
    const nodes = [
      strong(programme.name),
      `, calls of ${year}, ${partName}: `,
      strong(answer.label),
      ". Counts towards the minimum of Member States and associated countries: ",
      strong(answer.counts ? "yes" : "no"),
      ". EU funding: ",
      strong(answer.funding_text),
      ". Sources: ",
    ];
    if (!answer.sources.length || !this.sourcesHref) nodes.push("see below");
    answer.sources.forEach(([id, anchor], i) => {
      if (!this.sourcesHref) return;
      if (i) nodes.push(", ");
      nodes.push(Object.assign(document.createElement("a"), { href: `${this.sourcesHref}#${anchor}`, textContent: id }));
    });
    nodes.push(".");
    this.answer.replaceChildren(...nodes);
    this.answer.dataset.year = String(year);
    this.answer.dataset.part = part;
    this.answer.dataset.funding = answer.funding;
  }
}

let bound = null;

function bind() {
  const root = document.querySelector("[data-testid=status-short]");
  if (!root || root === bound?.root) return;
  bound = new ShortBox(root);
}

if (typeof window !== "undefined") {
  if (window.document$?.subscribe) window.document$.subscribe(bind);
  else bind();
}
