// Generated from the Rust wire structs by `UPDATE_TS=1 cargo test -p ordinal-wasm typescript`
// (crates/ordinal-wasm/src/typescript.rs); do not edit. These are the JSON shapes of
// `ordinal lint|explain|nslookup --format json`, plus what the WASM bindings add.

export type LintReport = { 
/**
 * Findings in report order.
 */
diagnostics: Array<Diagnostic>, 
/**
 * Counts.
 */
summary: Summary, };

export type Diagnostic = { 
/**
 * Rule id.
 */
rule: string, 
/**
 * `error`, `warning` or `info`.
 */
severity: "error" | "warning" | "info", 
/**
 * What is wrong.
 */
message: string, 
/**
 * What to do.
 */
help: string, 
/**
 * File name as given to the linter.
 */
file: string, 
/**
 * The resource, when known.
 */
resource: ResourceRef | null, 
/**
 * The template the document was rendered from (its `# Source:`
 * comment), or null.
 */
source: string | null, 
/**
 * A safe fix, when one exists.
 */
fix: Fix | null, 
/**
 * Secondary locations (only with [`LintJsonOptions::labels`]).
 */
labels?: Array<Label>, 
/**
 * First line.
 */
line: number, 
/**
 * First column (characters).
 */
column: number, 
/**
 * Last line.
 */
end_line: number, 
/**
 * Column just after the last character.
 */
end_column: number, 
/**
 * Byte offset of the start (only with [`LintJsonOptions::byte_offsets`]).
 */
start?: number, 
/**
 * Byte offset of the end (only with [`LintJsonOptions::byte_offsets`]).
 */
end?: number, 
/**
 * UTF-16 offset of the start (only with [`LintJsonOptions::utf16_offsets`]).
 */
start_utf16?: number, 
/**
 * UTF-16 offset of the end (only with [`LintJsonOptions::utf16_offsets`]).
 */
end_utf16?: number, };

export type Range = { 
/**
 * First line.
 */
line: number, 
/**
 * First column (characters).
 */
column: number, 
/**
 * Last line.
 */
end_line: number, 
/**
 * Column just after the last character.
 */
end_column: number, 
/**
 * Byte offset of the start (only with [`LintJsonOptions::byte_offsets`]).
 */
start?: number, 
/**
 * Byte offset of the end (only with [`LintJsonOptions::byte_offsets`]).
 */
end?: number, 
/**
 * UTF-16 offset of the start (only with [`LintJsonOptions::utf16_offsets`]).
 */
start_utf16?: number, 
/**
 * UTF-16 offset of the end (only with [`LintJsonOptions::utf16_offsets`]).
 */
end_utf16?: number, };

export type ResourceRef = { 
/**
 * `kind`.
 */
kind: string, 
/**
 * Effective namespace.
 */
namespace: string, 
/**
 * `metadata.name`, or null.
 */
name: string | null, };

export type Fix = { 
/**
 * What it does.
 */
message: string, 
/**
 * Text edits in the diagnostic's file.
 */
edits: Array<Edit>, 
/**
 * `safe` (applied by `ordinal lint --fix`) or `unsafe` (only with
 * `--unsafe-fixes`).
 */
applicability: "safe" | "unsafe", };

export type Edit = { 
/**
 * The new text.
 */
replacement: string, 
/**
 * First line.
 */
line: number, 
/**
 * First column (characters).
 */
column: number, 
/**
 * Last line.
 */
end_line: number, 
/**
 * Column just after the last character.
 */
end_column: number, 
/**
 * Byte offset of the start (only with [`LintJsonOptions::byte_offsets`]).
 */
start?: number, 
/**
 * Byte offset of the end (only with [`LintJsonOptions::byte_offsets`]).
 */
end?: number, 
/**
 * UTF-16 offset of the start (only with [`LintJsonOptions::utf16_offsets`]).
 */
start_utf16?: number, 
/**
 * UTF-16 offset of the end (only with [`LintJsonOptions::utf16_offsets`]).
 */
end_utf16?: number, };

export type Label = { 
/**
 * File name.
 */
file: string, 
/**
 * What is there.
 */
message: string, 
/**
 * First line.
 */
line: number, 
/**
 * First column (characters).
 */
column: number, 
/**
 * Last line.
 */
end_line: number, 
/**
 * Column just after the last character.
 */
end_column: number, 
/**
 * Byte offset of the start (only with [`LintJsonOptions::byte_offsets`]).
 */
start?: number, 
/**
 * Byte offset of the end (only with [`LintJsonOptions::byte_offsets`]).
 */
end?: number, 
/**
 * UTF-16 offset of the start (only with [`LintJsonOptions::utf16_offsets`]).
 */
start_utf16?: number, 
/**
 * UTF-16 offset of the end (only with [`LintJsonOptions::utf16_offsets`]).
 */
end_utf16?: number, };

export type Summary = { 
/**
 * Files read.
 */
files: number, 
/**
 * Resources found.
 */
resources: number, 
/**
 * Findings at error severity.
 */
errors: number, 
/**
 * Findings at warning severity.
 */
warnings: number, 
/**
 * Findings at info severity.
 */
infos: number, };

export type Explanation = { 
/**
 * Every DNS record once all pods are Running and Ready.
 */
dns: Array<DnsRecord>, 
/**
 * One sentence per run budget that left something out; only when one did.
 */
notes?: Array<string>, 
/**
 * Every StatefulSet, in input order.
 */
statefulsets: Array<StatefulSetExplanation>, };

