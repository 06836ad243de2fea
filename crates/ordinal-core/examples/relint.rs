//! What a keystroke costs: repeated timings of the core's re-lint paths, for
//! `cargo xtask bench` (issue 13's latency targets, 5 ms each).
//!
//! - `playground`: `lint` of one 300-line manifest, as the playground does
//!   on every edit;
//! - `editor`: one changed 300-line file in a 200-file workspace, as
//!   `ordinal lsp` does it: `analyze_file` and `check_local` for the changed
//!   file, then `check_linked` over the kept analyses with every file's
//!   kept local findings (copied, as the server copies them). The same
//!   re-lint through `check_borrowed` (every rule over every file again, the
//!   path before the split) is timed beside it.
//!
//! usage: relint [RUNS]   prints one JSON object (medians and p90s in ms)

use std::hint::black_box;
use std::time::Instant;

use ordinal_core::{
    analyze_file, check_borrowed, check_linked, check_local, lint, Diagnostic, FileAnalysis, Options, SourceFile,
};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A realistic manifest of about 300 lines (a governing Service, a PDB and
/// a StatefulSet with a full pod template, repeated), the same text as the
/// WASM timing in `xtask/src/bench/wasm.rs`; `prefix` keeps the names of
/// the workspace's files apart, so that they link as separate apps.
fn three_hundred_lines(prefix: &str) -> String {
    let mut text = String::new();
    let mut app = 0;
    while text.lines().count() < 290 {
        let name = format!("{prefix}db{app}");
        text.push_str(&format!(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: {name}-hs\n  labels:\n    app: {name}\nspec:\n  clusterIP: None\n  \
             ports:\n  - port: 5432\n    name: peer\n  selector:\n    app: {name}\n---\n\
             apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: {name}\nspec:\n  maxUnavailable: 1\n  \
             selector:\n    matchLabels:\n      app: {name}\n---\n\
             apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {name}\nspec:\n  serviceName: {name}-hs\n  replicas: 3\n  \
             podManagementPolicy: OrderedReady\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      \
             labels:\n        app: {name}\n    spec:\n      terminationGracePeriodSeconds: 30\n      containers:\n      - name: db\n        \
             image: postgres:17\n        ports:\n        - containerPort: 5432\n          name: peer\n        env:\n        \
             - name: PGDATA\n          value: /data/pgdata\n        readinessProbe:\n          tcpSocket:\n            port: 5432\n        \
             resources:\n          requests:\n            cpu: 500m\n            memory: 1Gi\n        volumeMounts:\n        \
             - name: data\n          mountPath: /data\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      \
             accessModes: [ReadWriteOnce]\n      resources:\n        requests:\n          storage: 10Gi\n---\n"
        ));
        app += 1;
    }
    text
}

/// Median and 90th percentile, in milliseconds, of `runs` timed calls after
/// a tenth as many untimed ones.
fn time(runs: usize, mut call: impl FnMut()) -> (f64, f64) {
    for _ in 0..runs.div_ceil(10) {
        call();
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            call();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 9 / 10])
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(200).max(1);
    let options = Options::default();

    let manifest = three_hundred_lines("");
    let lines = manifest.lines().count();
    let playground = [SourceFile::new("manifest.yaml", manifest.as_str())];
    let (playground_ms, playground_p90) = time(runs, || {
        black_box(lint(black_box(&playground), &options));
    });

    const FILES: usize = 200;
    let mut files: Vec<SourceFile> =
        (0..FILES).map(|i| SourceFile::new(format!("f{i}.yaml"), three_hundred_lines(&format!("f{i}-")))).collect();
    let mut kept: Vec<FileAnalysis> =
        files.iter().enumerate().map(|(id, file)| analyze_file(id, file, &options)).collect();
    let changed = FILES / 2;
    // The edit: one replica more in the changed file.
    files[changed] =
        SourceFile::new(files[changed].name.clone(), files[changed].text.replace("replicas: 3", "replicas: 4"));
    let (full_check_ms, _) = time(runs, || {
        kept[changed] = analyze_file(changed, &files[changed], &options);
        let analyses: Vec<&FileAnalysis> = kept.iter().collect();
        black_box(check_borrowed(&files, &analyses, &options));
    });
    let mut local: Vec<Vec<Diagnostic>> = files
        .iter()
        .zip(&kept)
        .enumerate()
        .map(|(id, (file, analysis))| check_local(id, file, analysis, &options))
        .collect();
    let (editor_ms, editor_p90) = time(runs, || {
        kept[changed] = analyze_file(changed, &files[changed], &options);
        local[changed] = check_local(changed, &files[changed], &kept[changed], &options);
        let analyses: Vec<&FileAnalysis> = kept.iter().collect();
        black_box(check_linked(&files, &analyses, local.iter().flatten().cloned().collect(), &options));
    });
    let workspace_lines: usize = files.iter().map(|file| file.text.lines().count()).sum();
    println!(
        "{{\"manifest_lines\": {lines}, \"runs\": {runs}, \
         \"playground_relint_ms\": {playground_ms:.3}, \"playground_relint_p90_ms\": {playground_p90:.3}, \
         \"workspace_files\": {FILES}, \"workspace_lines\": {workspace_lines}, \
         \"editor_relint_ms\": {editor_ms:.3}, \"editor_relint_p90_ms\": {editor_p90:.3}, \
         \"editor_relint_full_check_ms\": {full_check_ms:.3}}}"
    );
}
