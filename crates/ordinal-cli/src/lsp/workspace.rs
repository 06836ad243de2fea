//! The workspace index: every manifest of the workspace folders, found by
//! the walk `ordinal lint` makes (`crate::input`: `.gitignore`, Helm charts
//! and kustomization files skipped), plus every document open in the editor,
//! each with its cached [`FileAnalysis`].
//!
//! A file is analysed again only when its own text changes (or the options
//! do); linking and the rules run over the cached analyses of all files
//! ([`Workspace::check`]), since one file's Service decides another file's
//! StatefulSet's findings.
//!
//! Files are keyed by URI. Files the walk found carry their `file://` URI as
//! [`Url::from_file_path`] makes it, and a client's URI for the same file is
//! normalised through its path ([`key`]), so both meet at one entry.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;
use ordinal_core::model::Resource;
use ordinal_core::{
    analyze_file, check_linked, check_local, Diagnostic, FileAnalysis, LintReport, Options, SourceFile,
};

use super::guard;
use crate::input::{self, ReadOptions};

/// One file of the workspace.
#[derive(Debug)]
pub struct Entry {
    /// Its key.
    pub uri: Url,
    /// Found by the walk of a workspace folder (so it stays when closed).
    pub in_walk: bool,
    /// The editor's version while the document is open; its text then
    /// comes from the editor, not the disk.
    pub version: Option<i32>,
    /// The name (relative to its workspace folder) and text.
    pub source: SourceFile,
    /// Where the bytes on disk stopped being UTF-8, as a finding.
    encoding_problem: Option<ordinal_core::parse::ParseProblem>,
    /// The analysis of `source`; its resources' file id is the entry's
    /// position among the Kubernetes files ([`Workspace::number_files`]).
    pub analysis: FileAnalysis,
    /// What the rules that read this file alone found in it, kept between
    /// edits of other files; numbered as the resources are.
    local: Vec<Diagnostic>,
    /// The file id the analysis and `local` carry now.
    file_id: usize,
    /// Whether it holds Kubernetes manifests at all; other YAML (a CI
    /// workflow, a Compose file) is never reported on.
    pub kubernetes: bool,
}

/// The outcome of one check over the workspace.
#[derive(Debug, Default)]
pub struct Checked {
    /// The URI of each file id the report uses.
    pub uris: Vec<Url>,
    /// The findings.
    pub report: LintReport,
}

/// Every file the server knows.
#[derive(Debug)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    read: ReadOptions,
    options: Options,
    entries: BTreeMap<Url, Entry>,
    /// What went wrong (a file that could not be read, a caught panic),
    /// for the server to send as `window/logMessage`.
    pub log: Vec<String>,
}

/// The key of `uri`: a `file:` URI rebuilt from its path (so that the
/// client's spelling, `%7E` or `~`, does not matter), anything else as given.
pub fn key(uri: &Url) -> Url {
    if uri.scheme() == "file" {
        if let Ok(path) = uri.to_file_path() {
            if let Ok(normal) = Url::from_file_path(path) {
                return normal;
            }
        }
    }
    uri.clone()
}

impl Workspace {
    /// An empty workspace over the folders `roots`; [`Workspace::rescan`] fills it.
    pub fn new(roots: Vec<PathBuf>, options: Options, read: ReadOptions) -> Workspace {
        Workspace { roots, read, options, entries: BTreeMap::new(), log: Vec::new() }
    }

    /// The options every analysis and check uses.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The file at `uri`.
    pub fn get(&self, uri: &Url) -> Option<&Entry> {
        self.entries.get(&key(uri))
    }

    /// Every file, in URI order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// Use `options` from now on: every file is analysed again (the default
    /// namespace, for one, is part of each resource).
    pub fn set_options(&mut self, options: Options) {
        self.options = options;
        let Workspace { entries, options, log, .. } = self;
        for entry in entries.values_mut() {
            entry.reanalyse(options, log);
        }
        self.number_files();
    }

