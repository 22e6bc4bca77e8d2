use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use basepick::cli::{Cli, Command, LearnArgs};
use basepick::commands;

fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    // Into a pipe or a file, output goes out in large blocks rather than a write per line (a JSON
    // report was 430 writes); on a terminal it stays line by line, in step with stderr.
    let mut out: Box<dyn Write> = if stdout.is_terminal() {
        Box::new(stdout.lock())
    } else {
        Box::new(std::io::BufWriter::with_capacity(64 * 1024, stdout.lock()))
    };
    let mut err = stderr.lock();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = commands::argument_error(&e, &args, &mut out, &mut err);
            let _ = out.flush();
            return ExitCode::from(code);
        }
    };
    let code = if let Some(Command::Learn(args)) = &cli.command {
        learn(&cli, args, &mut out, &mut err)
    } else if cli.command.is_some() {
        commands::run(&cli, &mut out, &mut err)
    } else if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let detected = cli
            .detect
            .as_deref()
            .map(|dir| commands::scan_project(&cli, dir))
            .transpose();
        let knowledge = commands::load(&cli).map_err(commands::CliError::from);
        match (knowledge, detected) {
            (Ok(knowledge), Ok(detected)) => basepick::tui::main(
                knowledge,
                detected.as_ref(),
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

/// `basepick learn`: the course, on a terminal only.
fn learn(cli: &Cli, args: &LearnArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    if let Err(e) = commands::refuse_misplaced(cli) {
        return commands::report(&e, false, out, err);
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        let _ = writeln!(err, "basepick: {}.", commands::learn::NEEDS_TERMINAL);
        return 2;
    }
    match commands::load(cli) {
        Ok(knowledge) => basepick::tui::learn::main(
            knowledge,
            args.present,
            commands::learn::options(args.quiz),
            commands::today(cli),
            err,
        ),
        Err(e) => commands::report(&e.into(), false, out, err),
    }
}
