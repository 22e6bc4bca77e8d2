//! `basepick quiz`, and what `basepick learn` says where there is no terminal.

use std::io::Write;

use super::{CliError, ExitCode, load};
use crate::cli::{Cli, QuizArgs, QuizDraw};
use crate::learn::{Quiz, QuizOptions};
use crate::output;

/// Why `basepick learn` did not start.
pub const NEEDS_TERMINAL: &str = "the course needs a terminal on stdin and stdout; for a printed handout use `basepick quiz --format markdown`";

/// The seed to draw with: the given one, or a fresh one that the output names so it can be repeated.
pub fn options(draw: QuizDraw) -> QuizOptions {
    QuizOptions {
        seed: draw
            .seed
            .unwrap_or_else(|| fastrand::u64(..u64::from(u32::MAX))),
        count: draw.count,
    }
}

pub fn quiz(cli: &Cli, args: &QuizArgs, out: &mut impl Write) -> Result<ExitCode, CliError> {
    let knowledge = load(cli)?;
    let quiz = Quiz::build(knowledge, options(args.draw))?;
    output::quiz::write(out, knowledge, &quiz, args.format)?;
    Ok(0)
}
