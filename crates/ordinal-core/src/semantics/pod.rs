//! Pod template defaults: `restartPolicy` and probe fields.

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

/// A probe's numeric field after defaulting: `SetDefaults_Probe` replaces a
/// zero (or missing) `timeoutSeconds` with 1, `periodSeconds` with 10,
/// `successThreshold` with 1 and `failureThreshold` with 3 before
/// validation, so a written `0` is accepted. `initialDelaySeconds` has no
/// default. `None` for a field name that is not one of the five.
/// Source: `pkg/apis/core/v1/defaults.go` `SetDefaults_Probe`.
pub fn probe_field(field: &str, written: Option<i64>) -> Option<i64> {
    let default = match field {
        "initialDelaySeconds" => 0,
        "timeoutSeconds" => 1,
        "periodSeconds" => 10,
        "successThreshold" => 1,
        "failureThreshold" => 3,
        _ => return None,
    };
    Some(match written {
        None | Some(0) => default,
        Some(value) => value,
    })
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

    #[test]
    fn zero_probe_fields_take_their_defaults() {
        assert_eq!(probe_field("successThreshold", Some(0)), Some(1));
        assert_eq!(probe_field("successThreshold", None), Some(1));
        assert_eq!(probe_field("periodSeconds", Some(0)), Some(10));
        assert_eq!(probe_field("timeoutSeconds", None), Some(1));
        assert_eq!(probe_field("failureThreshold", Some(0)), Some(3));
        assert_eq!(probe_field("initialDelaySeconds", None), Some(0));
        assert_eq!(probe_field("failureThreshold", Some(-1)), Some(-1));
        assert_eq!(probe_field("successThreshold", Some(2)), Some(2));
        assert_eq!(probe_field("exec", Some(2)), None);
    }
}
