// Ordinal docs embed: `<script type="module" src=".../ordinal-embed.js">`.
//
// - `<ordinal-statefulset>`: its text (or the YAML file named by `src=`) is a
//   manifest; it draws the core's SVG timeline, a DNS table and the lint
//   diagnostics in a shadow root. Attributes: `namespace`, `cluster-domain`,
//   `view="timeline|dns|lint|all"` (default `all`), `scheme="light|dark"`,
//   `step="N"` (the picture at step N of the plan shown; 0 is before it,
//   absent means when it is done). The timeline has a step slider and a
//   play/pause button, which set `step`.
// - Auto-enhance: `<pre><code class="language-yaml" data-ordinal>` blocks (and
//   `class="language-yaml ordinal"`, and code blocks inside a `[data-ordinal]`
//   wrapper) get an `<ordinal-statefulset>` right after them.
// - JS API: `lint`, `explain`, `renderSvg`, `nslookup` (async, JSON shapes of
//   the CLI's `--format json`), `load`, `enhance`.
//
// The WASM module is fetched once per page, on first use. Nothing from a
// manifest is ever parsed as HTML: text goes through `textContent`, and the
// SVG (which the core XML-escapes, and the WASM passes through the SVG policy
// it shares with the playground, crates/ordinal-wasm/src/svg_policy.rs)
// through the XML parser. The bindings throw an `Error` with a message for
// invalid options and for a panic; the functions below reject with it.

const WASM_GLUE = "./ordinal_wasm.js";
const WASM_FILE = "./ordinal_wasm_bg.wasm";
const VIEWS = ["timeline", "dns", "lint", "all"];
const SVG_NS = "http://www.w3.org/2000/svg";

/** The embed's version (the Ordinal release it was built from). */
export const version = "__ORDINAL_VERSION__";

// One module instance per page, whatever the number of elements, even if the
// script is included twice under different URLs.
const SHARED = Symbol.for("ordinal-embed.wasm");

/**
 * Load the WASM module (once per page); later calls return the same promise.
 * @returns {Promise<object>} the wasm-bindgen exports
 */
export function load() {
  if (!globalThis[SHARED]) {
    globalThis[SHARED] = (async () => {
      const glue = await import(WASM_GLUE);
      await glue.default({ module_or_path: new URL(WASM_FILE, import.meta.url) });
      return glue;
    })();
    // A failed load may be retried (e.g. after a network error).
    globalThis[SHARED].catch(() => {
      delete globalThis[SHARED];
    });
  }
  return globalThis[SHARED];
}

/**
 * Call a binding. A panic leaves the instance in an unknown state (it throws
 * "Ordinal panicked: …" out of the middle of the WASM), so the next call
 * loads a fresh one; other errors (invalid options) leave it as it is.
 */
async function call(name, ...args) {
  const shared = load();
  const wasm = await shared;
  try {
    return wasm[name](...args);
  } catch (error) {
    const message = String((error && error.message) || error);
    if (/^Ordinal panicked|unreachable/.test(message) && globalThis[SHARED] === shared) delete globalThis[SHARED];
    throw error instanceof Error ? error : new Error(message);
  }
}

/** `ordinal lint --format json` (plus byte/UTF-16 offsets and labels). */
export async function lint(yaml, options) {
  return JSON.parse(await call("lint", String(yaml), optionsJson(options)));
}

/** `ordinal explain --format json`. */
export async function explain(yaml, options) {
  return JSON.parse(await call("explain", String(yaml), optionsJson(options))).json;
}

/** `ordinal explain --format svg`: an SVG document as a string (text XML-escaped). */
export async function renderSvg(yaml, options) {
  return call("renderSvg", String(yaml), optionsJson(options));
}

/** `ordinal nslookup NAME --from POD --format json` (plus `text`, the CLI's text answer). */
export async function nslookup(name, fromPod, yaml, options) {
  return JSON.parse(await call("nslookup", String(name), String(fromPod ?? ""), String(yaml), optionsJson(options)));
}

function optionsJson(options) {
  if (options == null) return "";
  if (typeof options !== "object") throw new TypeError("options must be an object");
  return JSON.stringify(options);
}

// ---------------------------------------------------------------------------
// The element.

