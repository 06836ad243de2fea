//! Applying fixes: the one place that turns the [`Fix`]es of a lint run into
//! new file text, for `ordinal lint --fix` and the playground's "apply fix".
//!
//! Edits are byte-range replacements, so everything outside them (a BOM,
//! CRLF line ends, comments, quoting, indentation) is kept byte for byte.
//! Fixes are applied in rounds: lint, take every allowed fix that does not
//! touch the bytes of one already taken this round, apply them, lint again.
//! A fix that was set aside, or one that appears only once another is in,
//! gets its turn in a later round.
//!
//! ```
//! use ordinal_core::fix::{fix_files, FixMode};
//! use ordinal_core::{Options, SourceFile};
//! let yaml = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  replicas: \"3\"\n";
//! let outcome = fix_files(&[SourceFile::new("web.yaml", yaml)], &Options::default(), FixMode::Safe);
//! assert!(outcome.files[0].text.contains("replicas: 3\n"));
//! assert_eq!(outcome.files[0].fixed, 1);
//! ```

use crate::diagnostic::{apply_edits, Fix};
use crate::options::Options;
use crate::source::{SourceFile, Span};

/// At most this many lint-and-apply rounds. Each round applies at least one
/// fix and fixes only ever resolve findings, so real files settle in two or
/// three; the bound stops two rules that undo each other.
pub const MAX_ROUNDS: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Safe and unsafe fixes (`--fix --unsafe-fixes`).
    All,
}

impl FixMode {
    /// Whether `fix` is applied in this mode.
    pub fn allows(self, fix: &Fix) -> bool {
        self == FixMode::All || fix.is_safe()
    }
}

/// One file after fixing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    /// The text with the fixes applied (the input text when none applied).
    pub text: String,
    /// How many fixes were applied to it, over all rounds.
    pub fixed: usize,
}

impl FixedFile {
    /// Whether any fix changed the file.
    pub fn changed(&self) -> bool {
        self.fixed > 0
    }
}

/// The outcome of [`fix_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    /// One entry per input file, in the same order.
    pub files: Vec<FixedFile>,
    /// Rounds run (the last one found nothing more to apply, unless
    /// [`MAX_ROUNDS`] was reached).
    pub rounds: usize,
}

impl FixOutcome {
    /// Fixes applied in all files.
    pub fn fixed(&self) -> usize {
        self.files.iter().map(|file| file.fixed).sum()
    }
}

/// Lint `files` together (a fix to a Service can depend on a StatefulSet in
/// another file) and apply the fixes `mode` allows, in rounds until none is
/// left or [`MAX_ROUNDS`] is reached.
pub fn fix_files(files: &[SourceFile], options: &Options, mode: FixMode) -> FixOutcome {
    let mut current: Vec<SourceFile> = files.to_vec();
    let mut fixed = vec![0; files.len()];
    let mut rounds = 0;
    while rounds < MAX_ROUNDS {
        rounds += 1;
        let report = crate::lint::lint(&current, options);
        let mut chosen: Vec<Vec<&Fix>> = vec![Vec::new(); current.len()];
        for diagnostic in &report.diagnostics {
            let Some(fix) = diagnostic.fix.as_ref().filter(|fix| mode.allows(fix)) else { continue };
            let Some(file) = current.get(diagnostic.file) else { continue };
            let Some(taken) = chosen.get_mut(diagnostic.file) else { continue };
            if applicable(&file.text, fix) && !taken.iter().any(|other| overlaps(fix, other)) {
                taken.push(fix);
            }
        }
        if chosen.iter().all(Vec::is_empty) {
            break;
        }
        let mut next = Vec::with_capacity(current.len());
        let mut progressed = false;
        for ((file, taken), count) in current.iter().zip(&chosen).zip(&mut fixed) {
            if taken.is_empty() {
                next.push(file.clone());
                continue;
            }
            let text = apply_edits(&file.text, taken.iter().flat_map(|fix| &fix.edits));
            if text != file.text {
                progressed = true;
                *count += taken.len();
            }
            next.push(SourceFile::new(file.name.clone(), text));
        }
        current = next;
        // Fixes whose edits leave the text as it was would be offered again
        // forever.
        if !progressed {
            break;
        }
    }
    let files = current.into_iter().zip(fixed).map(|(file, fixed)| FixedFile { text: file.text, fixed }).collect();
    FixOutcome { files, rounds }
}

