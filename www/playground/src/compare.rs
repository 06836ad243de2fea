//! Compare mode: a second editor (a textarea) for the OLD version of the
//! manifest, and what applying the editor's text over it would do, from
//! `ordinal_wasm::diff` (the same findings and rollout as `ordinal diff`).

use ordinal_wasm::Options;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// What the compare pane needs from the page.
#[derive(Properties, PartialEq)]
pub struct CompareProps {
    /// The editor's text: NEW.
    pub new: AttrValue,
    /// The page's namespace and cluster domain.
    pub namespace: AttrValue,
    /// The page's cluster domain.
    pub cluster_domain: AttrValue,
}

#[function_component(Compare)]
pub fn compare(props: &CompareProps) -> Html {
    let old = use_state(String::new);
    let on_input = {
        let old = old.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<HtmlTextAreaElement>() {
                old.set(area.value());
            }
        })
    };
    let on_take = {
        let old = old.clone();
        let new = props.new.clone();
        Callback::from(move |_| old.set(new.to_string()))
    };
    let options = Options {
        config: ordinal_wasm::Config {
            namespace: Some(props.namespace.to_string()),
            cluster_domain: Some(props.cluster_domain.to_string()),
            ..ordinal_wasm::Config::default()
        },
        ..Options::default()
    };
    let result = (!old.is_empty()).then(|| ordinal_wasm::diff(&old, &props.new, &options));
    let body = match &result {
        None => html! {
            <p class="empty" data-testid="compare-empty">
                { "paste the old version of the manifest here, or take the editor's text as the old version and edit it" }
            </p>
        },
        Some(result) => {
            let report = result.json();
            let changes: Vec<_> = report.changes.iter().filter(|change| change.change != "unchanged").collect();
            html! {
                <>
                <p data-testid="compare-summary">{ format!(
                    "{} changed, {} added, {} removed, {} unchanged: {} error(s), {} warning(s)",
                    report.summary.changed, report.summary.added, report.summary.removed, report.summary.unchanged,
                    report.summary.errors, report.summary.warnings) }</p>
                <ul class="diagnostics" data-testid="compare-findings">
                    { for report.diagnostics.iter().map(|d| html! {
                        <li class={classes!("diagnostic", d.severity)} data-rule={d.rule.to_string()}>
                            <span class="rule">{ format!("{}[{}]", d.severity, d.rule) }</span>
                            { format!(" {}:{} {}", d.file, d.range.line, d.message) }
                            if !d.help.is_empty() { <div class="help">{ format!("help: {}", d.help) }</div> }
                        </li>
                    }) }
                </ul>
                <ul class="changes" data-testid="compare-changes">
                    { for changes.iter().map(|change| html! {
                        <li data-change={change.change}>
                            { format!("{} {}/{}: {}", change.kind, change.namespace, change.name, change.change) }
                            if !change.fields.is_empty() { <div class="fields">{ change.fields.join(", ") }</div> }
                            if let Some(rollout) = &change.rollout {
                                <ol class="rollout" data-testid="compare-rollout">
                                    { for change.rollout_steps.iter().map(|step| html! {
                                        <li>{ format!("{} {}", step.action, step.pods.join(", ")) }</li>
                                    }) }
                                </ol>
                                if rollout.is_empty() && change.rollout_notes.is_empty() { <p>{ "no pod changes" }</p> }
                                { for change.rollout_notes.iter().map(|note| html! { <p class="note">{ note.clone() }</p> }) }
                            }
                        </li>
                    }) }
                </ul>
                </>
            }
        }
    };
    html! {
        <section class="compare-pane" data-testid="compare">
            <h2>{ "Compare with an old version" }</h2>
            <div class="controls">
                <button data-testid="compare-take" onclick={on_take}>{ "use the editor's text as the old version" }</button>
            </div>
            <textarea data-testid="compare-old" rows="8" placeholder="old version (YAML)" value={(*old).clone()} oninput={on_input} />
            { body }
        </section>
    }
}
