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
        let detected = cli
            .detect
            .as_deref()
            .map(|dir| commands::detected_answers(&cli, dir))
            .transpose();
        let knowledge = commands::load(&cli).map_err(commands::CliError::from);
        match (knowledge, detected) {
            (Ok(knowledge), Ok(detected)) => basepick::tui::main(
                &knowledge,
                detected.unwrap_or_default(),
                commands::today(&cli),
                &mut err,
            ),
            (Err(e), _) | (_, Err(e)) => commands::report(&e, false, &mut out, &mut err),
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
