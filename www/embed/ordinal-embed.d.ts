// TypeScript declarations of the Ordinal docs embed (`ordinal-embed.js`).
// Every function loads the WASM module on first use (once per page) and
// returns the JSON shape of the matching CLI command with `--format json`.

/** Options of every call; every key is optional. */
export interface Options {
  /** Namespace of resources that set none (default `default`). */
  namespace?: string;
  /** The cluster's DNS domain (default `cluster.local`). */
  clusterDomain?: string;
  /** explain: as if every StatefulSet's `spec.replicas` were this many. */
  replicas?: number;
  /** explain: also plan a scale to this many pods. */
  scaleTo?: number;
  /** explain: include the rolling update plan. */
  update?: boolean;
  /** Rule id to `off`, `error`, `warning` or `info`; an unknown id rejects. */
  rules?: Record<string, "off" | "error" | "warning" | "info">;
  /** The file name diagnostics carry (default `manifest.yaml`). */
  file?: string;
}

export type Severity = "error" | "warning" | "info";

/** A range: 1-based lines, columns in characters, end exclusive. */
export interface Range {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  /** Byte offsets in the UTF-8 text (embed and playground only). */
  start: number;
  end: number;
  /** JavaScript string indices (embed and playground only). */
  start_utf16: number;
  end_utf16: number;
}

export interface ResourceRef {
  kind: string;
  namespace: string;
  name: string | null;
}

export interface Edit extends Range {
  replacement: string;
}

export interface Fix {
  message: string;
  edits: Edit[];
}

export interface Label extends Range {
  file: string;
  message: string;
}

export interface Diagnostic extends Range {
  rule: string;
  severity: Severity;
  message: string;
  help: string;
  file: string;
  resource: ResourceRef | null;
  fix: Fix | null;
  labels: Label[];
}

export interface Summary {
  files: number;
  resources: number;
  errors: number;
  warnings: number;
  infos: number;
}

/** `ordinal lint --format json`, plus the offsets and labels above. */
export interface LintReport {
  diagnostics: Diagnostic[];
  summary: Summary;
}

export interface Pod {
  ordinal: number;
  name: string;
  hostname: string;
  /** The pod's DNS name, or null when no headless governing Service gives it one. */
  fqdn: string | null;
  pvcs: string[];
}

export interface StatefulSetExplanation {
  name: string;
  namespace: string;
  replicas: number;
  pod_management_policy: "OrderedReady" | "Parallel";
  service: { name: string | null; headless: boolean; found: boolean };
  pods: Pod[];
  /** Waves of pod names: each inner list starts together. */
  startup: string[][];
  scale_down: string[][];
  rolling_update: string[][];
  /** Only when `scaleTo` was given. */
  scale?: string[][];
}

export interface DnsRecord {
  name: string;
  type: string;
  values: string[];
}

/** `ordinal explain --format json`. */
export interface Explanation {
  statefulsets: StatefulSetExplanation[];
  dns: DnsRecord[];
}

/** `ordinal nslookup NAME --from POD --format json`, plus `text`. */
export interface NslookupResult {
  query: string;
  from: string;
  /** The names the resolver sends, in order. */
  tried: string[];
  answer: DnsRecord | null;
  /** Why this answer (or none). */
  reason: string;
  /** What `ordinal nslookup` prints in text format. */
  text: string;
}

/** The embed's version. */
export const version: string;

/** Load the WASM module now (it otherwise loads on first use); once per page. */
export function load(): Promise<unknown>;

/** Lint a manifest (any number of YAML documents). Rejects on invalid options. */
export function lint(yaml: string, options?: Options): Promise<LintReport>;

/** Pods, start order and DNS names of every StatefulSet in the manifest. */
export function explain(yaml: string, options?: Options): Promise<Explanation>;

/** The SVG timeline of `ordinal explain --format svg`, as a string (all text XML-escaped). */
export function renderSvg(yaml: string, options?: Options): Promise<string>;

/** Resolve `name` as a resolver in pod `fromPod` would (search domains included). */
export function nslookup(name: string, fromPod: string, yaml: string, options?: Options): Promise<NslookupResult>;

/**
 * Add an `<ordinal-statefulset>` after each marked YAML code block under `root`
 * (`code.language-yaml[data-ordinal]`, `code.language-yaml.ordinal`, or inside a
 * `[data-ordinal]` wrapper). Runs once on load; call it again for content added later.
 */
export function enhance(root?: ParentNode): OrdinalStatefulSetElement[];

/** `<ordinal-statefulset src? namespace? cluster-domain? view? scheme?>`. */
export interface OrdinalStatefulSetElement extends HTMLElement {
  /** The manifest last rendered (the text content or the fetched `src`). */
  readonly manifest: string | null;
  /** Re-read the colour scheme (the `scheme` attribute, the page's `color-scheme`, `prefers-color-scheme`). */
  updateScheme(): void;
}

export interface OrdinalRenderEventDetail {
  lint: LintReport;
  explain: Explanation;
}

declare global {
  interface HTMLElementTagNameMap {
    "ordinal-statefulset": OrdinalStatefulSetElement;
  }
  interface HTMLElementEventMap {
    "ordinal-render": CustomEvent<OrdinalRenderEventDetail>;
    "ordinal-error": CustomEvent<{ error: unknown }>;
  }
}
