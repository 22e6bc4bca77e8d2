//! The command line before a command runs: errors clap finds in the arguments (as JSON on stdout when
//! JSON was asked for, like every other error), and options given where they would be ignored.

use std::ffi::OsString;
use std::io::Write;

use clap::error::ErrorKind;

use super::{CliError, ExitCode, report};
use crate::cli::{Cli, Command};

/// Whether the raw arguments ask for JSON (`--format json`, `--format=json`, or SARIF, which is JSON
/// too), read without clap, which has just refused them.
fn asks_for_json(args: &[OsString]) -> bool {
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    let json = |value: &str| matches!(value, "json" | "sarif");
    while let Some(arg) = args.next() {
        match arg.as_ref() {
            "--" => return false,
            "--format" => {
                if args.next().is_some_and(|v| json(&v)) {
                    return true;
                }
            }
            other => {
                if other.strip_prefix("--format=").is_some_and(json) {
                    return true;
                }
            }
        }
    }
    false
}

/// Reports an error clap found in `args`: help and version as clap prints them, anything else as a
/// JSON error on stdout when JSON was asked for, or clap's message on stderr. Returns the exit code.
pub fn argument_error(
    e: &clap::Error,
    args: &[OsString],
    out: &mut impl Write,
    err: &mut impl Write,
) -> ExitCode {
    let shown = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if shown || !asks_for_json(args) {
        // Nothing useful is left to do if even this cannot be written.
        let _ = e.print();
        return ExitCode::try_from(e.exit_code()).unwrap_or(2);
    }
    let text = e.render().to_string();
    // The error itself: clap's first paragraph, without its `error: ` label (usage and hints follow).
    let message = text
        .split("\n\n")
        .next()
        .unwrap_or_default()
        .trim()
        .trim_start_matches("error: ");
    report(&CliError::Usage(message.to_owned()), true, out, err)
}

/// The name a command is typed as.
fn name(command: &Command) -> &'static str {
    match command {
        Command::Recommend(_) => "recommend",
        Command::Images(_) => "images",
        Command::Tree { .. } => "tree",
        Command::Dockerfile { .. } => "dockerfile",
        Command::Detect { .. } => "detect",
        Command::Audit(_) => "audit",
        Command::Pin(_) => "pin",
        Command::Refresh(_) => "refresh",
        Command::CheckBuild { .. } => "check-build",
        Command::CheckData { .. } => "check-data",
        Command::Learn(_) => "learn",
        Command::Quiz(_) => "quiz",
        Command::Completions { .. } => "completions",
    }
}

/// `basepick --detect DIR COMMAND`: the `--detect` before a command belongs to the advisor, and no
/// command would use it; say so rather than run without it.
pub fn refuse_misplaced(cli: &Cli) -> Result<(), CliError> {
    let (Some(dir), Some(command)) = (&cli.detect, &cli.command) else {
        return Ok(());
    };
    let name = name(command);
    let dir = dir.display();
    let hint = if name == "recommend" {
        format!("write it after the command: basepick recommend --detect {dir} …")
    } else {
        format!(
            "to scan the project use `basepick detect {dir}`, to be advised on it `basepick recommend --detect {dir}`"
        )
    };
    Err(CliError::Usage(format!(
        "--detect before a command opens the advisor with the project's answers; `{name}` would ignore it ({hint})"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("basepick")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn json_is_found_in_either_spelling_and_not_past_the_end_of_options() {
        assert!(asks_for_json(&args(&["images", "--format", "json"])));
        assert!(asks_for_json(&args(&["audit", "--format=sarif", "x"])));
        assert!(!asks_for_json(&args(&["images", "--format", "table"])));
        assert!(!asks_for_json(&args(&["images", "--format"])));
        assert!(!asks_for_json(&args(&["images", "--", "--format", "json"])));
        assert!(!asks_for_json(&args(&["json"])));
    }
}
