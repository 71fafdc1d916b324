"""Accessibility of the built site: axe-core (pinned in package.json) on the main kinds of page, in the light and
the dark colour scheme, plus the checks axe cannot make (colour is never the only signal of a verdict).

axe-core is injected from node_modules/ (`npm ci` installs it); nothing is fetched from elsewhere. A violation of
impact "serious" or "critical" fails the test; the message lists every violation with its targets and help URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import BOOT_TIMEOUT_MS, fragment, open_link, wait_ready, wait_settled

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")
SCHEMES = ("light", "dark")
MATERIAL_SCHEME = {"light": "default", "dark": "slate"}
# One page of each kind: hand-written (home, guidance) and generated (a country, one with a restriction bound to
# actions, the index with its map, an action type, the action types, the changes, the sources, the rule ids,
# the data page).
STATIC_PAGES = {
    "home": "",
    "country": "countries/ch/",
    "country-restricted": "countries/cn/",
    "country-index": "countries/",
    "guidance": "guidance/who-can-be-funded/",
    "action": "actions/horizon-europe/ria/",
    "actions-index": "actions/horizon-europe/",
    "changes": "changes/",
    "sources": "sources/",
    "rules": "rules/",
    "data": "data/",
}
DESIGN_EXAMPLE = ROOT / "examples" / "design-example.json"
ELIGIBLE_IF = ROOT / "tests/engine/consortia/topic-conditions-to-confirm-2025.json"
# Together: eligible, eligible-if and not-eligible verdicts; funding eligible, not-eligible and excluded; all
# severities.
COLOUR_CONSORTIA = [
    ROOT / "tests/engine/consortia/russia-2023-ria.json",
    ROOT / "tests/engine/consortia/non-eligible-third-countries-2025.json",
    ELIGIBLE_IF,
]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }));
}"""


def report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page: Any, scheme: str) -> None:
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == MATERIAL_SCHEME[scheme]
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {page.url} ({scheme}):\n{report(violations)}"


@pytest.fixture(scope="module", autouse=True)
def _axe_installed() -> None:
    if not AXE.is_file():
        pytest.skip("node_modules/axe-core is not installed (npm ci)")


@pytest.fixture(params=SCHEMES)
def scheme(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture
def schemed_page(browser: Any, scheme: str) -> Iterator[Any]:
    """A page in a fresh context that prefers the given colour scheme (Material follows it). No service worker,
    as in the other tests: it would save the whole site (10 MB) in each new context while axe runs."""
    context = browser.new_context(color_scheme=scheme, service_workers="block")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("path", STATIC_PAGES.values(), ids=STATIC_PAGES.keys())
def test_page_has_no_serious_axe_violation(schemed_page: Any, scheme: str, site_server: Any, path: str) -> None:
    schemed_page.goto(site_server.url + path)
    assert_accessible(schemed_page, scheme)


def test_the_offline_question_on_a_metered_connection_has_no_serious_axe_violation(
    browser: Any, scheme: str, site_server: Any
) -> None:
    # With the service worker on: the question is asked once it has said how big the offline copy is.
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        cellular = "{ type: 'cellular', effectiveType: '4g', saveData: false }"
        page.add_init_script(f"Object.defineProperty(navigator, 'connection', {{ value: {cellular} }})")
        page.goto(site_server.url + "countries/ch/")
        page.locator("#he-offline-ask").wait_for(timeout=BOOT_TIMEOUT_MS)
        assert_accessible(page, scheme)
    finally:
        context.close()


@pytest.mark.parametrize("example", [DESIGN_EXAMPLE, ELIGIBLE_IF], ids=["not-eligible", "eligible-if"])
def test_checker_with_a_verdict_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, checker_url: str, example: Path
) -> None:
    data = json.loads(example.read_text(encoding="utf-8"))
    schemed_page.goto(checker_url + fragment(data))
    shown = wait_ready(schemed_page)
    assert shown["state"] == "ready" and shown["participants"], shown
    assert_accessible(schemed_page, scheme)


def test_checker_with_organisation_suggestions_open_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, checker_url: str
) -> None:
    schemed_page.goto(checker_url)
    wait_ready(schemed_page)
    name = schemed_page.locator("#he-rows input[data-key=name]").first
    name.focus()
    name.press_sequentially("fraunhofer")
    schemed_page.wait_for_selector('[data-testid="partner-suggestions"] [role="option"]', timeout=BOOT_TIMEOUT_MS)
    name.press("ArrowDown")  # an option highlighted
    assert_accessible(schemed_page, scheme)


