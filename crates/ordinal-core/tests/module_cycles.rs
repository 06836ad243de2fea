//! The core's top-level modules form a layered graph (see ARCHITECTURE.md,
//! "Module graph"): no module may reach itself through `crate::` paths.
//!
//! The graph is read from the source text, not from the compiler: every
//! `crate::m` path (in `use` lines, in code and in macros as `$crate::m`),
//! `super::` paths that climb out of a top-level module, and in `lib.rs`
//! its own `use m::…` lines. `lib.rs` is the node `crate`; a path to one of
//! its items (`crate::lint`, `crate::LintReport`) is an edge to it. Module
//! declarations are structure, not dependencies. Comments are skipped, and so
//! is every `#[cfg(test)]` item (inline or a `mod tests;` file): tests may
//! reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module name → the modules it refers to.
type Graph = BTreeMap<String, BTreeSet<String>>;

const ROOT: &str = "crate";

/// One source file: its path relative to `src/` (with `/`) and its text.
struct SourceText {
    path: String,
    text: String,
}

fn read_sources(dir: &Path, base: &Path, out: &mut Vec<SourceText>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            read_sources(&path, base, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let relative = path.strip_prefix(base).expect("under src").to_string_lossy().replace('\\', "/");
            out.push(SourceText { path: relative, text: std::fs::read_to_string(&path).expect("read file") });
        }
    }
}

/// The top-level module a file belongs to (`crate` for `lib.rs`).
fn top_level_module(path: &str) -> String {
    if path == "lib.rs" {
        return ROOT.to_string();
    }
    let first = path.split('/').next().unwrap_or(path);
    first.strip_suffix(".rs").unwrap_or(first).to_string()
}

/// How deep the file's module is: `x.rs` and `x/mod.rs` are 1, `x/y.rs` 2.
fn module_depth(path: &str) -> usize {
    let parts = path.split('/').count();
    if path.ends_with("/mod.rs") {
        parts - 1
    } else {
        parts
    }
}

/// The directory a file's child modules live in (`x.rs` → `x/`).
fn child_dir(path: &str) -> String {
    match path.strip_suffix("mod.rs") {
        Some(dir) => dir.to_string(),
        None if path == "lib.rs" => String::new(),
        None => format!("{}/", path.strip_suffix(".rs").unwrap_or(path)),
    }
}

/// The code of `text` without comments and `#[cfg(test)]` items, and the
/// files (relative to `src/`) of `#[cfg(test)] mod name;` declarations.
fn strip_tests_and_comments(path: &str, text: &str) -> (String, Vec<String>) {
    let mut code = String::new();
    let mut test_files = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed == "#[cfg(test)]" {
            // Skip the next item: up to its `;` or its closing brace.
            let mut depth = 0usize;
            let mut opened = false;
            for item_line in lines.by_ref() {
                let item = without_comment(item_line);
                if !opened {
                    if let Some(name) =
                        item.trim().strip_prefix("mod ").or_else(|| item.trim().strip_prefix("pub mod "))
                    {
                        if let Some(name) = name.strip_suffix(';') {
                            let dir = child_dir(path);
                            test_files.push(format!("{dir}{name}.rs"));
                            test_files.push(format!("{dir}{name}/mod.rs"));
                        }
                    }
                }
                for c in item.chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                }
                if (opened && depth == 0) || (!opened && item.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        code.push_str(without_comment(line));
        code.push('\n');
    }
    (code, test_files)
}

/// `line` up to a `//` comment (one at the start, or after a blank, so that
/// `https://` in a string survives).
fn without_comment(line: &str) -> &str {
    if line.trim_start().starts_with("//") {
        return "";
    }
    match line.find(" //") {
        Some(at) => &line[..at],
        None => line,
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Every identifier that directly follows `prefix` in `code` (not inside a
/// longer identifier), with `{a, b::c}` groups expanded to `a`, `b`.
fn names_after<'a>(code: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find(prefix) {
        let start = from + found;
        from = start + prefix.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| is_ident_char(c) || c == ':') {
            continue;
        }
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = item.trim().split("::").next().unwrap_or("").trim();
                let name = name.split_whitespace().next().unwrap_or("");
                if !name.is_empty() {
                    names.push(name);
                }
            }
        } else {
            let end = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
            if end > 0 {
                names.push(&rest[..end]);
            }
        }
    }
    names
}

