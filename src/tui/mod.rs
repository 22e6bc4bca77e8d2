//! The interactive advisor: terminal lifetime and the event loop. The loop is generic over ratatui's
//! `Backend` and takes events from an [`Events`] source, so tests drive it on `TestBackend` with
//! scripted keys, mouse events and pastes.

pub mod app;
pub mod choose;
pub mod complete;
pub mod dockerfile_pane;
pub mod field;
pub mod keys;
pub mod learn;
pub mod mouse;
mod overlays;
pub mod panes;
pub mod pinning;
mod result;
mod terminal;
mod toggles;
pub mod tree;
pub mod view;
pub mod worker;

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::detect::Detection;
use crate::export;
use crate::knowledge::{Date, Knowledge};

pub use app::{App, Effect};
pub use view::Theme;
pub use worker::Worker;

/// How often the loop looks for finished work while a job runs.
pub(crate) const TICK: Duration = Duration::from_millis(100);

/// What waiting a while for an event gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Polled {
    Event(Event),
    /// Nothing arrived in time.
    Idle,
    /// The events ended.
    End,
}

/// Where the event loop's input comes from.
pub trait Events {
    /// The next event, waiting for it; `None` ends the loop (a termination signal, or a script's end).
    fn next(&mut self) -> io::Result<Option<Event>>;

    /// Whether another event is ready without waiting.
    fn pending(&mut self) -> io::Result<bool> {
        Ok(false)
    }

    /// The next event if one arrives within `wait`. Sources that cannot time out (scripts, whose
    /// events are all ready) wait for the next event.
    fn next_within(&mut self, wait: Duration) -> io::Result<Polled> {
        let _ = wait;
        Ok(self.next()?.map_or(Polled::End, Polled::Event))
    }
}

impl<F: FnMut() -> io::Result<Option<Event>>> Events for F {
    fn next(&mut self) -> io::Result<Option<Event>> {
        self()
    }
}

/// Draws, waits for events, applies them; until the user quits or the events end. Every event that has
/// already arrived is applied before the next draw, so a burst of input costs one draw, not one per key.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    theme: Theme,
    events: &mut impl Events,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    run_with(terminal, app, theme, events, &mut Worker::from_env())
}

/// [`run`] with slow effects on `worker`: while a job runs, the loop wakes every [`TICK`] to collect
/// it, and draws again once it has finished. Jobs still running when the loop ends stay on `worker`.
pub fn run_with<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    theme: Theme,
    events: &mut impl Events,
    worker: &mut Worker,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    while !app.quit {
        worker.collect(app);
        let area = terminal
            .draw(|frame| view::render(app, theme, frame))
            .map_err(io::Error::other)?
            .area;
        loop {
            let event = if worker.busy() {
                match events.next_within(TICK)? {
                    Polled::Event(event) => event,
                    Polled::Idle if worker.collect(app) => break,
                    Polled::Idle => continue,
                    Polled::End => return Ok(()),
                }
            } else {
                match events.next()? {
                    Some(event) => event,
                    None => return Ok(()),
                }
            };
            handle_with(app, &event, area, worker);
            if app.quit || !events.pending()? {
                break;
            }
        }
    }
    Ok(())
}

/// Applies one event: keys through the key table, the mouse through the screen's layout (`area` is
/// the screen as last drawn), pastes into the focused text field. Slow effects run to their end
/// before this returns; the event loop uses [`handle_with`] instead.
pub fn handle(app: &mut App<'_>, event: &Event, area: Rect) {
    let mut worker = Worker::from_env();
    handle_with(app, event, area, &mut worker);
    worker.wait(app);
}

/// [`handle`], with slow effects left running on `worker`.
pub fn handle_with(app: &mut App<'_>, event: &Event, area: Rect, worker: &mut Worker) {
    let action = match event {
        Event::Key(key) => keys::action_for(key, app.mode()),
        Event::Mouse(mouse) => mouse::action_for(app, mouse, area),
        Event::Paste(text) => {
            app.paste(text);
            None
        }
        _ => None,
    };
    if let Some(effect) = action.and_then(|a| app.update(a)) {
        perform_with(app, effect, worker);
    }
}

/// Carries out an effect and hands the result back to the app, waiting for slow ones.
pub fn perform(app: &mut App<'_>, effect: Effect) {
    let mut worker = Worker::from_env();
    perform_with(app, effect, &mut worker);
    worker.wait(app);
}

/// Carries out an effect; slow ones (pinning) start on `worker`, which hands their result back later.
pub fn perform_with(app: &mut App<'_>, effect: Effect, worker: &mut Worker) {
    match effect {
        Effect::Export {
            dir,
            overwrite,
            files,
        } => {
            let result = export::write(&dir, &files, overwrite);
            app.export_done(dir, result);
        }
        Effect::Complete { typed } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            let completion = complete::directories(&typed, app.home.as_deref(), &cwd);
            app.completion_done(&completion);
        }
        Effect::Pin { dockerfile } => worker.pin(dockerfile),
    }
}

/// Opens the TUI on the real terminal; returns the exit code (128 plus the signal's number when a
/// signal ended it). The terminal is restored on every way out. With a `detection` of several apps,
/// the TUI first asks which one to advise on.
pub fn main(
    knowledge: &Knowledge,
    detection: Option<&Detection>,
    today: Date,
    err: &mut impl Write,
) -> u8 {
    let mut app = App::new(knowledge);
    app.today = today;
    app.home = std::env::var_os("HOME").map(PathBuf::from);
    app.start_with(detection);
    let theme = Theme::from_env();
    let events = match terminal::TerminalEvents::new() {
        Ok(events) => events,
        Err(e) => {
            let _ = writeln!(err, "basepick: cannot listen for signals: {e}");
            return 1;
        }
    };
    let (mut terminal, guard) = match terminal::setup() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            let _ = writeln!(err, "basepick: cannot set up the terminal: {e}");
            return 1;
        }
    };
    let mut events = events;
    let mut worker = Worker::from_env();
    let result = run_with(&mut terminal, &mut app, theme, &mut events, &mut worker);
    drop(guard);
    match (result, events.signal()) {
        (Ok(()), Some(signal)) => u8::try_from(128 + signal).unwrap_or(1),
        (Ok(()), None) => 0,
        (Err(e), _) => {
            let _ = writeln!(err, "basepick: terminal error: {e}");
            1
        }
    }
}