export type StatefulSetExplanation = { 
/**
 * How many of `replicas` the pods and plans list, only when a budget cut them.
 */
listed_pods?: number, 
/**
 * `metadata.name`.
 */
name: string, 
/**
 * Effective namespace.
 */
namespace: string, 
/**
 * `OrderedReady` or `Parallel`.
 */
pod_management_policy: "OrderedReady" | "Parallel", 
/**
 * The pods, in ordinal order.
 */
pods: Array<Pod>, 
/**
 * Replicas explained (the manifest's, or the what-if value).
 */
replicas: number, 
/**
 * Waves of pod names of the rolling update: each inner list goes together.
 */
rolling_update: Array<Array<string>>, 
/**
 * Waves of pod names of the scale to the requested size (only when a
 * scale target was given).
 */
scale?: Array<Array<string>>, 
/**
 * Waves of pod names of a scale-down to zero.
 */
scale_down: Array<Array<string>>, 
/**
 * The governing Service.
 */
service: GoverningService, 
/**
 * Waves of pod names of the startup from nothing.
 */
startup: Array<Array<string>>, 
/**
 * The pods at each moment of each plan.
 */
step_states: StepStates, };

export type GoverningService = { 
/**
 * Whether a Service of that name exists in the namespace.
 */
found: boolean, 
/**
 * Whether it is headless (`clusterIP: None`).
 */
headless: boolean, 
/**
 * `spec.serviceName`, or null when unset.
 */
name: string | null, };

export type Pod = { 
/**
 * The pod's DNS name, or null when no headless governing Service gives it one.
 */
fqdn: string | null, 
/**
 * `hostname` (the pod name).
 */
hostname: string, 
/**
 * Pod name.
 */
name: string, 
/**
 * Ordinal.
 */
ordinal: number, 
/**
 * The PersistentVolumeClaims it mounts, one per volume claim template.
 */
pvcs: Array<string>, };

export type StepStates = { 
/**
 * The rolling update (every pod at the current revision when `OnDelete`).
 */
rolling_update: Array<Array<PodRun>>, 
/**
 * The scale to the requested size, only when a scale target was given.
 */
scale?: Array<Array<PodRun>>, 
/**
 * The scale-down to zero.
 */
scale_down: Array<Array<PodRun>>, 
/**
 * The startup from nothing.
 */
startup: Array<Array<PodRun>>, };

export type PodRun = { 
/**
 * For pods a scale-down removed and that have claims: `kept` or
 * `deleted`, per `persistentVolumeClaimRetentionPolicy.whenScaled`.
 */
claims?: "kept" | "deleted", 
/**
 * How many pods.
 */
count: number, 
/**
 * The first pod's name.
 */
first: string, 
/**
 * In the update plan: true for pods the partition keeps at the current revision.
 */
kept_by_partition?: boolean, 
/**
 * The last pod's name.
 */
last: string, 
/**
 * Whether their per-pod DNS names resolve.
 */
resolves: boolean, 
/**
 * In the update plan: `current` or `updated`.
 */
revision?: "current" | "updated", 
/**
 * `absent`, `pending` (created, not yet Ready) or `ready`.
 */
state: "absent" | "pending" | "ready", };

export type DnsRecord = { 
/**
 * Fully qualified name, without the trailing dot.
 */
name: string, 
/**
 * `A`, `SRV` or `CNAME`.
 */
type: string, 
/**
 * Addresses, SRV `<port> <target>` or the CNAME target.
 */
values: Array<string>, };

export type Nslookup = { 
/**
 * The record that answered, or null.
 */
answer: DnsRecord | null, 
/**
 * The pod it was asked from, as given.
 */
from: string, 
/**
 * The name as asked.
 */
query: string, 
/**
 * Why this answer (or none).
 */
reason: string, 
/**
 * The names the resolver sends, in order (names after the answer are
 * not sent and not listed).
 */
tried: Array<string>, };

export type ExplainOutput = { 
/**
 * `ordinal explain --format json`.
 */
json: Explanation, 
/**
 * The SVG timeline of `ordinal explain --format svg`, after
 * [`svg_policy::sanitize`].
 */
svg: string, 
/**
 * How many steps the plan the SVG follows has (the largest over the
 * StatefulSets drawn): [`Options::step`] goes from 0 to it.
 */
steps: number, 
/**
 * With [`Options::step`]: the DNS records that exist at that step
 * (`ordinal_core::explain::records_at`), for the page's DNS table.
 */
dns_at_step?: Array<DnsRecord>, 
/**
 * What `ordinal explain` prints, only when [`Options::text`] asks for it.
 */
text?: string, };

export type NslookupResult = { 
/**
 * What `ordinal nslookup` prints in text format.
 */
text: string, 
/**
 * The record that answered, or null.
 */
answer: DnsRecord | null, 
/**
 * The pod it was asked from, as given.
 */
from: string, 
/**
 * The name as asked.
 */
query: string, 
/**
 * Why this answer (or none).
 */
reason: string, 
/**
 * The names the resolver sends, in order (names after the answer are
 * not sent and not listed).
 */
tried: Array<string>, };

export type Rule = { 
/**
 * The rule's documentation, in Markdown.
 */
docs: string, 
/**
 * Rule id.
 */
id: string, 
/**
 * Default severity.
 */
severity: "error" | "warning" | "info", 
/**
 * One line.
 */
summary: string, };