/// Apply one fix to `text`. Edits that fall outside the text or off a
/// character boundary are skipped rather than allowed to panic.
pub fn apply_fix(text: &str, fix: &Fix) -> String {
    fix.apply(text)
}

/// Whether every edit of `fix` lies within `text` on character boundaries.
fn applicable(text: &str, fix: &Fix) -> bool {
    fix.edits.iter().all(|edit| {
        let Span { start, end } = edit.span;
        start <= end && end <= text.len() && text.is_char_boundary(start) && text.is_char_boundary(end)
    })
}

/// Two fixes conflict when the ranges they touch overlap or meet: an insert
/// at the end of another fix's replacement would otherwise be ordered by
/// chance.
fn overlaps(a: &Fix, b: &Fix) -> bool {
    match (a.range(), b.range()) {
        (Some(a), Some(b)) => a.start <= b.end && b.start <= a.end,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;

    const STS: &str = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n  serviceName: web\n  replicas: \"3\"\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n";
    const SVC: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector:\n    app: web\n  ports: [{name: web, port: 80}]\n";

    fn fix(files: &[(&str, &str)], mode: FixMode) -> FixOutcome {
        let files: Vec<_> = files.iter().map(|(name, text)| SourceFile::new(*name, *text)).collect();
        fix_files(&files, &Options::default(), mode)
    }

    #[test]
    fn safe_mode_leaves_unsafe_fixes_alone() {
        let outcome = fix(&[("sts.yaml", STS), ("svc.yaml", SVC)], FixMode::Safe);
        assert_eq!(outcome.files[0].text, STS.replace("replicas: \"3\"", "replicas: 3"));
        assert_eq!(outcome.files[1], FixedFile { text: SVC.to_string(), fixed: 0 });
        assert_eq!(outcome.fixed(), 1);
    }

    #[test]
    fn all_mode_applies_unsafe_fixes_across_files() {
        let outcome = fix(&[("sts.yaml", STS), ("svc.yaml", SVC)], FixMode::All);
        // Made headless in the first round, the Service is then the
        // working governing Service that `publish-not-ready-addresses`
        // checks, and its fix comes in the second.
        assert_eq!(
            outcome.files[1].text,
            SVC.replace("spec:\n", "spec:\n  publishNotReadyAddresses: true\n  clusterIP: None\n")
        );
        assert_eq!((outcome.files[1].fixed, outcome.rounds), (2, 3));
        let files: Vec<_> = outcome.files.iter().map(|file| SourceFile::new("f.yaml", file.text.as_str())).collect();
        let again = fix_files(&files, &Options::default(), FixMode::All);
        assert_eq!(again.fixed(), 0, "a second run finds nothing to fix");
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let a = Fix::replace(Applicability::Safe, "a", Span::new(0, 3), "x");
        let b = Fix::replace(Applicability::Safe, "b", Span::new(3, 3), "y");
        let c = Fix::replace(Applicability::Safe, "c", Span::new(4, 5), "z");
        assert!(overlaps(&a, &b));
        assert!(!overlaps(&a, &c));
        assert_eq!(apply_edits("abcdef", a.edits.iter().chain(&c.edits)), "xdzf");
    }

    #[test]
    fn edits_off_the_text_are_skipped() {
        let outside = Fix::replace(Applicability::Safe, "x", Span::new(2, 9), "x");
        assert!(!applicable("abc", &outside));
        assert_eq!(apply_fix("abc", &outside), "abc");
        let split = Fix::replace(Applicability::Safe, "x", Span::new(1, 2), "x");
        assert!(!applicable("é", &split));
        assert_eq!(apply_fix("é", &split), "é");
    }
}
