//! The picture's one stylesheet. It has no background and draws with
//! `currentColor`, set for light pages and, through `prefers-color-scheme:
//! dark`, for dark ones; a state is told by its outline (solid, dashed,
//! dotted) as well as its colour, so it reads without colour too.

pub(super) const STYLE: &str = r#"<style>
.ordinal-explain { color: #1f2328; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.ordinal-explain text { fill: currentColor; white-space: pre; }
.ordinal-explain .title { font-size: 14px; font-weight: bold; }
.ordinal-explain .heading, .ordinal-explain .step { font-weight: bold; }
.ordinal-explain .muted, .ordinal-explain .label { fill-opacity: 0.72; }
.ordinal-explain .arrow, .ordinal-explain .axis { fill: none; stroke: currentColor; stroke-opacity: 0.6; stroke-width: 1.5; }
.ordinal-explain .box { fill-opacity: 0.12; stroke-width: 1.2; }
.ordinal-explain .create { fill: #1a7f37; stroke: #1a7f37; }
.ordinal-explain .delete { fill: #cf222e; stroke: #cf222e; }
.ordinal-explain .update { fill: #0969da; stroke: #0969da; }
.ordinal-explain .selected { stroke-width: 3; fill-opacity: 0.28; }
.ordinal-explain .svc, .ordinal-explain .pdb { fill: currentColor; fill-opacity: 0.05; stroke: currentColor; stroke-opacity: 0.5; }
.ordinal-explain .pod { fill: currentColor; fill-opacity: 0.04; stroke-width: 2; }
.ordinal-explain .ready { stroke: #1a7f37; }
.ordinal-explain .pending { stroke: #9a6700; stroke-dasharray: 6 3; }
.ordinal-explain .absent { stroke: currentColor; stroke-opacity: 0.4; stroke-dasharray: 2 3; }
.ordinal-explain .rev-updated { fill: #0969da; fill-opacity: 0.22; }
.ordinal-explain .rev-current { fill: #8c959f; fill-opacity: 0.22; }
.ordinal-explain .claim { fill: none; stroke: currentColor; stroke-opacity: 0.5; }
.ordinal-explain .claim-deleted { fill: #cf222e; fill-opacity: 0.2; stroke: #cf222e; stroke-dasharray: 2 2; }
.ordinal-explain .gone { text-decoration: line-through; fill-opacity: 0.6; }
.ordinal-explain .no { fill-opacity: 0.5; }
.ordinal-explain .partition { stroke: #bc4c00; stroke-width: 2; stroke-dasharray: 5 3; }
.ordinal-explain .partition-label { fill: #bc4c00; font-weight: bold; }
@media (prefers-color-scheme: dark) {
  .ordinal-explain { color: #e6edf3; }
  .ordinal-explain .create { fill: #3fb950; stroke: #3fb950; }
  .ordinal-explain .ready { stroke: #3fb950; }
  .ordinal-explain .delete { fill: #f85149; stroke: #f85149; }
  .ordinal-explain .update { fill: #58a6ff; stroke: #58a6ff; }
  .ordinal-explain .pending { stroke: #d29922; }
  .ordinal-explain .rev-updated { fill: #58a6ff; }
  .ordinal-explain .claim-deleted { fill: #f85149; stroke: #f85149; }
  .ordinal-explain .partition { stroke: #f0883e; }
  .ordinal-explain .partition-label { fill: #f0883e; }
}
</style>
"#;
