//! What moving a final stage to another base image breaks, instruction by instruction: shell-form
//! commands on an image without a shell, the other distribution's package manager, musl against
//! glibc, users the new image does not have, paths it lays out differently, tini.

use serde::Serialize;

use super::lexer::Instruction;
use crate::knowledge::{Family, Image, Libc, PackageManager, Shell, Text};

/// One thing the move breaks, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Break {
    pub line: usize,
    pub what: String,
    pub fix: String,
}

/// What the new base is, as far as the catalog knows it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub reference: &'a str,
    pub image: Option<&'a Image>,
}

fn brk(line: usize, what: String, fix: impl Into<String>) -> Break {
    Break {
        line,
        what,
        fix: fix.into(),
    }
}

/// Whether an instruction's arguments are in exec (JSON array) form.
fn exec_form(args: &str) -> bool {
    args.trim_start().starts_with('[')
}

/// The exec form of a simple shell-form command (`python app.py` → `["python", "app.py"]`), when it
/// has no shell syntax.
pub fn exec_form_of(command: &str) -> Option<String> {
    let shell_syntax = [
        '|', '&', ';', '<', '>', '$', '`', '*', '?', '"', '\'', '\\', '(', ')',
    ];
    if command.contains(shell_syntax) || command.trim().is_empty() {
        return None;
    }
    let words: Vec<String> = command
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    Some(format!("[{}]", words.join(", ")))
}

const APT: &[&str] = &["apt-get ", "apt ", "dpkg "];
const APK: &[&str] = &["apk "];
const DNF: &[&str] = &["microdnf ", "dnf ", "yum "];

fn uses(args: &str, tools: &[&str]) -> Option<&'static str> {
    let padded = format!(" {args} ");
    [APT, APK, DNF]
        .iter()
        .flat_map(|t| t.iter())
        .find(|t| {
            tools.contains(t)
                && (padded.contains(&format!(" {t}")) || padded.contains(&format!("&&{t}")))
        })
        .map(|t| t.trim_end())
}

/// The programs a distroless language image already starts as its entry point, so a `CMD` names only
/// the arguments.
fn entry_programs(new: &Image) -> &'static [&'static str] {
    if new.family != Family::Distroless {
        return &[];
    }
    match new.runtimes.first().map(Text::as_str) {
        Some("python") => &["python", "python3"],
        Some("node") => &["node"],
        Some("java") => &["java"],
        _ => &[],
    }
}

/// A shell-form command without the program the image's entry point already starts.
fn without_entry(args: &str, entry: &[&str], has_entrypoint: bool) -> String {
    match args.split_once(char::is_whitespace) {
        Some((first, rest)) if !has_entrypoint && entry.contains(&first) => rest.trim().to_owned(),
        _ => args.to_owned(),
    }
}

/// The first program an exec-form or shell-form command runs.
fn first_program(args: &str) -> Option<String> {
    let first = if exec_form(args) {
        args.trim_start_matches(['[', ' '])
            .split(',')
            .next()?
            .trim()
            .trim_matches('"')
            .to_owned()
    } else {
        args.split_whitespace().next()?.to_owned()
    };
    Some(first.rsplit('/').next().unwrap_or(&first).to_owned())
}

