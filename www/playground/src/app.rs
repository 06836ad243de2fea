//! The yew application. It owns the state (text, settings, the latest
//! analysis) and renders the panes; CodeMirror is driven through the small
//! `OrdinalEditor` bridge (www/editor/bridge.js). Results are read from the
//! typed wire structs `ordinal-wasm` returns (the ones the JSON is serialised
//! from). Every string that comes from the manifest is rendered as a text
//! node, and the explain SVG arrives already escaped by the core and passed
//! through the SVG policy shared with the docs embed
//! (`ordinal_wasm::svg_policy`); it is parsed as SVG (never HTML) before it
//! is inserted.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use ordinal_wasm::render::explain_json::ExplainJson;
use ordinal_wasm::render::lint_json::DiagnosticJson;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::markdown::{self, Block, Inline};
use crate::share::{self, SharedState};
use ordinal_wasm::{Config, Options, DEFAULT_CLUSTER_DOMAIN, DEFAULT_NAMESPACE, EXAMPLES};

/// Quiet time after the last keystroke before re-linting.
const DEBOUNCE_MS: u32 = 60;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = OrdinalEditor, js_name = create)]
    fn editor_create(parent: &web_sys::Element, text: &str, on_change: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = OrdinalEditor, js_name = setText)]
    fn editor_set_text(text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = OrdinalEditor, js_name = setLint)]
    fn editor_set_lint(json: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = OrdinalEditor, js_name = select)]
    fn editor_select(from: f64, to: f64) -> Result<(), JsValue>;
}

/// Show `message` in the page's error box (`#fatal`), outside yew so that it
/// works even after a panic.
fn show_fatal(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(element) = document.get_element_by_id("fatal") {
        element.set_text_content(Some(message));
        let _ = element.remove_attribute("hidden");
    }
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Install the panic hooks and mount the application.
pub fn start() {
    // yew installs its own hook unless given one; this one also shows the error box.
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal(&format!("Ordinal crashed: {info}. Reload the page to continue; your last share link still works."));
    }));
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) else {
        show_fatal("the page has no #app element");
        return;
    };
    yew::Renderer::<App>::with_root(root).render();
}

/// The settings that change what the core reports.
#[derive(Debug, Clone, PartialEq)]
struct Settings {
    namespace: String,
    cluster_domain: String,
    /// Explain as if `spec.replicas` were this many; `None` = the manifest's value.
    replicas: Option<i32>,
    scale_to: Option<i32>,
    update: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            namespace: DEFAULT_NAMESPACE.into(),
            cluster_domain: DEFAULT_CLUSTER_DOMAIN.into(),
            replicas: None,
            scale_to: None,
            update: false,
        }
    }
}

impl Settings {
    fn options(&self) -> Options {
        Options {
            config: Config {
                namespace: Some(self.namespace.clone()),
                cluster_domain: Some(self.cluster_domain.clone()),
                ..Config::default()
            },
            replicas: self.replicas,
            scale_to: self.scale_to,
            update: self.update,
            ..Options::default()
        }
    }
}

/// One diagnostic as the page needs it.
#[derive(Debug, Clone, PartialEq)]
struct Finding {
    rule: String,
    severity: String,
    message: String,
    help: String,
    line: u64,
    column: u64,
    start: u64,
    start_utf16: u64,
    end_utf16: u64,
    fix: Option<String>,
}

impl Finding {
    fn from_wire(diagnostic: &DiagnosticJson<'_>) -> Finding {
        let range = &diagnostic.range;
        Finding {
            rule: diagnostic.rule.to_string(),
            severity: diagnostic.severity.to_string(),
            message: diagnostic.message.to_string(),
            help: diagnostic.help.to_string(),
            line: range.line as u64,
            column: range.column as u64,
            start: range.start.unwrap_or_default() as u64,
            start_utf16: range.start_utf16.unwrap_or_default() as u64,
            end_utf16: range.end_utf16.unwrap_or_default() as u64,
            fix: diagnostic.fix.as_ref().map(|fix| fix.message.to_string()),
        }
    }
}

/// One squiggle, as the editor bridge's `setLint` reads it.
#[derive(Serialize)]
struct EditorMark<'a> {
    from: u64,
    to: u64,
    severity: &'a str,
    rule: &'a str,
    message: String,
}

