//! YAML → explain model: any bytes must explain without a panic, within the
//! pod caps and DNS budget, with DNS names inside RFC 1035 limits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_core::explain::{explain, is_valid_dns_name, MAX_DNS_VALUES, MAX_PODS, MAX_TOTAL_PODS};
use ordinal_core::Options;
use ordinal_core::SourceFile;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the options, the rest is the manifest.
    let (flags, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let options = Options {
        namespace: if flags & 1 == 0 { "default".into() } else { "Prod_NS".into() },
        cluster_domain: if flags & 2 == 0 { "cluster.local".into() } else { ".Corp.Example.".into() },
        scale_to: (flags & 4 != 0).then_some(i32::from(flags >> 3) - 8),
        update: flags & 128 != 0,
        ..Options::default()
    };
    let file = SourceFile::new("fuzz.yaml", String::from_utf8_lossy(rest));
    let explanation = explain(std::slice::from_ref(&file), &options);
    for sts in &explanation.statefulsets {
        assert!(sts.pods.len() as i64 <= MAX_PODS, "{} pods", sts.pods.len());
    }
    let pods: usize = explanation.statefulsets.iter().map(|sts| sts.pods.len()).sum();
    assert!(pods <= MAX_TOTAL_PODS, "{pods} pods in all");
    let values: usize = explanation.dns.iter().map(|record| record.values.len()).sum();
    assert!(values <= MAX_DNS_VALUES, "{values} DNS values");
    for record in &explanation.dns {
        if is_valid_dns_name(&record.name) {
            assert!(record.name.len() <= 253);
        }
    }
});
