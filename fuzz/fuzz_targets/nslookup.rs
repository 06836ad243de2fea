//! nslookup with arbitrary names: any query and any `from` pod, against a
//! fixed explanation, must resolve without a panic and send a bounded
//! number of queries.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use ordinal_core::explain::{explain, nslookup, Explanation};
use ordinal_core::Options;
use ordinal_core::SourceFile;

const MANIFEST: &str = "\
apiVersion: v1
kind: Service
metadata: {name: nginx, namespace: default}
spec:
  clusterIP: None
  selector: {app: web}
  ports: [{name: http, port: 80}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: default}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: nginx, ports: [{name: http, containerPort: 80}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: prod}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: prod}
spec:
  serviceName: db
  replicas: 2
  ordinals: {start: 5}
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {hostname: ignored, containers: [{name: pg, image: postgres}]}
";

fn explanation() -> &'static Explanation {
    static EXPLANATION: OnceLock<Explanation> = OnceLock::new();
    EXPLANATION.get_or_init(|| explain(&[SourceFile::new("fuzz.yaml", MANIFEST)], &Options::default()))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // `query\nfrom`: both arbitrary.
    let (query, from) = text.split_once('\n').unwrap_or((&text, "web-0"));
    let result = nslookup(explanation(), query, from);
    assert!(result.tried.len() <= 16, "{} attempts for {query:?}", result.tried.len());
});