/// Everything the move from `current` to `target` breaks in the final stage's instructions (the final
/// stage and the stages it builds on).
pub fn breaks(
    current: Option<&Image>,
    target: Target<'_>,
    from_line: usize,
    body: &[&Instruction],
) -> Vec<Break> {
    let mut out = Vec::new();
    let Some(new) = target.image else {
        return out;
    };
    let name = target.reference;
    let shellless = new.shell == Shell::None;
    if let Some(cur) = current
        && cur.libc != new.libc
        && cur.libc != Libc::None
        && new.libc != Libc::None
    {
        out.push(brk(
            from_line,
            format!("{name} uses {} where the current image uses {}", new.libc, cur.libc),
            "rebuild native extensions and binaries against it (build stage on the same libc), or pick a base with the old libc",
        ));
    }
    let entry = entry_programs(new);
    let has_entrypoint = body.iter().any(|i| i.keyword == "ENTRYPOINT");
    for ins in body {
        let line = ins.line;
        if ins.keyword == "CMD"
            && !has_entrypoint
            && first_program(&ins.args).is_some_and(|p| entry.contains(&p.as_str()))
        {
            out.push(brk(
                line,
                format!("{name} already starts {} as its entry point, so CMD would run it twice", entry[0]),
                "keep only the arguments in CMD (for example CMD [\"-m\", \"app\"] or CMD [\"server.js\"])",
            ));
        }
        let args = ins.args.as_str();
        match ins.keyword.as_str() {
            "RUN" if shellless => out.push(brk(
                line,
                format!("RUN needs a shell and tools, and {name} has no shell"),
                "do this step in a build stage and COPY --from its result",
            )),
            "RUN" => {
                let (wrong, right) = match new.package_manager {
                    PackageManager::Apt => (uses(args, &[APK, DNF].concat()), "apt-get"),
                    PackageManager::Apk => (uses(args, &[APT, DNF].concat()), "apk"),
                    PackageManager::Microdnf => (uses(args, &[APT, APK].concat()), "microdnf"),
                    PackageManager::None => (uses(args, &[APT, APK, DNF].concat()), ""),
                };
                if let Some(tool) = wrong {
                    out.push(if right.is_empty() {
                        brk(
                            line,
                            format!("`{tool}` is not in {name}, which has no package manager"),
                            "install packages in a build stage and copy what the app needs",
                        )
                    } else {
                        brk(
                            line,
                            format!("`{tool}` is not in {name}, which uses {right}"),
                            format!("rewrite the install with {right} (package names differ between distributions)"),
                        )
                    });
                }
            }
            "SHELL" if shellless => out.push(brk(
                line,
                format!("SHELL names a shell, and {name} has none"),
                "drop it together with the shell-form instructions",
            )),
            "CMD" | "ENTRYPOINT" if shellless && !exec_form(args) => out.push(brk(
                line,
                format!("shell-form {} runs through /bin/sh, which {name} does not have", ins.keyword),
                match exec_form_of(&without_entry(args, entry, has_entrypoint || ins.keyword == "ENTRYPOINT")) {
                    Some(exec) => format!("write it in exec form: {} {exec}", ins.keyword),
                    None => format!("write it in exec form ({} [\"program\", \"arg\"]) without shell syntax", ins.keyword),
                },
            )),
            "HEALTHCHECK" if shellless && (args.contains("CMD-SHELL") || health_is_shell(args)) => out.push(brk(
                line,
                format!("HEALTHCHECK runs its command through a shell, which {name} does not have"),
                "use HEALTHCHECK CMD [\"/app/healthcheck\"] with a binary in the image, or check from the orchestrator",
            )),
            "USER" => {
                let user = args.split(':').next().unwrap_or(args).trim();
                let numeric = user.chars().all(|c| c.is_ascii_digit());
                let known = user == new.user || user == "root" || (user == "nonroot" && matches!(new.family, Family::Distroless));
                if !numeric && !known && !user.starts_with('$') && (shellless || new.family == Family::Distroless) {
                    out.push(brk(
                        line,
                        format!("user `{user}` does not exist in {name}, and nothing there can create it"),
                        format!("use a numeric UID (USER 10001) or the image's own user `{}` (uid {})", new.user, new.uid),
                    ));
                }
            }
            _ => {}
        }
        if matches!(ins.keyword.as_str(), "CMD" | "ENTRYPOINT" | "HEALTHCHECK") {
            if shellless && (args.contains("/bin/sh") || args.contains("/bin/bash")) {
                out.push(brk(
                    line,
                    format!("{} calls a shell, and {name} has none", ins.keyword),
                    "call the program directly in exec form",
                ));
            }
            if new.family == Family::Distroless && args.contains("/usr/local/bin/") {
                out.push(brk(
                    line,
                    format!("{} uses /usr/local/bin, where official images put the runtime; {name} keeps it under /usr/bin", ins.keyword),
                    "use the path of the new image (for example /usr/bin/python3) or its default entry point",
                ));
            }
            if args.contains("tini") && (shellless || new.package_manager == PackageManager::None) {
                out.push(brk(
                    line,
                    format!("{} starts tini, which {name} does not include", ins.keyword),
                    "copy a static tini from the build stage, or rely on the runtime's own signal handling (docker run --init)",
                ));
            }
        }
    }
    out.sort_by_key(|b| b.line);
    out
}

/// `HEALTHCHECK [options] CMD command` in shell form.
fn health_is_shell(args: &str) -> bool {
    args.split_once("CMD")
        .is_some_and(|(_, rest)| !rest.trim_start().starts_with('[') && !rest.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_forms_of_simple_commands() {
        assert_eq!(
            exec_form_of("python app.py").as_deref(),
            Some("[\"python\", \"app.py\"]")
        );
        assert_eq!(
            exec_form_of("gunicorn -b 0.0.0.0:8000 app:app").as_deref(),
            Some("[\"gunicorn\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]")
        );
        assert_eq!(exec_form_of("node server.js && echo done"), None);
        assert_eq!(exec_form_of("echo $HOME"), None);
        assert!(health_is_shell(
            "--interval=30s CMD curl -f http://localhost/"
        ));
        assert!(!health_is_shell("CMD [\"/healthcheck\"]"));
        assert!(!health_is_shell("NONE"));
    }
}