/// The module graph of the files in `sources`.
fn module_graph(sources: &[SourceText]) -> Graph {
    let modules: BTreeSet<String> = sources.iter().map(|s| top_level_module(&s.path)).filter(|m| m != ROOT).collect();
    let mut stripped = Vec::new();
    let mut test_files = BTreeSet::new();
    for source in sources {
        let (code, tests) = strip_tests_and_comments(&source.path, &source.text);
        test_files.extend(tests);
        stripped.push((source.path.as_str(), code));
    }
    let target_of = |name: &str| if modules.contains(name) { name.to_string() } else { ROOT.to_string() };
    let mut graph = Graph::new();
    for (path, code) in &stripped {
        if test_files.contains(*path) {
            continue;
        }
        let from = top_level_module(path);
        let edges = graph.entry(from.clone()).or_default();
        for name in names_after(code, "crate::") {
            edges.insert(target_of(name));
        }
        // `super::` climbs out of the top-level module when it is written
        // as many times as the file is deep.
        let depth = module_depth(path);
        if from != ROOT {
            let climb = "super::".repeat(depth);
            for name in names_after(code, &climb) {
                if name != "super" {
                    edges.insert(target_of(name));
                }
            }
        } else {
            for line in code.lines() {
                let line = line.trim_start().trim_start_matches("pub ").trim_start_matches("pub(crate) ");
                if let Some(rest) = line.strip_prefix("use ") {
                    let name = rest.split("::").next().unwrap_or("");
                    if modules.contains(name) {
                        edges.insert(name.to_string());
                    }
                }
            }
        }
        edges.remove(&from);
    }
    graph
}

/// A cycle in `graph` as `a → b → … → a`, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Unseen,
        OnPath,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        state: &mut BTreeMap<String, State>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), State::OnPath);
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next).copied().unwrap_or(State::Unseen) {
                State::OnPath => {
                    let start = path.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                State::Unseen => {
                    if let Some(cycle) = visit(next, graph, state, path) {
                        return Some(cycle);
                    }
                }
                State::Done => {}
            }
        }
        path.pop();
        state.insert(node.to_string(), State::Done);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node).copied().unwrap_or(State::Unseen) == State::Unseen {
            if let Some(cycle) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

fn describe(graph: &Graph) -> String {
    graph
        .iter()
        .map(|(module, deps)| format!("{module} -> {}", deps.iter().cloned().collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_core_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    read_sources(&src, &src, &mut sources);
    assert!(sources.len() > 50, "read only {} files", sources.len());
    let graph = module_graph(&sources);
    // The graph must see the edges it exists for, or it checks nothing.
    for (from, to) in [("rules", "diagnostic"), ("explain", "analysis"), ("render", "explain"), ("render", ROOT)] {
        assert!(graph.get(from).is_some_and(|deps| deps.contains(to)), "no edge {from} -> {to}:\n{}", describe(&graph));
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}\n\nthe graph:\n{}", cycle.join(" -> "), describe(&graph));
    }
}

fn source(path: &str, text: &str) -> SourceText {
    SourceText { path: path.to_string(), text: text.to_string() }
}

#[test]
fn a_cycle_through_use_groups_super_and_the_root_is_found() {
    let sources = [
        source("lib.rs", "pub mod a;\npub mod b;\npub use a::Thing;\n"),
        source("a.rs", "use crate::{b::Other, source};\npub struct Thing;\n"),
        source("b/mod.rs", "pub mod inner;\n"),
        // `super::super::` from `b/inner.rs` is the root, which uses `a`.
        source("b/inner.rs", "fn f() { let _ = super::super::Thing; }\n"),
        source("source.rs", ""),
    ];
    let graph = module_graph(&sources);
    let cycle = find_cycle(&graph).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    for module in ["a", "b", ROOT] {
        assert!(cycle.iter().any(|m| m == module), "{cycle:?} lacks {module}");
    }
}

#[test]
fn comments_and_test_items_are_not_edges() {
    let sources = [
        source("a.rs", "//! See [`crate::b`].\nfn f() {} // crate::b\n#[cfg(test)]\nmod tests {\n    use crate::b;\n}\n#[cfg(test)]\nmod more;\n"),
        source("a/more.rs", "use crate::b;\n"),
        source("b.rs", "use crate::a;\n"),
    ];
    let graph = module_graph(&sources);
    assert_eq!(find_cycle(&graph), None, "{}", describe(&graph));
    assert!(graph["b"].contains("a"));
}
