//! Compare mode: the old version in its own textarea, the editor's text as
//! the new one, and the findings and rollout of `ordinal diff`.

use anyhow::{ensure, Result};

use crate::{Ctx, WAIT};

const OLD: &str = "apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  persistentVolumeClaimRetentionPolicy:
    whenScaled: Delete
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1
  volumeClaimTemplates:
  - metadata: {name: data}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
";

pub fn compare_shows_deleted_claims_and_the_rollout(ctx: &mut Ctx) -> Result<()> {
    ctx.open()?;
    ctx.session.find("[data-testid=compare-empty]")?;
    ctx.paste(OLD)?;
    ctx.settle()?;
    ctx.session.click(&ctx.session.find("[data-testid=compare-take]")?)?;
    ctx.session.wait_for(
        "nothing changed yet",
        WAIT,
        "const s = document.querySelector('[data-testid=compare-summary]'); return s && s.textContent.includes('0 changed') ? s.textContent : null",
        &[],
    )?;
    ctx.paste(&OLD.replace("replicas: 3", "replicas: 1").replace("nginx:1", "nginx:2"))?;
    let finding = ctx.session.wait_for(
        "the deleted claims",
        WAIT,
        "const f = document.querySelector('[data-testid=compare-findings] [data-rule=scale-down-deletes-claims]'); return f ? f.textContent : null",
        &[],
    )?;
    let finding = finding.as_str().unwrap_or_default();
    ensure!(finding.contains("data-web-2") && finding.contains("data-web-1"), "the claims are not named: {finding}");
    let rollout = ctx.session.js("return document.querySelector('[data-testid=compare-rollout]').textContent", &[])?;
    let rollout = rollout.as_str().unwrap_or_default();
    ensure!(
        rollout.contains("delete web-2") && rollout.contains("delete web-1") && rollout.contains("update web-0"),
        "the rollout is not the controller's: {rollout}"
    );
    ctx.no_fatal()?;
    ctx.shot("11-compare")
}
