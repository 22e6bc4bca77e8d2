//! The interactive advisor: terminal lifetime and the event loop. The loop is generic over ratatui's
//! `Backend` and takes events from an [`Events`] source, so tests drive it on `TestBackend` with
//! scripted keys, mouse events and pastes.

pub mod app;
pub mod complete;
pub mod dockerfile_pane;
pub mod field;
pub mod keys;
pub mod learn;
pub mod mouse;
mod overlays;
pub mod panes;
mod result;
mod terminal;
pub mod tree;
pub mod view;

use std::io::{self, Write};
use std::path::PathBuf;

use crossterm::event::Event;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::advisor::Session;
use crate::detect::ProjectAnswers;
use crate::export;
use crate::knowledge::{Date, Knowledge};

pub use app::{App, Effect};
pub use view::Theme;

/// Where the event loop's input comes from.
pub trait Events {
    /// The next event, waiting for it; `None` ends the loop (a termination signal, or a script's end).
    fn next(&mut self) -> io::Result<Option<Event>>;

    /// Whether another event is ready without waiting.
    fn pending(&mut self) -> io::Result<bool> {
        Ok(false)
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
    while !app.quit {
        let area = terminal
            .draw(|frame| view::render(app, theme, frame))
            .map_err(io::Error::other)?
            .area;
        loop {
            let Some(event) = events.next()? else {
                return Ok(());
            };
            handle(app, &event, area);
            if app.quit || !events.pending()? {
                break;
            }
        }
    }
    Ok(())
}

/// Applies one event: keys through the key table, the mouse through the screen's layout (`area` is
/// the screen as last drawn), pastes into the focused text field.
pub fn handle(app: &mut App<'_>, event: &Event, area: Rect) {
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
        perform(app, effect);
    }
}

/// Carries out an effect and hands the result back to the app.
pub fn perform(app: &mut App<'_>, effect: Effect) {
    match effect {
        Effect::Export {
            dir,
            overwrite,
            artifacts,
        } => {
            let result = export::write(&dir, &artifacts.files(), overwrite);
            app.export_done(dir, result);
        }
        Effect::Complete { typed } => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            let completion = complete::directories(&typed, app.home.as_deref(), &cwd);
            app.completion_done(&completion);
        }
    }
}

/// Opens the TUI on the real terminal; returns the exit code (128 plus the signal's number when a
/// signal ended it). The terminal is restored on every way out.
pub fn main(
    knowledge: &Knowledge,
    detected: ProjectAnswers,
    today: Date,
    err: &mut impl Write,
) -> u8 {
    let session = Session::new(&knowledge.tree).with_detected(&detected.answers);
    let mut app = App::with_session(knowledge, session);
    app.today = today;
    app.evidence = detected.evidence;
    app.home = std::env::var_os("HOME").map(PathBuf::from);
    app.set_project(detected.facts);
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
    let result = run(&mut terminal, &mut app, theme, &mut events);
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