    /// Walk the workspace folders again: add the manifests that appeared,
    /// drop the ones that went (or that `.gitignore` now excludes), and keep
    /// the cached analysis of every other file. Whether anything changed.
    pub fn rescan(&mut self) -> bool {
        let mut found: BTreeMap<Url, (PathBuf, String)> = BTreeMap::new();
        for root in &self.roots {
            match input::manifests_under(root) {
                Ok(paths) => {
                    for path in paths {
                        if let Ok(uri) = Url::from_file_path(&path) {
                            let name = name_in(root, &path);
                            found.entry(uri).or_insert((path, name));
                        }
                    }
                }
                Err(error) => self.log.push(format!("walking {}: {error:#}", root.display())),
            }
        }
        let mut changed = false;
        let gone: Vec<Url> = self
            .entries
            .values()
            .filter(|entry| entry.in_walk && !found.contains_key(&entry.uri))
            .map(|entry| entry.uri.clone())
            .collect();
        for uri in gone {
            changed = true;
            if let Some(entry) = self.entries.get_mut(&uri) {
                entry.in_walk = false;
                if entry.version.is_none() {
                    self.entries.remove(&uri);
                }
            }
        }
        for (uri, (path, name)) in found {
            match self.entries.get_mut(&uri) {
                Some(entry) => {
                    if !entry.in_walk {
                        entry.in_walk = true;
                        changed = true;
                    }
                }
                None => {
                    if let Some(entry) = self.read_entry(uri.clone(), &path, name) {
                        self.entries.insert(uri, entry);
                        changed = true;
                    }
                }
            }
        }
        self.number_files();
        changed
    }

    /// The file at `uri` changed on disk: read it again, unless the editor
    /// holds it open (the buffer is what the user sees). Whether it was read.
    pub fn reload(&mut self, uri: &Url) -> bool {
        let uri = key(uri);
        let Some(entry) = self.entries.get(&uri) else { return false };
        if entry.version.is_some() {
            return false;
        }
        let (Ok(path), name) = (uri.to_file_path(), entry.source.name.clone()) else { return false };
        match self.read_entry(uri.clone(), &path, name) {
            Some(fresh) => {
                self.entries.insert(uri, Entry { in_walk: true, ..fresh });
            }
            None => {
                self.entries.remove(&uri);
            }
        }
        self.number_files();
        true
    }

    /// The editor opened `uri` (or changed it: the whole new text).
    pub fn set_text(&mut self, uri: &Url, version: i32, text: String) {
        let uri = key(uri);
        let Workspace { entries, options, log, roots, .. } = self;
        match entries.get_mut(&uri) {
            Some(entry) => {
                entry.version = Some(version);
                entry.encoding_problem = None;
                entry.source = SourceFile::new(entry.source.name.clone(), text);
                entry.reanalyse(options, log);
            }
            None => {
                let name = uri.to_file_path().ok().map_or_else(|| uri.to_string(), |path| name_of(roots, &path));
                let mut entry = Entry {
                    uri: uri.clone(),
                    in_walk: false,
                    version: Some(version),
                    source: SourceFile::new(name, text),
                    encoding_problem: None,
                    analysis: FileAnalysis::default(),
                    local: Vec::new(),
                    file_id: 0,
                    kubernetes: false,
                };
                entry.reanalyse(options, log);
                entries.insert(uri, entry);
            }
        }
        self.number_files();
    }

    /// The editor closed `uri`: a workspace file goes back to its text on
    /// disk, any other file leaves the workspace.
    pub fn close(&mut self, uri: &Url) {
        let uri = key(uri);
        let in_walk = match self.entries.get_mut(&uri) {
            Some(entry) => {
                entry.version = None;
                entry.in_walk
            }
            None => return,
        };
        if !in_walk || !self.reload(&uri) {
            self.entries.remove(&uri);
            self.number_files();
        }
    }

    /// Link every Kubernetes file and run the rules: the findings, with the
    /// URI of each file id. Other files take no part.
    pub fn check(&self) -> Checked {
        let members: Vec<&Entry> = self.entries.values().filter(|entry| entry.kubernetes).collect();
        let uris: Vec<Url> = members.iter().map(|entry| entry.uri.clone()).collect();
        let files: Vec<SourceFile> = members.iter().map(|entry| entry.source.clone()).collect();
        // Every change of the entries renumbers them (`number_files`), so the
        // cached analyses are checked as they are, nothing copied but the texts.
        debug_assert!(members
            .iter()
            .enumerate()
            .all(|(id, entry)| entry.file_id == id
                && entry.analysis.resources.iter().all(|resource| resource.file == id)));
        let analyses: Vec<&FileAnalysis> = members.iter().map(|entry| &entry.analysis).collect();
        // Only the rules that relate files run here: each file's own findings
        // were found when it last changed, and are numbered like its resources.
        let local = members.iter().flat_map(|entry| entry.local.iter().cloned()).collect();
        let report = check_linked(&files, &analyses, local, &self.options);
        Checked { uris, report }
    }

