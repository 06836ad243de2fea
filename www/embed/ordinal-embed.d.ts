// TypeScript declarations of the Ordinal docs embed (`ordinal-embed.js`).
// Every function loads the WASM module on first use (once per page) and
// returns the JSON shape of the matching CLI command with `--format json`;
// it rejects with an `Error` (its message says why) on invalid options or
// when Ordinal itself fails.

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
  /** explain/renderSvg: draw the SVG at this step of the plan shown (0: before it; absent: when it is done). */
  step?: number;
}

export type Severity = "error" | "warning" | "info";

// The result shapes are generated from the Rust wire structs (ordinal-types.d.ts,
// checked current by `cargo test -p ordinal-wasm typescript`).
import type {
  LintReport,
  Diagnostic,
  Range,
  ResourceRef,
  Fix,
  Edit,
  Label,
  Summary,
  Explanation,
  StatefulSetExplanation,
  GoverningService,
  Pod,
  DnsRecord,
  Nslookup,
  NslookupResult,
} from "./ordinal-types";
export type {
  LintReport,
  Diagnostic,
  Range,
  ResourceRef,
  Fix,
  Edit,
  Label,
  Summary,
  Explanation,
  StatefulSetExplanation,
  GoverningService,
  Pod,
  DnsRecord,
  Nslookup,
  NslookupResult,
};

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
