//! The JavaScript face of the crate (`wasm32` only). Every function takes
//! and returns strings: YAML in, JSON out, so that callers need no glue
//! beyond `JSON.parse`. Invalid options throw.

use wasm_bindgen::prelude::*;

use crate::Options;

fn options(options_json: &str) -> Result<Options, JsError> {
    Options::from_json(options_json).map_err(|error| JsError::new(&error))
}

/// `lint(yaml, optionsJson)`: the CLI's lint JSON plus byte and UTF-16 offsets.
#[wasm_bindgen]
pub fn lint(yaml: &str, options_json: &str) -> Result<String, JsError> {
    Ok(crate::lint(yaml, &options(options_json)?).to_string())
}

/// `applyFix(yaml, optionsJson, rule, start)`: the text with the fix of that
/// diagnostic applied, or `undefined` when it has none.
#[wasm_bindgen(js_name = applyFix)]
pub fn apply_fix(yaml: &str, options_json: &str, rule: &str, start: usize) -> Result<Option<String>, JsError> {
    Ok(crate::apply_fix(yaml, &options(options_json)?, rule, start))
}

/// `rules()`: every rule's id, default severity, summary and Markdown docs, as JSON.
#[cfg(feature = "rule-docs")]
#[wasm_bindgen]
pub fn rules() -> String {
    crate::rules().to_string()
}

/// `explain(yaml, optionsJson)`: `{"json", "svg", "text"}` as JSON, where
/// `json` is `ordinal explain --format json`.
#[wasm_bindgen]
pub fn explain(yaml: &str, options_json: &str) -> Result<String, JsError> {
    Ok(crate::explain(yaml, &options(options_json)?).to_string())
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
    Ok(crate::nslookup(yaml, &options(options_json)?, name, from_pod).to_string())
}
