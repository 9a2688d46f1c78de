"""Accessibility checks run in the page: axe-core, measured contrast and the focus ring.

- :func:`axe_findings` injects axe-core (``node_modules/axe-core/axe.min.js``, installed by
  ``tasks.py``'s ``npm ci`` from package-lock.json, never fetched at run time) and runs its
  WCAG 2 A/AA and 2.1 A/AA rules over the open notebook. Each finding says whether it lies inside
  a cell's output (what the kit draws: a test fails on it) or in JupyterLab's own interface
  (reported in ``test-artifacts/axe/``, not failed: the kit cannot change it).
- :func:`contrast_problems` measures, for every visible piece of text inside the outputs (buttons
  included, which axe skips when their colours come from JupyterLab's variables), the contrast of
  its colour with the background behind it (WCAG: 4.5:1, or 3:1 for large text).
- :func:`focus_problems` focuses every control inside the outputs and measures its focus ring:
  at least 2 px wide and 3:1 against the background around it.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .lab import ARTIFACTS, ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
REPORTS = ARTIFACTS / "axe"


def axe_missing() -> str | None:
    """Why axe-core cannot be injected here, or None."""
    if not AXE.is_file():
        return (f"{AXE.relative_to(ROOT)} is missing: `python3 tasks.py test` installs the Node packages "
                "of package-lock.json with npm ci")
    return None


_JS_AXE = """async ([tags, outputsOnly]) => {
  const panel = window.jupyterapp.shell.currentWidget.node;
  const context = outputsOnly ? {include: Array.from(panel.querySelectorAll('.jp-OutputArea-output'))} : panel;
  const result = await axe.run(context, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const found = [];
  for (const v of result.violations) {
    for (const n of v.nodes) {
      let el = null;
      try { el = document.querySelector(n.target[n.target.length - 1]); } catch (e) { el = null; }
      found.push({rule: v.id, impact: n.impact || v.impact, help: v.help,
                  in_output: !!(el && el.closest('.jp-OutputArea-output')),
                  target: n.target.join(' '), html: n.html.slice(0, 240),
                  summary: (n.failureSummary || '').slice(0, 400)});
    }
  }
  return found;
}"""


def axe_findings(page: Page, name: str, outputs_only: bool = False) -> list[dict[str, Any]]:
    """axe-core's violations in the open notebook (or in its cell outputs only, which is quicker);
    all of them are written to test-artifacts/axe/<name>.json."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(_JS_AXE, [AXE_TAGS, outputs_only])
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")
    return found


def describe(findings: list[dict[str, Any]]) -> str:
    return "\n".join(f"- {f['rule']} ({f['impact']}): {f['help']}\n  at {f['target']}\n  {f['html']}\n  {f['summary']}"
                     for f in findings)


# Colours are parsed from getComputedStyle (rgb()/rgba()); a transparent background lets the one
# behind show through, so the effective background is blended up the ancestors.
_JS_COLOUR_HELPERS = """
  const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => { const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const background = (el) => { const layers = [];
    for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
    let colour = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour; };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0; };
  const describe = (el) => (el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).slice(0, 3).join('.') : '') + ' "'
    + (el.textContent || el.value || '').trim().slice(0, 50) + '"');
"""

_JS_CONTRAST = """() => {""" + _JS_COLOUR_HELPERS + """
  const panel = window.jupyterapp.shell.currentWidget.node;
  const problems = [], measured = [];
  for (const out of panel.querySelectorAll('.jp-OutputArea-output')) {
    for (const el of out.querySelectorAll('*')) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
      const isButton = el.matches('button, .jupyter-button');
      if (!(own || isButton) || !visible(el) || el.closest('svg, [aria-hidden="true"]')) continue;
      if (el.matches(':disabled') || el.closest(':disabled')) continue;  // WCAG: inactive controls are exempt
      const s = getComputedStyle(el);
      const fg = parse(s.color); if (!fg) continue;
      const bg = background(el);
      const r = ratio(over(fg, bg), bg);
      const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
      const need = (size >= 24 || (bold && size >= 18.66)) ? 3 : 4.5;
      measured.push({what: describe(el), ratio: Math.round(r * 100) / 100, button: isButton});
      if (r < need)
        problems.push(`${describe(el)}: ${r.toFixed(2)}:1 (needs ${need}:1; `
                      + `${s.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
    }
  }
  return {problems, measured: measured.length, buttons: measured.filter((m) => m.button).length};
}"""

_JS_FOCUS = """() => {""" + _JS_COLOUR_HELPERS + """
  const panel = window.jupyterapp.shell.currentWidget.node;
  const problems = [];
  let checked = 0;
  const controls = panel.querySelectorAll(
    '.jp-OutputArea-output :is(button, select, input, textarea, a[href], summary, [tabindex="0"])');
  for (const el of controls) {
    if (!visible(el) || el.matches(':disabled')) continue;
    el.focus({preventScroll: true});
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    const width = parseFloat(s.outlineWidth) || 0;
    const colour = parse(s.outlineColor);
    const around = background(el.parentElement || el);
    const r = colour ? ratio(over(colour, around), around) : 0;
    checked++;
    if (s.outlineStyle === 'none' || width < 2 || r < 3)
      problems.push(`${describe(el)}: focus ring ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}, `
                    + `${r.toFixed(2)}:1 (needs 2 px, 3:1)`);
    el.blur();
  }
  return {problems, checked};
}"""


def contrast_problems(page: Page) -> tuple[list[str], int, int]:
    """(problems, pieces of text measured, buttons measured) inside the open notebook's outputs."""
    got = page.evaluate(_JS_CONTRAST)
    return list(got["problems"]), int(got["measured"]), int(got["buttons"])


def focus_problems(page: Page) -> tuple[list[str], int]:
    """(problems, controls measured): each control of the outputs focused, its ring measured."""
    got = page.evaluate(_JS_FOCUS)
    return list(got["problems"]), int(got["checked"])


def write_report(name: str, payload: dict[str, Any]) -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    path = REPORTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
    return path