def test_checker_with_input_errors_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, checker_url: str
) -> None:
    # Fields marked invalid with their messages, the list of errors, the last verdict kept out of date, a
    # field the form does not know shown as given.
    data = json.loads(DESIGN_EXAMPLE.read_text(encoding="utf-8"))
    data["comment"] = "from our CRM"
    schemed_page.goto(checker_url + fragment(data))
    wait_ready(schemed_page)
    schemed_page.get_by_role("button", name="Remove “comment”").click()
    assert wait_settled(schemed_page)["state"] == "ready"
    schemed_page.locator("#he-rows tr").nth(1).locator("input[data-key=country]").fill("Atlantis")
    schemed_page.locator("#he-rows tr").nth(2).locator("select[data-key=role]").select_option("")
    shown = wait_settled(schemed_page)
    assert shown["state"] == "input-error" and shown["stale"] and len(shown["errors"]) == 2, shown
    assert schemed_page.locator("[aria-invalid=true]").count() == 2
    assert_accessible(schemed_page, scheme)


def test_checker_while_the_engine_loads_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, checker_url: str
) -> None:
    held: list[Any] = []  # the runtime's request is never answered: the page stays in its loading state
    schemed_page.route(re.compile(r".*/pyodide/[^/]+/pyodide\.asm\.wasm$"), lambda route: held.append(route))
    data = json.loads(DESIGN_EXAMPLE.read_text(encoding="utf-8"))
    schemed_page.goto(checker_url + fragment(data))
    schemed_page.wait_for_selector("#he-rows input[data-key=name]", timeout=BOOT_TIMEOUT_MS)
    schemed_page.wait_for_function("() => !!document.getElementById('he-status')?.textContent.trim()")
    assert schemed_page.locator("#he-status").get_attribute("data-state") not in ("ready", "error")
    assert_accessible(schemed_page, scheme)


# What a visitor who cannot tell the verdict colours apart sees: the words (and icons) of each state.
READ_SIGNALS = """() => {
  const visible = el => el.innerText.trim();
  const spoken = el => [...el.childNodes].filter(n => !(n.nodeType === 1 && n.getAttribute('aria-hidden') === 'true'))
    .map(n => n.textContent).join('').trim();
  // The outcome's icon and words (the rest of the headline, such as the beneficiaries not funded, varies).
  const title = document.querySelector('[data-testid=verdict] .he-verdict-outcome');
  return {
    verdict: {eligible: document.querySelector('[data-testid=verdict]').dataset.eligible,
              visible: visible(title), spoken: spoken(title)},
    funding: [...document.querySelectorAll('#he-details .he-result-table tbody tr')].map(tr => {
      const cell = tr.querySelector('.he-funding');
      return {state: tr.dataset.funding, visible: visible(cell), spoken: spoken(cell)};
    }),
    findings: [...document.querySelectorAll('#he-details .he-finding')].map(li => {
      const head = li.querySelector('.he-finding-head');
      return {state: li.dataset.severity, visible: visible(head), label: head.querySelector('strong').textContent};
    }),
  };
}"""


def test_colour_is_never_the_only_signal_of_a_verdict(page: Any, checker_url: str) -> None:
    verdicts: dict[str, set[tuple[str, str]]] = {}
    funding: dict[str, set[tuple[str, str]]] = {}
    severity: dict[str, set[str]] = {}
    page.goto(checker_url)
    wait_ready(page)
    for path in COLOUR_CONSORTIA:
        assert open_link(page, json.loads(path.read_text(encoding="utf-8")))["state"] == "ready", path.name
        signals = page.evaluate(READ_SIGNALS)
        v = signals["verdict"]
        verdicts.setdefault(v["eligible"], set()).add((v["visible"], v["spoken"]))
        for cell in signals["funding"]:
            funding.setdefault(cell["state"], set()).add((cell["visible"], cell["spoken"]))
        for finding in signals["findings"]:
            severity.setdefault(finding["state"], set()).add(finding["label"])
            assert finding["visible"].startswith(("✖", "⚠", "ℹ")), finding  # an icon before the words
    assert set(verdicts) == {"true", "false", "if"}
    assert set(funding) == {"eligible", "not-eligible", "excluded"}
    assert set(severity) == {"error", "warning", "info"}
    for signals_by_state in (verdicts, funding):
        # Within a state, one wording; across states, different icons (visible) and different words (spoken).
        assert all(len(texts) == 1 for texts in signals_by_state.values()), signals_by_state
        shown = [next(iter(texts)) for texts in signals_by_state.values()]
        icons = [visible.removesuffix(spoken).strip() for visible, spoken in shown]
        assert all(icons) and len(set(icons)) == len(icons), shown
        spoken_words = [spoken for _, spoken in shown]
        assert all(spoken_words) and len(set(spoken_words)) == len(spoken_words), shown
    assert all(len(labels) == 1 for labels in severity.values()), severity
    assert len({next(iter(labels)) for labels in severity.values()}) == 3, severity