    /// Every resource of every Kubernetes file, with file ids indexing the
    /// returned URIs (as [`Workspace::check`] numbers them), borrowed from the cache.
    pub fn resources(&self) -> (Vec<&Url>, Vec<&Resource>) {
        let mut uris = Vec::new();
        let mut resources = Vec::new();
        for entry in self.entries.values().filter(|entry| entry.kubernetes) {
            let id = uris.len();
            uris.push(&entry.uri);
            debug_assert!(entry.analysis.resources.iter().all(|resource| resource.file == id));
            resources.extend(&entry.analysis.resources);
        }
        (uris, resources)
    }

    /// Give each Kubernetes file's resources the file id [`Workspace::check`]
    /// numbers it with (its position in URI order), so that the check can
    /// borrow the cached analyses. Called after every change of the entries.
    fn number_files(&mut self) {
        for (id, entry) in self.entries.values_mut().filter(|entry| entry.kubernetes).enumerate() {
            for resource in &mut entry.analysis.resources {
                resource.file = id;
            }
            for diagnostic in &mut entry.local {
                diagnostic.renumber_file(entry.file_id, id);
            }
            entry.file_id = id;
        }
    }

    fn read_entry(&mut self, uri: Url, path: &Path, name: String) -> Option<Entry> {
        match input::read_input(path, name, &self.read) {
            Ok(input) => {
                let encoding_problem = input.encoding_problem();
                let mut entry = Entry {
                    uri,
                    in_walk: true,
                    version: None,
                    source: input.source,
                    encoding_problem,
                    analysis: FileAnalysis::default(),
                    local: Vec::new(),
                    file_id: 0,
                    kubernetes: false,
                };
                entry.reanalyse(&self.options, &mut self.log);
                Some(entry)
            }
            Err(error) => {
                self.log.push(format!("{error:#}"));
                None
            }
        }
    }
}

impl Entry {
    fn reanalyse(&mut self, options: &Options, log: &mut Vec<String>) {
        let analysed = guard::catch(|| {
            guard::test_panic(&self.source.text);
            analyze_file(0, &self.source, options)
        });
        self.analysis = match analysed {
            Ok(mut analysis) => {
                if let Some(problem) = self.encoding_problem.clone() {
                    analysis.problems.insert(0, problem);
                }
                analysis
            }
            Err(report) => {
                log.push(format!("analysing {}: {report}", self.source.name));
                FileAnalysis::default()
            }
        };
        self.kubernetes = is_kubernetes(&self.source.text, &self.analysis);
        // Other YAML is never reported on, so its findings are not looked for.
        let checked = if self.kubernetes {
            guard::catch(|| check_local(0, &self.source, &self.analysis, options))
        } else {
            Ok(Vec::new())
        };
        // Analysed as file 0; `Workspace::number_files` renumbers it.
        self.file_id = 0;
        self.local = checked.unwrap_or_else(|report| {
            log.push(format!("checking {}: {report}", self.source.name));
            Vec::new()
        });
    }
}

/// Whether a file holds Kubernetes manifests: a document with `apiVersion`
/// or `kind`, or, while the file does not parse, a top-level line starting
/// with one of those keys (so a manifest being typed keeps its syntax error
/// instead of going quiet). YAML without either key is some other tool's.
pub fn is_kubernetes(text: &str, analysis: &FileAnalysis) -> bool {
    if analysis.resources.iter().any(|resource| resource.api_version.is_some() || resource.kind.is_some()) {
        return true;
    }
    text.lines().any(|line| line.starts_with("apiVersion:") || line.starts_with("kind:"))
}

/// The name shown for `path`: relative to the workspace folder holding it.
fn name_of(roots: &[PathBuf], path: &Path) -> String {
    match roots.iter().find(|root| path.starts_with(root)) {
        Some(root) => name_in(root, path),
        None => input::display_name(path),
    }
}

fn name_in(root: &Path, path: &Path) -> String {
    input::display_name(path.strip_prefix(root).unwrap_or(path))
}