const STYLE = `
:host { display: block; margin: 1em 0; }
:host([hidden]) { display: none; }
.wrap {
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --border: #d1d9e0;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --ok: #1a7f37; --code: rgba(129, 139, 152, 0.15);
  color-scheme: light;
  color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow: hidden;
}
.wrap[data-scheme="dark"] {
  --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --border: #3d444d;
  --error: #f85149; --warning: #d29922; --info: #58a6ff; --ok: #3fb950; --code: rgba(101, 108, 118, 0.3);
  color-scheme: dark;
}
.head { display: flex; gap: 0.75em; align-items: baseline; padding: 0.4em 0.75em; background: var(--panel);
  border-bottom: 1px solid var(--border); font-size: 12px; color: var(--muted); }
.head .title { font-weight: 600; color: var(--fg); }
.head .summary { margin-left: auto; }
section { padding: 0.6em 0.75em; }
section + section { border-top: 1px solid var(--border); }
h3 { margin: 0 0 0.4em; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
code { background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
.status { padding: 0.6em 0.75em; color: var(--muted); }
.status.failed { color: var(--error); }
ul.diagnostics { list-style: none; margin: 0; padding: 0; }
ul.diagnostics li { padding: 0.3em 0 0.3em 0.6em; border-left: 3px solid var(--border); margin: 0.3em 0; }
li[data-severity="error"] { border-left-color: var(--error); }
li[data-severity="warning"] { border-left-color: var(--warning); }
li[data-severity="info"] { border-left-color: var(--info); }
.sev { font-weight: 600; text-transform: lowercase; }
li[data-severity="error"] .sev { color: var(--error); }
li[data-severity="warning"] .sev { color: var(--warning); }
li[data-severity="info"] .sev { color: var(--info); }
.where, .rule { color: var(--muted); font-size: 12px; }
.help { color: var(--muted); }
.ok { color: var(--ok); }
.timeline { overflow-x: auto; }
.timeline svg { display: block; max-width: none; overflow: visible; }
details > summary { cursor: pointer; color: var(--muted); font-size: 12px; }
/* The core's SVG follows prefers-color-scheme; pin it to the scheme chosen here. */
.wrap .timeline .ordinal-explain { color: var(--fg); }
.wrap .timeline .ordinal-explain .create { fill: var(--ok); stroke: var(--ok); }
.wrap .timeline .ordinal-explain .delete { fill: var(--error); stroke: var(--error); }
.wrap .timeline .ordinal-explain .update { fill: var(--info); stroke: var(--info); }
.wrap .timeline .ordinal-explain .ready { stroke: var(--ok); }
.wrap .timeline .ordinal-explain .pending { stroke: var(--warning); }
.wrap .timeline .ordinal-explain .rev-updated { fill: var(--info); }
.wrap .timeline .ordinal-explain .claim-deleted { fill: var(--error); stroke: var(--error); }
.steps { display: flex; gap: 0.6em; align-items: center; margin-bottom: 0.4em; font-size: 12px; color: var(--muted); }
.steps input { flex: 0 1 20em; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.25em 0.6em 0.25em 0; vertical-align: top; border-bottom: 1px solid var(--border); }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.values { word-break: break-all; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

class OrdinalStatefulSet extends HTMLElement {
  static get observedAttributes() {
    return ["src", "namespace", "cluster-domain", "view", "scheme", "step"];
  }

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    const shared = styleSheet();
    if (shared) {
      root.adoptedStyleSheets = [shared];
    } else {
      const style = document.createElement("style");
      style.textContent = STYLE;
      root.append(style);
    }
    this._wrap = el("div", "wrap");
    this._wrap.setAttribute("part", "container");
    root.append(this._wrap);
    this._generation = 0;
    this._scheduled = false;
    this._rendered = false;
    this._observer = new MutationObserver(() => this._schedule());
  }

  connectedCallback() {
    this._observer.observe(this, { childList: true, characterData: true, subtree: true });
    schemeWatcher.add(this);
    this.updateScheme();
    this._schedule();
  }

  disconnectedCallback() {
    this._observer.disconnect();
    schemeWatcher.delete(this);
    this.pause();
  }

  /** Step through the plan shown, one step a second, from the current step to the last. */
  play() {
    if (this._timer) return;
    const steps = this._steps || 0;
    if (!steps) return;
    let step = Number.parseInt(this.getAttribute("step"), 10);
    if (!(step >= 0) || step > steps) this.setAttribute("step", String((step = 0)));
    this._timer = setInterval(() => {
      step += 1;
      if (step > steps) {
        this.removeAttribute("step");
        this.pause();
      } else {
        this.setAttribute("step", String(step));
      }
    }, 1000);
    this._syncPlay();
  }

  /** Stop stepping. */
  pause() {
    if (this._timer) clearInterval(this._timer);
    this._timer = null;
    this._syncPlay();
  }

  _syncPlay() {
    const button = this._wrap.querySelector('[data-testid="play"]');
    if (button) {
      button.textContent = this._timer ? "Pause" : "Play";
      button.setAttribute("aria-pressed", this._timer ? "true" : "false");
    }
  }

  attributeChangedCallback(name) {
    if (name === "scheme") this.updateScheme();
    else this._schedule();
  }

  /** The manifest shown: the text content, or the fetched `src` file. */
  get manifest() {
    return this._manifest ?? null;
  }

  /** Re-read `scheme`, the page's `color-scheme` and `prefers-color-scheme`. */
  updateScheme() {
    this._wrap.dataset.scheme = resolveScheme(this);
  }

  _schedule() {
    if (this._scheduled || !this.isConnected) return;
    this._scheduled = true;
    // Coalesce attribute and text changes made in the same task.
    queueMicrotask(() => {
      this._scheduled = false;
      this._render();
    });
  }

  async _render() {
    const generation = ++this._generation;
    const current = () => generation === this._generation && this.isConnected;
    const view = VIEWS.includes(this.getAttribute("view")) ? this.getAttribute("view") : "all";
    const options = {};
    const namespace = this.getAttribute("namespace");
    const domain = this.getAttribute("cluster-domain");
    if (namespace) options.namespace = namespace;
    if (domain) options.clusterDomain = domain;
    const step = Number.parseInt(this.getAttribute("step"), 10);
    if (step >= 0) options.step = step;
    if (!this._rendered) this._wrap.replaceChildren(el("div", "status", "Loading Ordinal…"));
    this.setAttribute("aria-busy", "true");
    try {
      let yaml;
      const src = this.getAttribute("src");
      if (src) {
        const response = await fetch(new URL(src, document.baseURI));
        if (!response.ok) throw new Error(`could not fetch ${src}: HTTP ${response.status}`);
        yaml = await response.text();
        options.file = src.split(/[?#]/)[0].split("/").pop() || undefined;
      } else {
        yaml = inlineManifest(this);
      }
      const optionsText = JSON.stringify(options);
      const report = JSON.parse(await call("lint", yaml, optionsText));
      const explained = JSON.parse(await call("explain", yaml, optionsText));
      if (!current()) return;
      this._manifest = yaml;
      this._steps = explained.steps || 0;
      const focused = this.shadowRoot.activeElement && this.shadowRoot.activeElement.dataset.testid;
      this._wrap.replaceChildren(...renderParts(view, report, explained, this));
      if (focused) this._wrap.querySelector(`[data-testid="${focused}"]`)?.focus();
      this._syncPlay();
      this.dataset.state = "rendered";
      this._rendered = true;
      this.dispatchEvent(new CustomEvent("ordinal-render", { bubbles: true, detail: { lint: report, explain: explained.json } }));
      if (!firstRenderMarked && typeof performance !== "undefined" && performance.mark) {
        firstRenderMarked = true;
        performance.mark("ordinal-first-render");
      }
    } catch (error) {
      if (!current()) return;
      this.dataset.state = "error";
      this._wrap.replaceChildren(el("div", "status failed", `Ordinal: ${error && error.message ? error.message : error}`));
      this.dispatchEvent(new CustomEvent("ordinal-error", { bubbles: true, detail: { error } }));
    } finally {
      if (current()) this.removeAttribute("aria-busy");
    }
  }
}

let firstRenderMarked = false;

function renderParts(view, report, explained, host) {
  const diagnostics = report.diagnostics || [];
  const summary = report.summary || {};
  const head = el("div", "head");
  head.append(el("span", "title", "Ordinal"));
  const statefulsets = (explained.json && explained.json.statefulsets) || [];
  head.append(el("span", "", statefulsets.map((sts) => `${sts.namespace}/${sts.name}`).join(", ") || "no StatefulSet"));
  const counts = [];
  for (const [key, word] of [["errors", "error"], ["warnings", "warning"], ["infos", "info"]]) {
    if (summary[key]) counts.push(`${summary[key]} ${word}${summary[key] === 1 ? "" : "s"}`);
  }
  head.append(el("span", "summary", counts.length ? counts.join(", ") : "no problems"));
  const parts = [head];
  // Errors are listed in every view (a broken example must not look fine);
  // warnings and advice in the lint view, and folded away in the full view.
  const errors = diagnostics.filter((d) => d.severity === "error");
  const others = diagnostics.filter((d) => d.severity !== "error");
  if (view === "lint") parts.push(diagnosticsSection(diagnostics, [], false));
  else if (view === "all") parts.push(diagnosticsSection(errors, others, true));
  else if (errors.length) parts.push(diagnosticsSection(errors, [], false));
  if (view === "timeline" || view === "all") parts.push(timelineSection(explained, host));
  // At a step the table lists the records that exist then.
  if (view === "dns" || view === "all") parts.push(dnsSection(explained.dns_at_step || (explained.json && explained.json.dns) || []));
  return parts;
}

function diagnosticsSection(listed, folded, foldable) {
  const section = el("section", "lint");
  section.dataset.part = "lint";
  section.append(el("h3", "", "Diagnostics"));
  if (!listed.length && !folded.length) {
    section.append(el("div", "ok", "No problems found."));
    return section;
  }
  if (listed.length) section.append(diagnosticList(listed));
  if (folded.length && foldable) {
    const details = el("details");
    const counts = {};
    for (const d of folded) counts[d.severity] = (counts[d.severity] || 0) + 1;
    const words = Object.entries(counts).map(([severity, n]) => `${n} ${severity}${n === 1 ? "" : "s"}`);
    details.append(el("summary", "", `${words.join(", ")}: ${folded.map((d) => d.rule).filter(unique).join(", ")}`));
    details.append(diagnosticList(folded));
    section.append(details);
  }
  return section;
}

function unique(value, index, list) {
  return list.indexOf(value) === index;
}

function diagnosticList(diagnostics) {
  const list = el("ul", "diagnostics");
  for (const diagnostic of diagnostics) {
    const item = el("li");
    item.dataset.rule = diagnostic.rule;
    item.dataset.line = String(diagnostic.line);
    item.dataset.severity = diagnostic.severity;
    item.append(el("span", "sev", diagnostic.severity), " ");
    item.append(el("span", "where", `line ${diagnostic.line}:${diagnostic.column}`), " ");
    appendWithCode(item, diagnostic.message);
    item.append(" ", el("span", "rule", `[${diagnostic.rule}]`));
    if (diagnostic.help) {
      const help = el("div", "help");
      appendWithCode(help, diagnostic.help);
      item.append(help);
    }
    list.append(item);
  }
  return list;
}

/** The step slider and play/pause button: they set the element's `step`. */
function stepControls(steps, host) {
  const controls = el("div", "steps");
  const play = el("button", "", "Play");
  play.type = "button";
  play.dataset.testid = "play";
  play.addEventListener("click", () => (host._timer ? host.pause() : host.play()));
  const slider = el("input");
  slider.type = "range";
  slider.min = "0";
  // One past the last step is "done", the picture without a `step`.
  slider.max = String(steps + 1);
  const step = Number.parseInt(host.getAttribute("step"), 10);
  slider.value = String(step >= 0 ? Math.min(step, steps + 1) : steps + 1);
  slider.dataset.testid = "step";
  slider.setAttribute("aria-label", "step of the plan shown");
  const label = el("span", "mono", "");
  const describe = () => {
    const value = Number(slider.value);
    label.textContent = value === 0 ? "before the plan" : value > steps ? `done (${steps} steps)` : `step ${value} of ${steps}`;
  };
  describe();
  slider.addEventListener("input", describe);
  // `change` (on release, or per key press) rather than `input`: each step
  // redraws the section, which would end a drag.
  slider.addEventListener("change", () => {
    host.pause();
    if (Number(slider.value) > steps) host.removeAttribute("step");
    else host.setAttribute("step", slider.value);
  });
  controls.append(play, slider, label);
  return controls;
}

function timelineSection(explained, host) {
  const section = el("section", "timeline");
  section.dataset.part = "timeline";
  if (explained.steps > 0 && host) section.append(stepControls(explained.steps, host));
  const svg = parseSvg(explained.svg);
  if (svg) section.append(svg);
  else section.append(el("div", "status failed", "Ordinal: the timeline could not be drawn"));
  return section;
}

function dnsSection(records) {
  const section = el("section", "dns");
  section.dataset.part = "dns";
  section.append(el("h3", "", "DNS records"));
  if (!records.length) {
    section.append(el("div", "status", "No DNS records: no headless governing Service was found."));
    return section;
  }
  const table = el("table");
  const head = el("tr");
  for (const title of ["Name", "Type", "Values"]) head.append(el("th", "", title));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (const record of records) {
    const row = el("tr");
    row.append(el("td", "mono", record.name), el("td", "mono", record.type));
    row.append(el("td", "mono values", (record.values || []).join(", ")));
    body.append(row);
  }
  table.append(body);
  section.append(table);
  return section;
}

/**
 * The SVG as DOM nodes, through the XML parser. The WASM has already passed
 * it through the SVG policy (an empty string for anything refused).
 */
function parseSvg(text) {
  if (!text) return null;
  const parsed = new DOMParser().parseFromString(String(text), "image/svg+xml");
  const root = parsed.documentElement;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== "svg" || parsed.getElementsByTagName("parsererror").length) {
    return null;
  }
  return document.importNode(root, true);
}

/** Text with `backticked` parts as <code>, all as text nodes. */
function appendWithCode(parent, text) {
  String(text || "")
    .split("`")
    .forEach((piece, index) => {
      if (!piece) return;
      parent.append(index % 2 ? el("code", "", piece) : document.createTextNode(piece));
    });
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

