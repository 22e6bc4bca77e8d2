//! `basepick learn`: the course in the terminal. Same shape as the advisor: state in `app`, drawing in
//! `view`, keys from the one key table, a loop generic over the backend so tests drive it on
//! `TestBackend`. "Try it" runs the advisor's own `App` inside the course.

pub mod app;
pub mod bigtext;
pub mod view;

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::knowledge::{Date, Knowledge};
use crate::learn::QuizOptions;

pub use app::{LearnApp, Screen};

use super::keys;
use super::view::Theme;
use super::{Events, Polled, TICK, Worker};

/// Draws, waits for a key, applies it; until the learner quits. Keys go to the advisor while it is
/// open; quitting the advisor returns to the course.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut LearnApp<'_>,
    theme: Theme,
    mut next_event: impl FnMut() -> io::Result<Event>,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut events = || next_event().map(Some);
    run_with(terminal, app, theme, &mut events, &mut Worker::from_env())
}

/// [`run`] with the advisor's slow effects (pinning) on `worker`, collected while the loop waits.
pub fn run_with<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut LearnApp<'_>,
    theme: Theme,
    events: &mut impl Events,
    worker: &mut Worker,
) -> io::Result<()>
where
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    while !app.quit {
        if let Some(advisor) = app.advisor.as_mut() {
            worker.collect(advisor);
        }
        terminal
            .draw(|frame| view::render(app, theme, frame))
            .map_err(io::Error::other)?;
        let event = if worker.busy() {
            match events.next_within(TICK)? {
                Polled::Event(event) => event,
                Polled::Idle => continue,
                Polled::End => return Ok(()),
            }
        } else {
            match events.next()? {
                Some(event) => event,
                None => return Ok(()),
            }
        };
        let Event::Key(key) = event else {
            continue;
        };
        let Some(action) = keys::action_for(&key, app.mode()) else {
            continue;
        };
        match app.advisor.as_mut() {
            Some(advisor) => {
                if let Some(effect) = advisor.update(action) {
                    super::perform_with(advisor, effect, worker);
                }
                if advisor.quit {
                    app.advisor = None;
                }
            }
            None => app.update(action),
        }
    }
    Ok(())
}

/// The terminal's events, without the advisor's signal handling: the course has nothing to save.
#[derive(Debug)]
struct Plain;

impl Events for Plain {
    fn next(&mut self) -> io::Result<Option<Event>> {
        event::read().map(Some)
    }

    fn next_within(&mut self, wait: Duration) -> io::Result<Polled> {
        if event::poll(wait)? {
            return event::read().map(Polled::Event);
        }
        Ok(Polled::Idle)
    }
}

/// Opens the course on the real terminal; returns the exit code. The terminal is restored on every way
/// out, as for the advisor.
pub fn main(
    knowledge: &Knowledge,
    present: bool,
    options: QuizOptions,
    today: Date,
    err: &mut impl Write,
) -> u8 {
    let mut app = LearnApp::new(knowledge, present, options);
    app.today = today;
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            ratatui::restore();
            let _ = writeln!(err, "basepick: cannot set up the terminal: {e}");
            return 1;
        }
    };
    let result = run_with(
        &mut terminal,
        &mut app,
        Theme::from_env(),
        &mut Plain,
        &mut Worker::from_env(),
    );
    ratatui::restore();
    match result {
        Ok(()) => 0,
        Err(e) => {
            let _ = writeln!(err, "basepick: terminal error: {e}");
            1
        }
    }
}
