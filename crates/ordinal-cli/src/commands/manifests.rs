//! The inputs of `explain` and `nslookup`: the named files (or the bundled
//! ZooKeeper example), analysed once, and the YAML syntax errors among
//! them, which are reported the way `lint` reports them: located, on
//! stderr, and with exit code 1, so that a broken file is never mistaken
//! for one without StatefulSets.

use std::io::Write as _;
use std::path::PathBuf;

use ordinal_core::explain::keep_explained;
use ordinal_core::model::Resource;
use ordinal_core::{analyze_file_keeping, check, examples, LintReport, Options, Severity, SourceFile};

use crate::input::{self, ReadOptions};
use crate::output::{text, LintRun};

/// The rule whose findings mean a file was not (entirely) read.
const SYNTAX_RULE: &str = "yaml-syntax";

/// Analysed inputs.
pub struct Manifests {
    /// Every resource of every file, in input order.
    pub resources: Vec<Resource>,
    files: Vec<SourceFile>,
    syntax_errors: LintReport,
}

impl Manifests {
    /// Read and analyse `paths` (the bundled example when empty) with the
    /// run's options (the namespace of resources that set none), each
    /// resource cut to what an explanation reads of it as soon as it is
    /// typed (`explain::keep_explained`), so no file's whole trees are held.
    pub fn load(paths: &[PathBuf], options: &Options, read: &ReadOptions) -> anyhow::Result<Manifests> {
        let inputs = if paths.is_empty() {
            let example = examples::ZOOKEEPER;
            vec![input::Input::text(format!("<example {}>", example.id), example.yaml.to_string())]
        } else {
            input::read_inputs(paths, read)?
        };
        let mut resources = Vec::new();
        let mut analyses = Vec::with_capacity(inputs.len());
        for (file_id, input) in inputs.iter().enumerate() {
            let mut analysis = analyze_file_keeping(file_id, &input.source, options, keep_explained);
            if let Some(problem) = input.encoding_problem() {
                analysis.problems.insert(0, problem);
            }
            resources.append(&mut analysis.resources);
            analyses.push(analysis);
        }
        let files: Vec<SourceFile> = inputs.into_iter().map(|input| input.source).collect();
        // Only the file-level problems are checked: the analyses no longer
        // hold resources, so the resource rules have nothing to look at.
        let mut syntax_errors = check(&files, analyses, options);
        syntax_errors.diagnostics.retain(|diagnostic| diagnostic.rule == SYNTAX_RULE);
        Ok(Manifests { resources, files, syntax_errors })
    }

    /// Print the syntax errors on stderr as `lint` prints them; whether
    /// there were any.
    pub fn report_syntax_errors(&self) -> anyhow::Result<bool> {
        if self.syntax_errors.diagnostics.is_empty() {
            return Ok(false);
        }
        let run = LintRun { files: &self.files, report: &self.syntax_errors, resources: &[], fail_on: Severity::Error };
        let mut stderr = std::io::stderr().lock();
        stderr.write_all(text::render_findings(&run, false).as_bytes())?;
        stderr.flush()?;
        Ok(true)
    }
}