/**
 * The inline manifest: a `<script type="text/yaml">` or `<template>` child if
 * there is one (so that `<` needs no escaping), else the text content; the
 * indentation common to all lines is removed.
 */
function inlineManifest(host) {
  const holder = host.querySelector(':scope > script[type="text/yaml"], :scope > script[type="application/yaml"], :scope > template');
  let text = holder ? (holder.content ? holder.content.textContent : holder.textContent) : host.textContent;
  return dedent(text || "");
}

function dedent(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines[lines.length - 1].trim()) lines.pop();
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim()) indent = Math.min(indent, line.match(/^[ \t]*/)[0].length);
  }
  if (!Number.isFinite(indent)) indent = 0;
  return lines.map((line) => line.slice(indent)).join("\n") + "\n";
}

// ---------------------------------------------------------------------------
// Colour scheme: the `scheme` attribute, else the page's explicit
// `color-scheme` (light or dark only), else `prefers-color-scheme`.

function resolveScheme(host) {
  const forced = host.getAttribute("scheme");
  if (forced === "light" || forced === "dark") return forced;
  const declared = (getComputedStyle(host).colorScheme || "").split(/\s+/);
  const light = declared.includes("light");
  const dark = declared.includes("dark");
  if (dark && !light) return "dark";
  if (light && !dark) return "light";
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

const schemeWatcher = (() => {
  const hosts = new Set();
  let started = false;
  const update = () => hosts.forEach((host) => host.updateScheme());
  return {
    add(host) {
      hosts.add(host);
      if (started) return;
      started = true;
      if (typeof matchMedia === "function") {
        matchMedia("(prefers-color-scheme: dark)").addEventListener("change", update);
      }
      // Docs themes switch by a class, attribute or style on <html> or <body>.
      const observer = new MutationObserver(update);
      const attributeFilter = ["class", "style", "data-theme", "data-color-scheme", "data-mode"];
      observer.observe(document.documentElement, { attributes: true, attributeFilter });
      const watchBody = () => document.body && observer.observe(document.body, { attributes: true, attributeFilter });
      if (document.body) watchBody();
      else document.addEventListener("DOMContentLoaded", watchBody, { once: true });
    },
    delete(host) {
      hosts.delete(host);
    },
  };
})();

// ---------------------------------------------------------------------------
// Auto-enhance.

const ENHANCE_SELECTOR = [
  "pre > code.language-yaml[data-ordinal]",
  "pre > code.language-yml[data-ordinal]",
  "pre > code.language-yaml.ordinal",
  "pre > code.language-yml.ordinal",
  "[data-ordinal] > pre > code.language-yaml",
  "[data-ordinal] > pre > code.language-yml",
].join(", ");

/**
 * Add an `<ordinal-statefulset>` after every marked YAML code block under
 * `root` that has none yet. `data-ordinal` may name the view; `data-namespace`
 * and `data-cluster-domain` pass through. Returns the new elements.
 */
export function enhance(root = document) {
  const created = [];
  for (const code of root.querySelectorAll(ENHANCE_SELECTOR)) {
    const pre = code.parentElement;
    if (!pre || pre.hasAttribute("data-ordinal-enhanced")) continue;
    const marker = code.closest("[data-ordinal]");
    const element = document.createElement("ordinal-statefulset");
    const view = marker && marker.getAttribute("data-ordinal");
    if (VIEWS.includes(view)) element.setAttribute("view", view);
    for (const name of ["namespace", "cluster-domain", "view"]) {
      const value = (marker && marker.getAttribute(`data-${name}`)) || code.getAttribute(`data-${name}`);
      if (value) element.setAttribute(name, value);
    }
    // The code block stays as the reader's source view; the element gets a
    // copy of its text (a highlighter's spans do not change the text).
    const holder = document.createElement("script");
    holder.type = "text/yaml";
    holder.textContent = code.textContent;
    element.append(holder);
    pre.setAttribute("data-ordinal-enhanced", "");
    pre.after(element);
    created.push(element);
  }
  return created;
}

if (typeof customElements !== "undefined" && !customElements.get("ordinal-statefulset")) {
  customElements.define("ordinal-statefulset", OrdinalStatefulSet);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => enhance(), { once: true });
  } else {
    enhance();
  }
}