/// One analysis of the current text.
#[derive(Debug, Clone, PartialEq, Default)]
struct Analysis {
    findings: Vec<Finding>,
    /// JSON for the editor bridge.
    editor_lint: String,
    /// The summary line.
    summary: String,
    /// `ordinal explain --format json`.
    explain: ExplainJson,
    /// The core's SVG.
    svg: String,
    /// The nslookup answer for the current query, as text.
    nslookup: Option<String>,
    /// Steps of the plan the picture follows, and the DNS records at the selected step.
    steps: usize,
    dns: Vec<ordinal_wasm::render::explain_json::DnsRecordJson>,
    /// Time spent in the core, in milliseconds.
    elapsed_ms: f64,
}

struct State {
    text: String,
    settings: Settings,
    analysis: Rc<Analysis>,
    /// Bumped on every analysis; effects key on it.
    generation: u64,
    /// Bumped when the text is replaced from outside the editor.
    text_generation: u64,
    selected_rule: Option<String>,
    query: String,
    from: String,
    share_url: Option<String>,
    /// Why the page's share link did not load (shown until dismissed).
    link_problem: Option<String>,
    /// The step of the plan shown that the picture, DNS table and nslookup follow (`None`: done).
    step: Option<usize>,
}

impl State {
    fn analyse(&mut self) {
        let mut options = self.settings.options();
        options.step = self.step;
        let started = now_ms();
        let linted = ordinal_wasm::lint(&self.text, &options);
        let explained = ordinal_wasm::explain(&self.text, &options);
        // The "from pod" picker lists the pods; keep its choice valid.
        let pods = pod_names(&explained.json);
        if !pods.contains(&self.from) {
            self.from = pods.first().cloned().unwrap_or_default();
        }
        let nslookup = (!self.query.trim().is_empty())
            .then(|| ordinal_wasm::nslookup(&self.text, &options, self.query.trim(), &self.from).text);
        let elapsed_ms = now_ms() - started;
        let dns = explained.json.dns.clone();
        let report = linted.json();
        let findings: Vec<Finding> = report.diagnostics.iter().map(Finding::from_wire).collect();
        let summary = format!(
            "{} resource(s): {} error(s), {} warning(s), {} info",
            report.summary.resources, report.summary.errors, report.summary.warnings, report.summary.infos
        );
        let editor: Vec<EditorMark<'_>> = findings
            .iter()
            .map(|f| EditorMark {
                from: f.start_utf16,
                to: f.end_utf16,
                severity: &f.severity,
                rule: &f.rule,
                message: format!("{} [{}]", f.message, f.rule),
            })
            .collect();
        let editor_lint = serde_json::to_string(&editor).unwrap_or_else(|_| "[]".into());
        self.analysis = Rc::new(Analysis {
            findings,
            editor_lint,
            summary,
            explain: explained.json,
            svg: explained.svg,
            nslookup,
            steps: explained.steps,
            dns: explained.dns_at_step.unwrap_or(dns),
            elapsed_ms,
        });
        self.generation += 1;
    }

    fn pods(&self) -> Vec<String> {
        pod_names(&self.analysis.explain)
    }

    fn shared(&self) -> SharedState {
        SharedState {
            yaml: self.text.clone(),
            namespace: self.settings.namespace.clone(),
            cluster_domain: self.settings.cluster_domain.clone(),
            replicas: self.settings.replicas,
            scale_to: self.settings.scale_to,
            update: self.settings.update,
        }
    }
}

enum Action {
    /// The user edited the text in the editor.
    Edited(String),
    /// Replace the text (example, fix).
    Replace(String),
    Settings(Settings),
    ShowRule(Option<String>),
    Query(String),
    From(String),
    Lookup,
    Share(String),
    DismissLinkProblem,
    Step(Option<usize>),
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = State {
            text: self.text.clone(),
            settings: self.settings.clone(),
            analysis: self.analysis.clone(),
            generation: self.generation,
            text_generation: self.text_generation,
            selected_rule: self.selected_rule.clone(),
            query: self.query.clone(),
            from: self.from.clone(),
            share_url: self.share_url.clone(),
            link_problem: self.link_problem.clone(),
            step: self.step,
        };
        match action {
            Action::Edited(text) => {
                state.text = text;
                state.share_url = None;
                state.analyse();
            }
            Action::Replace(text) => {
                state.text = text;
                state.text_generation += 1;
                state.share_url = None;
                state.analyse();
            }
            Action::Settings(settings) => {
                state.settings = settings;
                state.share_url = None;
                state.analyse();
            }
            Action::ShowRule(rule) => state.selected_rule = rule,
            Action::Query(query) => state.query = query,
            Action::From(from) => state.from = from,
            Action::Lookup => state.analyse(),
            Action::Share(url) => state.share_url = Some(url),
            Action::DismissLinkProblem => state.link_problem = None,
            Action::Step(step) => {
                state.step = step;
                state.analyse();
            }
        }
        Rc::new(state)
    }
}

