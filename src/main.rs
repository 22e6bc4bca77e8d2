use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use basepick::cli::Cli;
use basepick::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let code = if cli.command.is_some() {
        commands::run(&cli, &mut out, &mut err)
    } else if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        match cli
            .detect
            .as_deref()
            .map(|dir| commands::detected_answers(&cli, dir))
        {
            None => basepick::tui::main(&cli, commands::Detected::default(), &mut err),
            Some(Ok(detected)) => basepick::tui::main(&cli, detected, &mut err),
            Some(Err(e)) => commands::report(&e, false, &mut out, &mut err),
        }
    } else {
        let _ = writeln!(
            err,
            "basepick: the interactive advisor needs a terminal on stdin and stdout.\n\
             For scripts and pipes use `basepick recommend --answer QUESTION=CHOICE …` (see `basepick recommend --help`)."
        );
        2
    };
    let _ = out.flush();
    ExitCode::from(code)
}
