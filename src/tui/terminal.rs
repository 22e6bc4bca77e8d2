//! The real terminal's lifetime. Raw mode, the alternate screen, mouse capture and bracketed paste are
//! switched on together and off together on every way out: a normal return, an error, a panic (the
//! hook below runs before ratatui's, which restores the rest) and SIGTERM, SIGHUP or SIGINT, which end
//! the event loop so the guard can restore the terminal before the process exits.

use std::io::{self, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

use super::{Events, Polled};

/// How often a waiting event loop looks for a termination signal.
const SIGNAL_CHECK: Duration = Duration::from_millis(200);

/// Restores the terminal when dropped.
#[derive(Debug)]
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn restore() {
    let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

/// Sets the terminal up for the TUI; the guard puts it back.
pub fn setup() -> io::Result<(DefaultTerminal, Guard)> {
    let terminal = ratatui::try_init()?;
    let guard = Guard;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, DisableBracketedPaste);
        ratatui_hook(info);
    }));
    execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)?;
    Ok((terminal, guard))
}

/// Events from the terminal, ending when a termination signal arrives.
#[derive(Debug)]
pub struct TerminalEvents {
    /// The number of the signal received, 0 while none has been.
    signal: Arc<AtomicUsize>,
}

impl TerminalEvents {
    /// Starts listening for SIGTERM, SIGHUP and SIGINT (where the platform has them).
    pub fn new() -> io::Result<Self> {
        let signal = Arc::new(AtomicUsize::new(0));
        #[cfg(unix)]
        for sig in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::flag::register_usize(
                sig,
                Arc::clone(&signal),
                sig.unsigned_abs() as usize,
            )?;
        }
        Ok(TerminalEvents { signal })
    }

    /// The signal that ended the loop, if one did.
    pub fn signal(&self) -> Option<usize> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            n => Some(n),
        }
    }
}

impl Events for TerminalEvents {
    fn next(&mut self) -> io::Result<Option<Event>> {
        // Lets the end-to-end test prove that a panic leaves the terminal usable (debug builds only).
        #[cfg(debug_assertions)]
        assert!(
            std::env::var_os("BASEPICK_TEST_PANIC").is_none(),
            "panic requested by BASEPICK_TEST_PANIC"
        );
        loop {
            if let Polled::Event(event) = self.next_within(SIGNAL_CHECK)? {
                return Ok(Some(event));
            }
            if self.signal().is_some() {
                return Ok(None);
            }
        }
    }

    fn next_within(&mut self, wait: Duration) -> io::Result<Polled> {
        if self.signal().is_some() {
            return Ok(Polled::End);
        }
        if event::poll(wait.min(SIGNAL_CHECK))? {
            return event::read().map(Polled::Event);
        }
        Ok(Polled::Idle)
    }

    fn pending(&mut self) -> io::Result<bool> {
        // Not `Duration::ZERO`: with `use-dev-tty`, crossterm does not even look at input it has
        // already read unless some time is left when it gets there. A millisecond is enough, and is
        // waited only when nothing more has arrived.
        event::poll(Duration::from_millis(1))
    }
}
