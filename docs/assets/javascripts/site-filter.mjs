// Country filter on the country index: hides table rows and list items that do not match.
// Bound through Material's document$ so it survives instant navigation; nothing leaves the page.

function normalise(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function bind() {
  const input = document.getElementById("he-country-filter");
  if (!input || input.dataset.bound) return;
  input.dataset.bound = "1";
  const count = document.querySelector(".he-filter-count");
  const items = Array.from(document.querySelectorAll(".he-filterable tbody tr, .he-filterable li"));
  const apply = () => {
    const query = normalise(input.value.trim());
    let shown = 0;
    for (const item of items) {
      const match = !query || normalise(item.textContent).includes(query);
      item.hidden = !match;
      if (match) shown += 1;
    }
    if (count) count.textContent = query ? `${shown} matching entries` : "";
  };
  input.addEventListener("input", apply);
  apply();
}

if (window.document$) {
  window.document$.subscribe(bind);
} else {
  document.addEventListener("DOMContentLoaded", bind);
}
