//! Criterion micro-benchmarks of each pipeline stage on one typical file
//! (tests/fixtures/bench/typical.yaml: a Service, a headless Service, a PDB
//! and a StatefulSet), so that a slowdown in one stage shows up in review.
//!
//! `cargo bench -p ordinal-core --bench core`; the whole-corpus comparison
//! with peers is `cargo xtask bench`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use ordinal_core::explain::explain;
use ordinal_core::model::Resource;
use ordinal_core::parse::parse_yaml;
use ordinal_core::render::svg;
use ordinal_core::topology::Topology;
use ordinal_core::{analyze_file, check, lint, Options, SourceFile};

const TYPICAL: &str = include_str!("../../../tests/fixtures/bench/typical.yaml");

fn stages(c: &mut Criterion) {
    let options = Options::default();
    let files = [SourceFile::new("typical.yaml", TYPICAL)];
    let analysis = analyze_file(0, &files[0], &options);
    let resources: Vec<Resource> = analysis.resources.clone();
    let explain_options = Options::default();
    let explanation = explain(&files, &explain_options);

    let mut group = c.benchmark_group("typical");
    group.throughput(Throughput::Bytes(TYPICAL.len() as u64));
    group.bench_function("parse", |b| b.iter(|| parse_yaml(black_box(TYPICAL), options.limits)));
    group
        .bench_function("analyze_file (parse + model)", |b| b.iter(|| analyze_file(0, black_box(&files[0]), &options)));
    let resource_refs: Vec<&Resource> = resources.iter().collect();
    group.bench_function("topology", |b| b.iter(|| Topology::build(black_box(&resource_refs))));
    group.bench_function("rules (check)", |b| {
        b.iter_batched(|| vec![analysis.clone()], |analyses| check(&files, analyses, &options), BatchSize::SmallInput)
    });
    group.bench_function("lint (end to end)", |b| b.iter(|| lint(black_box(&files), &options)));
    group.bench_function("explain", |b| b.iter(|| explain(black_box(&files), &explain_options)));
    group.bench_function("svg", |b| b.iter(|| svg::render(black_box(&explanation))));
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
