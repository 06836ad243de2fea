//! The step slider of the explain pane: which step of the plan shown the
//! picture, the DNS table and the nslookup answer follow, with play/pause.
//! The slider goes from 0 (before the plan) through each step to one past
//! the last, "done", which is `None` (the picture's default).

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long each step is shown while playing.
const STEP_MS: u32 = 1000;

#[derive(Properties, PartialEq)]
pub struct StepSliderProps {
    /// Steps of the plan shown (the slider goes from 0 to it).
    pub steps: usize,
    /// The selected step; `None` when the plan is done.
    pub value: Option<usize>,
    pub on_change: Callback<Option<usize>>,
}

#[function_component(StepSlider)]
pub fn step_slider(props: &StepSliderProps) -> Html {
    let playing = use_state(|| false);
    let steps = props.steps;
    let end = steps + 1;
    let shown = props.value.map_or(end, |step| step.min(end));

    // While playing, advance one step per STEP_MS and stop at the last.
    {
        let playing = playing.clone();
        let on_change = props.on_change.clone();
        use_effect_with((*playing, shown, end), move |&(is_playing, shown, end)| {
            let timer = (is_playing && shown < end).then(|| {
                Timeout::new(STEP_MS, move || {
                    let next = shown + 1;
                    on_change.emit(if next >= end { None } else { Some(next) });
                    if next >= end {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }

    if steps == 0 {
        return html! {};
    }
    let on_input = {
        let on_change = props.on_change.clone();
        let playing = playing.clone();
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            playing.set(false);
            let step = input.value().parse::<usize>().unwrap_or(end);
            on_change.emit(if step >= end { None } else { Some(step) });
        })
    };
    let on_play = {
        let playing = playing.clone();
        let on_change = props.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            if !*playing && shown >= end {
                // Playing from the end starts again from before the plan.
                on_change.emit(Some(0));
            }
            playing.set(!*playing);
        })
    };
    let label = match props.value {
        Some(0) => "before the plan".to_string(),
        Some(step) if step <= steps => format!("step {step} of {steps}"),
        _ => format!("done ({steps} steps)"),
    };
    html! {
        <div class="steps">
            <button type="button" data-testid="play" aria-pressed={(*playing).to_string()} onclick={on_play}>
                { if *playing { "pause" } else { "play" } }
            </button>
            <input data-testid="step" type="range" min="0" max={end.to_string()} value={shown.to_string()}
                aria-label="step of the plan shown" oninput={on_input} />
            <span data-testid="step-label">{ label }</span>
        </div>
    }
}
