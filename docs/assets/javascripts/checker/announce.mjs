// What a screen reader is told about the verdict: one short line in a polite live region (#he-announce), said
// once the verdict has stopped changing for a moment (typing has paused) and only when it differs from the
// last line said. The verdict itself ([data-testid=verdict]) and its details are no live region: they are read
// when the person goes there ("Skip to the verdict"), not on every keystroke, when the verdict may change a
// dozen times while one word is typed.

// Longer than the pause between two keystrokes of a person typing, short enough to follow an edit.
export const PAUSE_MS = 1200;

/** Text of an element as read aloud: its aria-hidden parts (the icons) left out. */
function spoken(el) {
  if (!el) return "";
  const copy = el.cloneNode(true);
  copy.querySelectorAll("[aria-hidden=true]").forEach((n) => n.remove());
  return copy.textContent.replace(/\s+/g, " ").trim();
}

/** The verdict's state in one short line for the live region: the outcome and headline of a
 * verdict, that the verdict on screen is out of date, or why there is none; "" while nothing is typed or the
 * input is still incomplete with no verdict before it (the errors are on the fields, read there). */
export function announcement(els) {
  const v = els.verdict;
  const title = spoken(v.querySelector(".he-verdict-title"));
  switch (v.dataset.state) {
    case "ready":
      return `Verdict: ${title}`;
    case "input-error":
      return v.dataset.stale ? "The verdict is out of date: the input has problems to fix, listed above the verdict." : "";
    case "timeout":
    case "internal-error":
    case "engine-error":
      return title;
    default:
      return "";
  }
}

export class Announcer {
  /** Watches els.verdict (its state and words) and says announcement(els) in els.announce. */
  constructor(els) {
    this.els = els;
    this.said = "";
    this.timer = null;
    new MutationObserver(() => this.changed()).observe(els.verdict, { attributes: true, attributeFilter: ["data-state", "data-stale"], childList: true, subtree: true, characterData: true });
  }

  changed() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const line = announcement(this.els);
      if (!line || line === this.said) return;
      this.said = line;
      this.els.announce.textContent = line;
    }, PAUSE_MS);
  }

}