# A control's look: what changes when it has the keyboard focus (visually hidden inputs show it on their label).
FOCUS_LOOK = """el => {
  const target = el.offsetWidth <= 1 && el.labels && el.labels.length ? el.labels[0] : el;
  const s = getComputedStyle(target);
  return [s.outlineStyle === 'none' ? 'none' : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          s.boxShadow, s.backgroundColor, s.borderColor, s.color, s.textDecorationLine].join(' | ');
}"""
SNAPSHOT_LOOKS = """look => {
  window.__heLook = look;
  window.__heLooks = new Map([...document.querySelectorAll(
      '#he-form input, #he-form select, #he-form button, #he-form summary, #he-form a[href]')]
    .map(el => [el, look(el)]));
}"""
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || !el.closest('#he-form')) return null;
  const name = el.getAttribute('aria-label') || el.id || el.textContent.trim() || el.outerHTML.slice(0, 80);
  return {name, before: window.__heLooks.get(el) ?? null, now: window.__heLook(el)};
}"""


def test_keyboard_focus_is_visible_on_every_checker_control(page: Any, checker_url: str) -> None:
    page.goto(checker_url)
    wait_ready(page)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate(f"() => ({SNAPSHOT_LOOKS})({FOCUS_LOOK})")
    page.locator("#he-programme").focus()
    seen, invisible = 0, []
    for _ in range(200):
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        seen += 1
        if focused["before"] is not None and focused["before"] == focused["now"]:
            invisible.append((focused["name"], focused["now"]))
        page.keyboard.press("Tab")
    assert seen >= 20, seen  # the call, every field of the first participant, the buttons
    assert not invisible, f"no visible focus indicator: {invisible}"


def test_checker_comparing_call_years_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, checker_url: str
) -> None:
    data = json.loads((ROOT / "tests/engine/consortia/uk-2023-ria-transitional.json").read_text(encoding="utf-8"))
    schemed_page.goto(checker_url + fragment(data))
    wait_ready(schemed_page)
    schemed_page.locator("#he-compare-toggle").click()
    schemed_page.wait_for_selector("[data-testid=compare-years][data-state=ready]")
    assert_accessible(schemed_page, scheme)


def test_checker_with_undo_saved_consortia_and_technical_details_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, checker_url: str
) -> None:
    # What part 2 of the checker's work added: a removal's message with Undo, the list of saved consortia (a
    # name being changed in place), the rule ids shown, the skip link in focus.
    data = json.loads(DESIGN_EXAMPLE.read_text(encoding="utf-8"))
    page = schemed_page
    page.goto(checker_url + fragment(data))
    wait_ready(page)
    page.locator("#he-saved-save").click()
    page.locator("#he-saved-save").click()  # the same name: replaced, with Undo
    page.locator("[data-testid=saved-consortia] li [data-act=duplicate]").click()
    page.locator("[data-testid=saved-consortia] li [data-act=rename]").first.click()
    page.locator("#he-rows tr").nth(3).locator("[data-act=remove]").click()
    wait_settled(page)
    page.locator("#he-tech-toggle").click()
    page.locator("#he-skip").focus()
    assert page.locator("#he-rows-message button").count() == 1
    assert_accessible(page, scheme)


def test_country_map_with_its_controls_has_no_serious_axe_violation(
    schemed_page: Any, scheme: str, site_server: Any
) -> None:
    schemed_page.goto(site_server.url + "countries/?programme=horizon-2020&year=2016&part=societal-challenges")
    schemed_page.wait_for_selector("#he-map-controls:not([hidden])")
    schemed_page.locator("[data-zoom=europe]").click()
    assert_accessible(schemed_page, scheme)
