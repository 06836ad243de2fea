//! `IntOrString` counts such as `maxUnavailable: 1` or `maxUnavailable: 25%`.
//!
//! Source: `k8s.io/apimachinery/pkg/util/intstr/intstr.go`
//! `GetScaledValueFromIntOrPercent` and `getIntOrPercentValueSafely` (how a
//! controller reads the value), and `pkg/apis/apps/validation`
//! `ValidatePositiveIntOrPercent` / `IsNotMoreThan100Percent` with
//! apimachinery's `IsValidPercent` (what the API server accepts).

use crate::model::kube::IntOrString;

/// Which way a percentage of a total is rounded; each caller in Kubernetes picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// `math.Ceil`: the disruption controller for both `minAvailable` and
    /// `maxUnavailable` (`pkg/controller/disruption/disruption.go`
    /// `getExpectedPodCount`, `roundUp` = true).
    Up,
    /// `math.Floor`: the StatefulSet controller's `maxUnavailable`
    /// (`pkg/controller/statefulset/stateful_set_utils.go`
    /// `getStatefulSetMaxUnavailable`, `roundUp` = false).
    Down,
}

/// An `IntOrString` as a controller reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntOrPercent {
    /// A plain count.
    Int(i64),
    /// `<n>%`.
    Percent(i64),
}

/// `getIntOrPercentValueSafely`: an integer, or a string ending in `%`
/// whose rest `strconv.Atoi` reads (an optional sign and decimal digits).
/// `None` for any other string, which the controller reports as an error.
pub fn read(value: &IntOrString) -> Option<IntOrPercent> {
    match value {
        IntOrString::Int(number) => Some(IntOrPercent::Int(i64::from(*number))),
        IntOrString::String(text) => text.strip_suffix('%')?.parse().ok().map(IntOrPercent::Percent),
    }
}

/// `GetScaledValueFromIntOrPercent`: the count, or the percentage of `total`
/// rounded as `rounding` says. `None` when [`read`] fails.
pub fn scaled(value: &IntOrString, total: i64, rounding: Rounding) -> Option<i64> {
    Some(match read(value)? {
        IntOrPercent::Int(count) => count,
        IntOrPercent::Percent(percent) => {
            let product = percent.saturating_mul(total);
            match rounding {
                Rounding::Down => product.div_euclid(100),
                Rounding::Up => -(-product).div_euclid(100),
            }
        }
    })
}

/// The percentage of a string the API server accepts as one: `IsValidPercent`
/// (`^[0-9]+%$`, so no sign, space or fraction). `None` for anything else.
pub fn valid_percent(text: &str) -> Option<u64> {
    let digits = text.strip_suffix('%')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits that overflow are still a valid percent form, and more than 100%.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// `ValidatePositiveIntOrPercent` together with `IsNotMoreThan100Percent`,
/// as `validateRollingUpdateStatefulSet` applies them to `maxUnavailable`:
/// an integer of at least 1, or a valid percentage from 1% to 100%.
pub fn is_positive_count_or_percent(value: &IntOrString) -> bool {
    match value {
        IntOrString::Int(number) => *number >= 1,
        IntOrString::String(text) => is_percent_from_1_to_100(text),
    }
}

/// The string half of [`is_positive_count_or_percent`]: a valid percentage from 1% to 100%.
pub fn is_percent_from_1_to_100(text: &str) -> bool {
    valid_percent(text).is_some_and(|percent| (1..=100).contains(&percent))
}

/// Why the API server rejects an `IntOrString` count that must not be
/// negative: `ValidatePositiveIntOrPercent` (which, despite its name, only
/// requires an integer to be at least 0) followed by `IsNotMoreThan100Percent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountProblem {
    /// An integer below 0 (`ValidateNonnegativeField`).
    Negative,
    /// A string that is not `IsValidPercent` (`^[0-9]+%$`).
    NotAPercent,
    /// A valid percentage above 100%.
    MoreThan100Percent,
}

/// The checks `ValidatePodDisruptionBudgetSpec` applies to `minAvailable`
/// and `maxUnavailable`: an integer of at least 0 (any size), or a valid
/// percentage from 0% to 100%. `None` when the value is accepted.
pub fn non_negative_count_or_percent_problem(value: &IntOrString) -> Option<CountProblem> {
    match value {
        IntOrString::Int(number) if *number < 0 => Some(CountProblem::Negative),
        IntOrString::Int(_) => None,
        IntOrString::String(text) => match valid_percent(text) {
            None => Some(CountProblem::NotAPercent),
            Some(percent) if percent > 100 => Some(CountProblem::MoreThan100Percent),
            Some(_) => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn percent(text: &str) -> IntOrString {
        IntOrString::String(text.into())
    }

    #[test]
    fn rounds_the_way_each_controller_asks() {
        assert_eq!(scaled(&percent("67%"), 3, Rounding::Up), Some(3));
        assert_eq!(scaled(&percent("67%"), 3, Rounding::Down), Some(2));
        assert_eq!(scaled(&percent("10%"), 3, Rounding::Up), Some(1));
        assert_eq!(scaled(&percent("10%"), 3, Rounding::Down), Some(0));
        assert_eq!(scaled(&percent("0%"), 3, Rounding::Up), Some(0));
        assert_eq!(scaled(&IntOrString::Int(2), 3, Rounding::Down), Some(2));
    }

    #[test]
    fn reads_like_atoi_and_rejects_other_strings() {
        assert_eq!(read(&percent("+5%")), Some(IntOrPercent::Percent(5)));
        assert_eq!(read(&percent("-5%")), Some(IntOrPercent::Percent(-5)));
        assert_eq!(read(&percent(" 5%")), None);
        assert_eq!(read(&percent("5")), None);
        assert_eq!(read(&percent("half")), None);
        assert_eq!(scaled(&percent("-50%"), 3, Rounding::Up), Some(-1));
    }

    #[test]
    fn validates_the_string_form_as_the_api_server_does() {
        assert_eq!(valid_percent("25%"), Some(25));
        assert_eq!(valid_percent("+25%"), None);
        assert_eq!(valid_percent("2.5%"), None);
        assert_eq!(valid_percent("%"), None);
        assert!(is_positive_count_or_percent(&percent("100%")));
        assert!(!is_positive_count_or_percent(&percent("0%")));
        assert!(!is_positive_count_or_percent(&percent("101%")));
        assert!(!is_positive_count_or_percent(&percent("99999999999999999999999%")));
        assert!(!is_positive_count_or_percent(&IntOrString::Int(0)));
    }

    #[test]
    fn disruption_budget_counts_may_be_zero_but_not_negative_or_above_100_percent() {
        let problem = |value: &IntOrString| non_negative_count_or_percent_problem(value);
        for accepted in ["0%", "1%", "100%"] {
            assert_eq!(problem(&percent(accepted)), None, "{accepted}");
        }
        for number in [0, 1, 100, 1000] {
            assert_eq!(problem(&IntOrString::Int(number)), None, "{number}");
        }
        assert_eq!(problem(&IntOrString::Int(-1)), Some(CountProblem::Negative));
        assert_eq!(problem(&percent("101%")), Some(CountProblem::MoreThan100Percent));
        for rejected in ["1.1%", "nope", "-1%", "+5%", " 10%", "10 %", "", "5"] {
            assert_eq!(problem(&percent(rejected)), Some(CountProblem::NotAPercent), "{rejected:?}");
        }
    }
}
