// The small bridge between the yew application and CodeMirror 6.
//
// esbuild bundles this file into `editor.js`, a classic script that sets
// `window.OrdinalEditor`; the Rust side calls it through wasm-bindgen
// (`#[wasm_bindgen(js_namespace = OrdinalEditor)]`). The bridge holds no
// logic of its own: it shows text, squiggles and a cursor, and reports edits.
//
// Positions passed in are UTF-16 code-unit offsets (JavaScript string
// indices), which the core's bindings compute from its byte spans.

import { EditorState } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  drawSelection,
  highlightSpecialChars,
} from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching } from "@codemirror/language";
import { searchKeymap, highlightSelectionMatches } from "@codemirror/search";
import { yaml } from "@codemirror/lang-yaml";
import { setDiagnostics, lintGutter } from "@codemirror/lint";

let view = null;
let suppressChange = false;
// Errors CodeMirror caught in an extension (it then disables that
// extension and carries on), kept so tests can tell a crashed plugin from
// a working one; they still go to the console.
const exceptions = [];

function clamp(offset, length) {
  if (typeof offset !== "number" || !Number.isFinite(offset)) return 0;
  return Math.max(0, Math.min(length, Math.floor(offset)));
}

/**
 * Create the editor inside `parent` with `text`; `onChange(text)` is called
 * after every user edit (not after `setText`).
 */
function create(parent, text, onChange) {
  if (view) view.destroy();
  const state = EditorState.create({
    doc: text,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
      yaml(),
      lintGutter(),
      EditorState.tabSize.of(2),
      EditorView.lineWrapping,
      EditorView.exceptionSink.of((error) => {
        exceptions.push(String((error && error.message) || error));
        console.error("CodeMirror:", error);
      }),
      keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap, ...searchKeymap]),
      EditorView.contentAttributes.of({ "data-testid": "editor", "aria-label": "Kubernetes YAML" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && !suppressChange) onChange(update.state.doc.toString());
      }),
    ],
  });
  view = new EditorView({ state, parent });
}

/** The whole text. */
function getText() {
  return view ? view.state.doc.toString() : "";
}

/** Replace the whole text without reporting it as a user edit. */
function setText(text) {
  if (!view) return;
  suppressChange = true;
  try {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  } finally {
    suppressChange = false;
  }
}

/**
 * Show diagnostics: `list` is an array (or its JSON) of
 * `{from, to, severity: "error"|"warning"|"info", rule, message}`.
 */
function setLint(list) {
  if (!view) return;
  if (typeof list === "string") list = JSON.parse(list);
  const length = view.state.doc.length;
  const diagnostics = [];
  for (const d of list) {
    const from = clamp(d.from, length);
    const to = Math.max(from, clamp(d.to, length));
    diagnostics.push({
      from,
      to,
      severity: d.severity === "error" || d.severity === "warning" ? d.severity : "info",
      source: d.rule,
      message: d.message,
    });
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

/** Select `[from, to)`, scroll it into view and focus the editor. */
function select(from, to) {
  if (!view) return;
  const length = view.state.doc.length;
  const anchor = clamp(from, length);
  const head = Math.max(anchor, clamp(to, length));
  view.dispatch({ selection: { anchor, head }, scrollIntoView: true });
  view.focus();
}

/** 1-based line of the main cursor (used by tests and scripts). */
function cursorLine() {
  if (!view) return 0;
  return view.state.doc.lineAt(view.state.selection.main.head).number;
}

/** 1-based line of a DOM node inside the editor (used by tests to locate squiggles). */
function lineAtDom(node) {
  if (!view) return 0;
  try {
    return view.state.doc.lineAt(view.posAtDOM(node)).number;
  } catch (_) {
    return 0;
  }
}

/** The errors CodeMirror's extensions threw since the page loaded. */
function caughtExceptions() {
  return exceptions.slice();
}

window.OrdinalEditor = { create, getText, setText, setLint, select, cursorLine, lineAtDom, caughtExceptions };