fn initial_state() -> State {
    let fragment = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let decoded = share::try_decode(&fragment);
    // A fragment that is no share link at all (`#rule-…`, none) is not a
    // problem worth a notice; a damaged or oversized link is.
    let link_problem = match &decoded {
        Err(share::ShareError::NotAShareLink) | Ok(_) => None,
        Err(problem) => {
            Some(format!("This link's manifest was not loaded: {problem}. The first example is shown instead."))
        }
    };
    let (text, settings) = match decoded.ok() {
        Some(shared) => (
            shared.yaml,
            Settings {
                namespace: if shared.namespace.is_empty() { DEFAULT_NAMESPACE.into() } else { shared.namespace },
                cluster_domain: if shared.cluster_domain.is_empty() {
                    DEFAULT_CLUSTER_DOMAIN.into()
                } else {
                    shared.cluster_domain
                },
                replicas: shared.replicas,
                scale_to: shared.scale_to,
                update: shared.update,
            },
        ),
        None => (EXAMPLES.first().map(|e| e.yaml.to_string()).unwrap_or_default(), Settings::default()),
    };
    let mut state = State {
        text,
        settings,
        analysis: Rc::default(),
        generation: 0,
        text_generation: 0,
        selected_rule: None,
        query: String::new(),
        from: String::new(),
        share_url: None,
        link_problem,
        step: None,
    };
    state.analyse();
    state
}

fn input_value(event: &Event) -> String {
    event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}

