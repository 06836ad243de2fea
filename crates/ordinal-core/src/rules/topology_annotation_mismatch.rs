use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::Entry;
use crate::semantics::service::{TOPOLOGY_AWARE_HINTS_ANNOTATION, TOPOLOGY_MODE_ANNOTATION};
use crate::source::Span;

super::declare_rule! {
    /// ## What it flags
    /// A Service annotated with both `service.kubernetes.io/topology-mode`
    /// and the deprecated `service.kubernetes.io/topology-aware-hints`, with
    /// different values.
    ///
    /// ## Why it matters
    /// The API server rejects the Service: the two annotations are two
    /// spellings of one setting (Topology Aware Routing), and it will not
    /// guess which one you meant.
    ///
    /// ## Example
    /// ```yaml
    /// metadata:
    ///   annotations:
    ///     service.kubernetes.io/topology-aware-hints: auto
    ///     service.kubernetes.io/topology-mode: Auto   # must be `auto` too
    /// ```
    ///
    /// ## Fix
    /// Keep only `service.kubernetes.io/topology-mode` with the value you
    /// want, and remove the deprecated annotation. No automatic fix is
    /// offered, since either value may be the intended one.
    ///
    /// ## Source
    /// pkg/apis/core/validation/validation.go `ValidateService` (`must match
    /// annotations[service.kubernetes.io/topology-aware-hints] when both are
    /// specified`, reported on `metadata.annotations[service.kubernetes.io/topology-mode]`);
    /// pkg/apis/core/annotation_key_constants.go `AnnotationTopologyMode`,
    /// `DeprecatedAnnotationTopologyAwareHints`;
    /// pkg/apis/core/validation/validation_test.go `TestValidateServiceCreate`
    /// "topology annotations are mismatched".
    pub struct TopologyAnnotationMismatch {
        id: "topology-annotation-mismatch",
        severity: Error,
        summary: "the `topology-mode` and deprecated `topology-aware-hints` annotations disagree",
    }
}

impl Rule for TopologyAnnotationMismatch {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        if resource.as_service().is_none() {
            return;
        }
        let Some(annotations) = resource.root.entry("metadata").and_then(|meta| meta.value.entry("annotations")) else {
            return;
        };
        let (Some(mode), Some(hints)) = (
            annotations.value.entry(TOPOLOGY_MODE_ANNOTATION),
            annotations.value.entry(TOPOLOGY_AWARE_HINTS_ANNOTATION),
        ) else {
            return;
        };
        // A value that is no string is `invalid-type`'s finding.
        let (Some(mode_value), Some(hints_value)) = (mode.value.as_str(), hints.value.as_str()) else { return };
        if mode_value == hints_value {
            return;
        }
        report
            .report(
                entry_span(mode),
                format!(
                    "annotation `{TOPOLOGY_MODE_ANNOTATION}` is `{mode_value}`, but it must match `{TOPOLOGY_AWARE_HINTS_ANNOTATION}` (`{hints_value}`) when both are written"
                ),
            )
            .help(format!("keep only `{TOPOLOGY_MODE_ANNOTATION}` with the value you want, and remove the deprecated `{TOPOLOGY_AWARE_HINTS_ANNOTATION}`"))
            .label(entry_span(hints), "the deprecated spelling of the same setting");
    }
}

/// An annotation from its key through its value.
fn entry_span(entry: &Entry) -> Span {
    Span::new(entry.key.span().start, entry.value.span().end)
}
