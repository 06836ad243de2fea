//! Wire formats and pictures rendered from core values. The JSON shapes here
//! are the stable boundary shared by the CLI, the playground and the embed.

#[cfg(feature = "change-review")]
pub mod diff_json;
#[cfg(all(feature = "text-render", feature = "change-review"))]
pub mod diff_text;
pub mod explain_json;
pub mod explain_text;
pub mod lint_json;
#[cfg(feature = "text-render")]
pub mod lint_text;
pub mod svg;
