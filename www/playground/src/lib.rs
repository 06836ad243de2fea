//! The Ordinal playground: a yew application over `ordinal-wasm`.
//!
//! The pieces that are plain Rust (share links, the rule-docs reader) live
//! in modules that also build and are tested on the native host; the
//! application itself ([`app`]) only exists on `wasm32`.

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod compare;
pub mod markdown;
pub mod share;
#[cfg(target_arch = "wasm32")]
mod step_slider;

/// Entry point called by the page once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    app::start();
}

/// Panic on purpose, so that the browser tests can check that a panic in
/// WASM shows the error box rather than a blank or frozen page.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = __ordinalTestPanic)]
pub fn test_panic() {
    panic!("test panic requested by the page");
}