fn select_value(event: &Event) -> String {
    event.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

/// Parse `svg` (already through `ordinal_wasm::svg_policy`, which gives an
/// empty string for anything it refuses) as SVG, never HTML, and put it into
/// `container`.
fn insert_svg(container: &web_sys::Element, svg: &str) {
    const SVG_NAMESPACE: &str = "http://www.w3.org/2000/svg";
    container.set_text_content(None);
    let root = web_sys::DomParser::new()
        .ok()
        .filter(|_| !svg.is_empty())
        .and_then(|parser| parser.parse_from_string(svg, web_sys::SupportedType::ImageSvgXml).ok())
        .filter(|document| document.get_elements_by_tag_name("parsererror").length() == 0)
        .and_then(|document| document.document_element())
        .filter(|root| root.local_name() == "svg" && root.namespace_uri().as_deref() == Some(SVG_NAMESPACE));
    let Some(root) = root else {
        container.set_text_content(Some("the diagram could not be drawn"));
        return;
    };
    if let Some(owner) = container.owner_document() {
        if let Ok(node) = owner.import_node_with_deep(&root, true) {
            let _ = container.append_child(&node);
        }
    }
}

#[function_component(App)]
fn app() -> Html {
    let state = use_reducer(initial_state);
    let editor_ref = use_node_ref();
    let svg_ref = use_node_ref();
    let pushed_text_generation = use_mut_ref(|| 0u64);
    let editor_ready = use_mut_ref(|| false);

    // Mount CodeMirror once; its edits are debounced into `Edited`.
    {
        let editor_ref = editor_ref.clone();
        let dispatcher = state.dispatcher();
        let text = state.text.clone();
        let editor_ready = editor_ready.clone();
        use_effect_with((), move |_| {
            let timer: Rc<RefCell<Option<Timeout>>> = Rc::default();
            let on_change = Closure::<dyn FnMut(String)>::new(move |text: String| {
                let dispatcher = dispatcher.clone();
                *timer.borrow_mut() =
                    Some(Timeout::new(DEBOUNCE_MS, move || dispatcher.dispatch(Action::Edited(text))));
            });
            if let Some(parent) = editor_ref.cast::<web_sys::Element>() {
                match editor_create(&parent, &text, on_change.as_ref()) {
                    Ok(()) => *editor_ready.borrow_mut() = true,
                    Err(error) => show_fatal(&format!("the editor failed to start: {error:?}")),
                }
            }
            // The editor lives as long as the page.
            on_change.forget();
        });
    }

    // Push text replacements and squiggles to the editor, and the SVG to its pane.
    {
        let analysis = state.analysis.clone();
        let text = state.text.clone();
        let text_generation = state.text_generation;
        let svg_ref = svg_ref.clone();
        use_effect_with(state.generation, move |generation| {
            if *editor_ready.borrow() {
                if *pushed_text_generation.borrow() != text_generation {
                    *pushed_text_generation.borrow_mut() = text_generation;
                    if let Err(error) = editor_set_text(&text) {
                        show_fatal(&format!("the editor failed: {error:?}"));
                    }
                }
                if let Err(error) = editor_set_lint(&analysis.editor_lint) {
                    show_fatal(&format!("the editor failed: {error:?}"));
                }
            }
            if let Some(container) = svg_ref.cast::<web_sys::Element>() {
                insert_svg(&container, &analysis.svg);
            }
            if *generation == 1 {
                if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                    let _ = performance.mark("ordinal-first-diagnostics");
                }
            }
        });
    }

    let analysis = state.analysis.clone();
    let settings = state.settings.clone();
    let rules = use_memo((), |_| ordinal_wasm::rules());

    let on_example = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: Event| {
            let value = select_value(&event);
            if let Some(example) = EXAMPLES.iter().find(|e| e.title == value) {
                dispatcher.dispatch(Action::Replace(example.yaml.to_string()));
            }
        })
    };
    let on_share = {
        let state = state.clone();
        Callback::from(move |_| {
            let Some(window) = web_sys::window() else { return };
            let fragment = share::encode(&state.shared());
            let location = window.location();
            let base = location.href().unwrap_or_default();
            let base = base.split('#').next().unwrap_or_default().to_string();
            let url = format!("{base}#{fragment}");
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
            // Copying is a convenience: the link is shown either way, so a refusal is ignored.
            thread_local! {
                static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::new(|_| {});
            }
            IGNORE.with(|ignore| {
                let _ = window.navigator().clipboard().write_text(&url).catch(ignore);
            });
            state.dispatch(Action::Share(url));
        })
    };
    let setting = |update: fn(&mut Settings, String)| {
        let dispatcher = state.dispatcher();
        let settings = settings.clone();
        Callback::from(move |event: Event| {
            let mut next = settings.clone();
            update(&mut next, input_value(&event));
            dispatcher.dispatch(Action::Settings(next));
        })
    };
    let on_namespace = setting(|s, v| s.namespace = if v.trim().is_empty() { DEFAULT_NAMESPACE.into() } else { v });
    let on_domain =
        setting(|s, v| s.cluster_domain = if v.trim().is_empty() { DEFAULT_CLUSTER_DOMAIN.into() } else { v });
    let on_replicas = setting(|s, v| s.replicas = v.trim().parse().ok().filter(|n: &i32| (0..=1000).contains(n)));
    let on_scale = setting(|s, v| s.scale_to = v.trim().parse().ok().filter(|n: &i32| (0..=1000).contains(n)));
    let on_update = {
        let dispatcher = state.dispatcher();
        let settings = settings.clone();
        Callback::from(move |event: Event| {
            let checked =
                event.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|input| input.checked());
            dispatcher.dispatch(Action::Settings(Settings { update: checked, ..settings.clone() }));
        })
    };
    let on_query = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .map(|i| i.value())
                .unwrap_or_default();
            dispatcher.dispatch(Action::Query(value));
        })
    };
    let on_from = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: Event| {
            dispatcher.dispatch(Action::From(select_value(&event)));
            dispatcher.dispatch(Action::Lookup);
        })
    };
    let on_lookup = {
        let dispatcher = state.dispatcher();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            dispatcher.dispatch(Action::Lookup);
        })
    };

    let on_dismiss_link_problem = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_| dispatcher.dispatch(Action::DismissLinkProblem))
    };

    let diagnostics = analysis.findings.iter().map(|finding| {
        let on_click = {
            let (from, to) = (finding.start_utf16 as f64, finding.end_utf16 as f64);
            Callback::from(move |_| {
                if let Err(error) = editor_select(from, to) {
                    show_fatal(&format!("the editor failed: {error:?}"));
                }
            })
        };
        let on_rule = {
            let dispatcher = state.dispatcher();
            let rule = finding.rule.clone();
            Callback::from(move |event: MouseEvent| {
                event.prevent_default();
                event.stop_propagation();
                dispatcher.dispatch(Action::ShowRule(Some(rule.clone())));
                if let Some(docs) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("rule-docs")) {
                    docs.scroll_into_view();
                }
            })
        };
        let fix = finding.fix.as_ref().map(|fix_message| {
            let dispatcher = state.dispatcher();
            let (text, options, rule, start) =
                (state.text.clone(), state.settings.options(), finding.rule.clone(), finding.start as usize);
            let on_fix = Callback::from(move |event: MouseEvent| {
                event.stop_propagation();
                if let Some(fixed) = ordinal_wasm::apply_fix(&text, &options, &rule, start) {
                    dispatcher.dispatch(Action::Replace(fixed));
                }
            });
            html! { <button class="fix" data-testid="apply-fix" title={fix_message.clone()} onclick={on_fix}>{ "apply fix: " }{ fix_message.clone() }</button> }
        });
        html! {
            <li class={classes!("diagnostic", finding.severity.clone())} data-testid="diagnostic" data-rule={finding.rule.clone()}
                data-line={finding.line.to_string()} data-severity={finding.severity.clone()} onclick={on_click} tabindex="0">
                <span class="severity">{ finding.severity.clone() }</span>
                <span class="position">{ format!("{}:{}", finding.line, finding.column) }</span>
                <a class="rule" href="#" onclick={on_rule}>{ finding.rule.clone() }</a>
                <div class="message">{ finding.message.clone() }</div>
                if !finding.help.is_empty() { <div class="help">{ "help: " }{ finding.help.clone() }</div> }
                { for fix }
            </li>
        }
    });

    let rule_docs = state.selected_rule.as_ref().and_then(|id| {
        rules.iter().find(|rule| rule.id == id.as_str()).map(|rule| {
            let on_close = {
                let dispatcher = state.dispatcher();
                Callback::from(move |_| dispatcher.dispatch(Action::ShowRule(None)))
            };
            let docs = rule.docs.as_str();
            html! {
                <section id="rule-docs" class="rule-docs" data-testid="rule-docs" data-rule={id.clone()}>
                    <header>
                        <h2>{ id.clone() }<span class="severity">{ rule.severity }</span></h2>
                        <button onclick={on_close}>{ "close" }</button>
                    </header>
                    { for markdown::parse(docs).iter().map(render_block) }
                </section>
            }
        })
    });

    let dns_rows = &analysis.dns;
    let on_step = {
        let dispatcher = state.dispatcher();
        Callback::from(move |step: Option<usize>| dispatcher.dispatch(Action::Step(step)))
    };
    let pods = state.pods();
    let sets = &analysis.explain.statefulsets;

    html! {
        <>
        <header class="top">
            <h1>{ "Ordinal playground" }</h1>
            <label>{ "Example " }
                <select data-testid="examples" onchange={on_example}>
                    <option value="" selected=true disabled=true>{ "load an example…" }</option>
                    { for EXAMPLES.iter().map(|e| html! { <option value={e.title}>{ e.title }</option> }) }
                </select>
            </label>
            <label>{ "namespace " }<input data-testid="namespace" value={settings.namespace.clone()} onchange={on_namespace} size="12" /></label>
            <label>{ "cluster domain " }<input data-testid="cluster-domain" value={settings.cluster_domain.clone()} onchange={on_domain} size="14" /></label>
            <button data-testid="share" onclick={on_share}>{ "share" }</button>
            if let Some(url) = state.share_url.clone() {
                <input class="share-url" data-testid="share-url" readonly=true value={url} />
            }
        </header>
        if let Some(problem) = state.link_problem.clone() {
            <div class="notice" role="alert" data-testid="link-problem">
                <span>{ problem }</span>
                <button data-testid="dismiss-link-problem" onclick={on_dismiss_link_problem}>{ "dismiss" }</button>
            </div>
        }
        <main>
            <section class="editor-pane">
                <div class="editor" ref={editor_ref}></div>
                <div class="status" data-testid="status" data-ms={format!("{:.3}", analysis.elapsed_ms)} data-gen={state.generation.to_string()}>
                    { analysis.summary.clone() }{ format!(" · analysed in {:.2} ms", analysis.elapsed_ms) }
                </div>
            </section>
            <section class="side">
                <section class="diagnostics-pane">
                    <h2>{ "Diagnostics" }</h2>
                    if analysis.findings.is_empty() { <p class="empty" data-testid="no-diagnostics">{ "no problems found" }</p> }
                    <ul class="diagnostics">{ for diagnostics }</ul>
                    { for rule_docs }
                </section>
                <section class="explain-pane">
                    <h2>{ "Explain" }</h2>
                    <div class="controls">
                        <label>{ "replicas " }<input data-testid="replicas" type="number" min="0" max="1000"
                            placeholder="manifest" value={settings.replicas.map(|n| n.to_string()).unwrap_or_default()}
                            onchange={on_replicas} /></label>
                        <label>{ "scale to " }<input data-testid="scale-to" type="number" min="0" max="1000"
                            value={settings.scale_to.map(|n| n.to_string()).unwrap_or_default()} onchange={on_scale} /></label>
                        <label><input data-testid="update" type="checkbox" checked={settings.update} onchange={on_update} />{ " rolling update" }</label>
                    </div>
                    <ul class="sets">
                        { for sets.iter().map(|set| html! {
                            <li>{ format!("StatefulSet {}/{}: {} replica(s), {}", set.namespace, set.name,
                                set.replicas, set.pod_management_policy) }</li>
                        }) }
                    </ul>
                    <crate::step_slider::StepSlider steps={analysis.steps} value={state.step} on_change={on_step} />
                    <div class="svg" data-testid="explain" ref={svg_ref}></div>
                    <h3>{ "DNS records" }</h3>
                    <table data-testid="dns-table" class="dns">
                        <thead><tr><th>{ "name" }</th><th>{ "type" }</th><th>{ "values" }</th></tr></thead>
                        <tbody>
                            { for dns_rows.iter().map(|row| html! {
                                <tr>
                                    <td class="name">{ row.name.clone() }</td>
                                    <td class="type">{ row.record_type.clone() }</td>
                                    <td>{ row.values.join(", ") }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    <form class="nslookup" onsubmit={on_lookup}>
                        <h3>{ "nslookup" }</h3>
                        <input data-testid="nslookup-query" placeholder="zookeeper-1.zookeeper-server" value={state.query.clone()} oninput={on_query} />
                        <label>{ " from pod " }
                            <select data-testid="nslookup-from" onchange={on_from}>
                                if pods.is_empty() { <option value="" selected=true>{ "(no StatefulSet pods)" }</option> }
                                { for pods.iter().map(|pod| html! { <option value={pod.clone()} selected={*pod == state.from}>{ pod.clone() }</option> }) }
                            </select>
                        </label>
                        <button type="submit">{ "look up" }</button>
                        <pre data-testid="nslookup-answer" class="answer">{ analysis.nslookup.clone().unwrap_or_default() }</pre>
                    </form>
                </section>
                <crate::compare::Compare new={state.text.clone()} namespace={settings.namespace.clone()} cluster_domain={settings.cluster_domain.clone()} />
            </section>
        </main>
        </>
    }
}

/// `<namespace>/<pod>` of every StatefulSet pod in `ordinal explain --format json`.
fn pod_names(explain: &ExplainJson) -> Vec<String> {
    explain
        .statefulsets
        .iter()
        .flat_map(|set| set.pods.iter().map(move |pod| format!("{}/{}", set.namespace, pod.name)))
        .collect()
}

fn render_inlines(inlines: &[Inline]) -> Html {
    html! {
        { for inlines.iter().map(|inline| match inline {
            Inline::Text(text) => html! { { text.clone() } },
            Inline::Code(code) => html! { <code>{ code.clone() }</code> },
        }) }
    }
}

fn render_block(block: &Block) -> Html {
    match block {
        Block::Heading(_, inlines) => html! { <h3>{ render_inlines(inlines) }</h3> },
        Block::Paragraph(inlines) => html! { <p>{ render_inlines(inlines) }</p> },
        Block::List(items) => {
            html! { <ul>{ for items.iter().map(|item| html! { <li>{ render_inlines(item) }</li> }) }</ul> }
        }
        Block::Code(_, code) => html! { <pre><code>{ code.clone() }</code></pre> },
    }
}
