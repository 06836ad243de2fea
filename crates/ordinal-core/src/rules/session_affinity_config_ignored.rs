use super::paths::is_non_empty;
use super::{Context, Reporter, ResourceFacts, Rule};
use crate::parse::PathSegment::Key;
use crate::semantics::service;
use crate::source::Span;

super::declare_rule! {
    /// ## What it flags
    /// A Service with `sessionAffinityConfig` while `sessionAffinity` is
    /// `None`, or not written (it defaults to `None`).
    ///
    /// ## Why it matters
    /// The API server accepts the Service and silently throws the config
    /// away: defaulting sets `sessionAffinityConfig` to nothing whenever
    /// `sessionAffinity` is `None`, before validation runs. The timeout you
    /// wrote does nothing, and clients are not pinned to one pod. Usually
    /// `sessionAffinity: ClientIP` was meant and forgotten; sometimes the
    /// config is left over from turning affinity off.
    ///
    /// (Validation's own check, "must not be set when session affinity is
    /// None", is reachable only by callers that skip defaulting, such as the
    /// Go unit tests; a manifest sent to the API server never meets it.)
    ///
    /// ## Example
    /// ```yaml
    /// spec:
    ///   sessionAffinityConfig:   # ignored: sessionAffinity defaults to None
    ///     clientIP:
    ///       timeoutSeconds: 600
    /// ```
    ///
    /// ## Fix
    /// Set `sessionAffinity: ClientIP` to keep clients on one pod for the
    /// timeout, or remove `sessionAffinityConfig`. No automatic fix is
    /// offered: the two change behaviour differently, and only you know
    /// which was meant.
    ///
    /// ## Source
    /// pkg/apis/core/v1/defaults.go `SetDefaults_Service` (`if
    /// obj.Spec.SessionAffinity == v1.ServiceAffinityNone {
    /// obj.Spec.SessionAffinityConfig = nil }`, after defaulting an empty
    /// `sessionAffinity` to `None`); pkg/apis/core/validation/validation.go
    /// `ValidateService` (the `ServiceAffinityNone` branch that defaulting
    /// makes unreachable) and `validateClientIPAffinityConfig` (run only for
    /// `ClientIP`); pkg/apis/core/validation/validation_test.go
    /// `TestValidateServiceCreate` "sessionAffinityConfig can't be set when
    /// session affinity is None" (validation alone, without defaulting).
    pub struct SessionAffinityConfigIgnored {
        id: "session-affinity-config-ignored",
        severity: Warning,
        summary: "`sessionAffinityConfig` is dropped because `sessionAffinity` is `None`",
    }
}

impl Rule for SessionAffinityConfigIgnored {
    fn check_resource(&self, _ctx: &Context<'_>, facts: &ResourceFacts<'_>, report: &mut Reporter<'_>) {
        let resource = facts.resource;
        let Some(svc) = resource.as_service() else { return };
        let spec = svc.spec.as_ref();
        if !service::drops_session_affinity_config(spec) {
            return;
        }
        let Some(entry) = resource.node(&[Key("spec")]).and_then(|spec| spec.entry("sessionAffinityConfig")) else {
            return;
        };
        // `sessionAffinityConfig: null` or `{}` says nothing to lose.
        if !is_non_empty(&entry.value) {
            return;
        }
        let span = Span::new(entry.key.span().start, entry.value.span().end);
        let finding = report
            .report(span, "`sessionAffinityConfig` is ignored: `sessionAffinity` is `None`, so the API server drops it")
            .help("set `sessionAffinity: ClientIP` to use this config, or remove `sessionAffinityConfig`");
        if let Some(affinity) = resource.node(&[Key("spec"), Key("sessionAffinity")]) {
            let label = match affinity.as_str() {
                Some("") => "empty, so it defaults to `None`",
                _ => "no session affinity: the config only applies to `ClientIP`",
            };
            finding.label(affinity.span(), label);
        }
    }
}
