//! The interactive advisor.

use std::io::Write;

use crate::cli::Cli;

/// Opens the TUI; returns the exit code.
pub fn main(_cli: &Cli, err: &mut impl Write) -> u8 {
    let _ = writeln!(
        err,
        "basepick: the interactive advisor is not available yet; use `basepick recommend`"
    );
    2
}
