//! Pod template defaults.

/// The only `restartPolicy` a StatefulSet's pods may have, and the default.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec` (an empty
/// `restartPolicy` becomes `Always`) and `pkg/apis/apps/validation`
/// `ValidateStatefulSetSpec` (only `Always` is supported).
pub const RESTART_POLICY_ALWAYS: &str = "Always";

/// `restartPolicy` after defaulting: an empty or missing value is `Always`.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_PodSpec`.
pub fn restart_policy(written: Option<&str>) -> &str {
    match written {
        None | Some("") => RESTART_POLICY_ALWAYS,
        Some(policy) => policy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_missing_default_to_always() {
        assert_eq!(restart_policy(None), "Always");
        assert_eq!(restart_policy(Some("")), "Always");
        assert_eq!(restart_policy(Some("Never")), "Never");
    }
}
