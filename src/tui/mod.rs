//! The interactive advisor: terminal lifetime and the event loop. The loop is generic over ratatui's
//! `Backend` and takes events from a closure, so tests drive it on `TestBackend` with scripted keys.

pub mod app;
pub mod keys;
mod overlays;
pub mod view;

use std::io::{self, Write};

use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::advisor::Session;
use crate::detect::ProjectAnswers;
use crate::export;
use crate::knowledge::{Date, Knowledge};

pub use app::{App, Effect};
pub use view::Theme;

/// Draws, waits for an event, applies it; until the user quits. Resize events simply redraw.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App<'_>,
    theme: Theme,
    mut next_event: impl FnMut() -> io::Result<Event>,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    while !app.quit {
        terminal
            .draw(|frame| view::render(app, theme, frame))
            .map_err(io::Error::other)?;
        if let Event::Key(key) = next_event()?
            && let Some(action) = keys::action_for(&key, app.mode())
            && let Some(effect) = app.update(action)
        {
            perform(app, effect);
        }
    }
    Ok(())
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
    }
}

/// Opens the TUI on the real terminal; returns the exit code. The terminal is restored on every way
/// out: normal exit, error (via `?` below, before restore) and panic (ratatui's hook).
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
    app.set_project(detected.facts);
    let theme = Theme::from_env();
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            let _ = writeln!(err, "basepick: cannot set up the terminal: {e}");
            return 1;
        }
    };
    let result = run(&mut terminal, &mut app, theme, || {
        // Lets the end-to-end test prove that a panic leaves the terminal usable.
        assert!(
            std::env::var_os("BASEPICK_TEST_PANIC").is_none(),
            "panic requested by BASEPICK_TEST_PANIC"
        );
        event::read()
    });
    ratatui::restore();
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "basepick: terminal error: {e}");
            1
        }
    }
}
