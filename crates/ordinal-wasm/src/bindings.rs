//! The JavaScript face of the crate (`wasm32` only). Every function takes
//! strings (YAML, options as JSON) and returns JSON text of the structs the
//! Rust API returns, so that callers need no glue beyond `JSON.parse`.
//! Invalid options throw an `Error` with a message, and so does a panic (see
//! [`report_panics`]).

use std::sync::Once;

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::Options;

/// With `panic = "abort"` (the WASM profiles) a panic cannot be caught, and
/// without a hook it reaches JavaScript as `RuntimeError: unreachable`. This
/// hook runs the previous one (the playground's error box), then throws an
/// `Error` carrying the panic message instead: wasm-bindgen's `throw_str`
/// leaves the WASM stack the way every thrown `JsError` does, without running
/// destructors, so the instance may have leaked memory and callers should
/// load a fresh one (the embed does).
fn report_panics() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            previous(info);
            wasm_bindgen::throw_str(&format!("Ordinal panicked: {info}"));
        }));
    });
}

fn options(options_json: &str) -> Result<Options, JsError> {
    report_panics();
    Options::from_json(options_json).map_err(|error| JsError::new(&error))
}

fn json<T: Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|error| JsError::new(&error.to_string()))
}

/// `lint(yaml, optionsJson)`: the CLI's lint JSON plus byte and UTF-16 offsets.
#[wasm_bindgen]
pub fn lint(yaml: &str, options_json: &str) -> Result<String, JsError> {
    json(&crate::lint(yaml, &options(options_json)?).json())
}

/// `diff(oldYaml, newYaml, optionsJson)`: `ordinal diff --format json`'s
/// shape (findings, changes with their rollout, summary) plus offsets.
#[cfg(feature = "diff")]
#[wasm_bindgen]
pub fn diff(old: &str, new: &str, options_json: &str) -> Result<String, JsError> {
    json(&crate::diff(old, new, &options(options_json)?).json())
}

/// `applyFix(yaml, optionsJson, rule, start)`: the text with the fix of that
/// diagnostic applied, or `undefined` when it has none.
#[cfg(feature = "apply-fix")]
#[wasm_bindgen(js_name = applyFix)]
pub fn apply_fix(yaml: &str, options_json: &str, rule: &str, start: usize) -> Result<Option<String>, JsError> {
    Ok(crate::apply_fix(yaml, &options(options_json)?, rule, start))
}

/// `rules()`: every rule's id, default severity, summary and Markdown docs, as JSON.
#[cfg(feature = "rule-docs")]
#[wasm_bindgen]
pub fn rules() -> Result<String, JsError> {
    report_panics();
    json(&crate::rules())
}

/// `explain(yaml, optionsJson)`: `{"json", "svg", "text"?}` as JSON, where
/// `json` is `ordinal explain --format json` and `text` (what `ordinal
/// explain` prints) is there only with the option `"text": true`.
#[wasm_bindgen]
pub fn explain(yaml: &str, options_json: &str) -> Result<String, JsError> {
    json(&crate::explain(yaml, &options(options_json)?))
}

/// `renderSvg(yaml, optionsJson)`: the SVG timeline only.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg(yaml: &str, options_json: &str) -> Result<String, JsError> {
    Ok(crate::render_svg(yaml, &options(options_json)?))
}

/// `nslookup(name, fromPod, yaml, optionsJson)`: `ordinal nslookup --format
/// json` plus `"text"`, as JSON.
#[wasm_bindgen]
pub fn nslookup(name: &str, from_pod: &str, yaml: &str, options_json: &str) -> Result<String, JsError> {
    json(&crate::nslookup(yaml, &options(options_json)?, name, from_pod))
}
