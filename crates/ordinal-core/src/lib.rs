//! Ordinal's core: reads Kubernetes YAML with exact positions, understands
//! StatefulSets and the Services that govern them, and reports what is wrong.
//!
//! The pipeline is YAML text → [`parse`] (span-aware documents) →
//! [`model`] (typed resources) → [`topology`] → [`rules`] → diagnostics.
//! The core does no I/O: callers pass text in and get values out.
//!
//! ```
//! use ordinal_core::{lint, Options, SourceFile};
//! let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: nginx\n";
//! let report = lint(&[SourceFile::new("web.yaml", yaml)], &Options::default());
//! assert!(report.diagnostics.iter().any(|d| d.rule == "service-not-found"));
//! ```

mod analysis;
pub mod config;
pub mod diagnostic;
#[cfg(feature = "change-review")]
pub mod diff;
pub mod escape;
mod exact;
pub mod examples;
pub mod explain;
pub mod fix;
pub mod kinds;
mod lint;
pub mod model;
pub mod options;
mod order;
pub mod parse;
pub mod render;
pub mod rules;
pub mod schema;
pub mod semantics;
pub mod source;
mod suppression;
pub mod topology;
pub mod validation;

pub use config::Config;
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use options::Options;
pub use source::{LineColumn, SourceFile, Span};

pub use analysis::{analyze_file, analyze_file_keeping, FileAnalysis};
pub use lint::{
    check, check_alone, check_borrowed, check_linked, check_local, keep_linked_fields, lint, CheckedRun, DocumentRun,
    LintReport, Summary, RUN_BYTES,
};
pub use suppression::IGNORE_ANNOTATION;
