//! Start commands as exec-form words: reading them from `Procfile`s and scripts, and refusing what
//! only a shell could run.

use super::apps::AppCtx;
use super::{Evidence, Evidenced};

/// The placeholder for the port the app listens on; the Dockerfile plan puts the real port there.
pub(crate) const PORT: &str = "{port}";

/// Splits a command into words when it needs no shell: no pipes, chains, redirections, substitutions
/// or quotes. `$PORT` and `${PORT}` become [`PORT`]; leading `VAR=value` assignments are dropped and
/// returned apart.
pub(crate) fn words(command: &str) -> Option<(Vec<String>, Vec<String>)> {
    if command.contains(['|', '&', ';', '<', '>', '`', '"', '\'', '(', ')', '*']) {
        return None;
    }
    let mut env = Vec::new();
    let mut out = Vec::new();
    for word in command.split_whitespace() {
        let is_assignment = out.is_empty()
            && word.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if is_assignment {
            env.push(word.to_owned());
            continue;
        }
        let word = word.replace("${PORT}", PORT).replace("$PORT", PORT);
        if word.contains('$') {
            return None;
        }
        out.push(word);
    }
    (!out.is_empty()).then_some((out, env))
}

/// The `web:` process of the app's Procfile, as words, with its evidence.
pub(crate) fn procfile_web(ctx: &mut AppCtx<'_>) -> Option<Evidenced<Vec<String>>> {
    if !ctx.has("Procfile") {
        return None;
    }
    let text = ctx.read("Procfile")?;
    let (i, command) = text.lines().enumerate().find_map(|(i, l)| {
        l.trim_start()
            .strip_prefix("web:")
            .map(|c| (i, c.trim().to_owned()))
    })?;
    let rel = ctx.rel("Procfile");
    let Some((words, _)) = words(&command) else {
        ctx.notes.push(format!(
            "{rel}:{}: the web process needs a shell ({command}); pass --set start=… to use it",
            i + 1
        ));
        return None;
    };
    let evidence = Evidence::new(rel, format!("web: {command}"))
        .at(Some(i + 1))
        .key("web");
    Some(Evidenced::new(words, evidence))
}

/// Owned words.
pub(crate) fn owned(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| (*w).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_that_need_no_shell_become_words() {
        let (w, env) = words("NODE_ENV=production node ./bin/www").unwrap();
        assert_eq!(w, ["node", "./bin/www"]);
        assert_eq!(env, ["NODE_ENV=production"]);
        let (w, _) = words("gunicorn app:app --bind 0.0.0.0:$PORT").unwrap();
        assert_eq!(w, ["gunicorn", "app:app", "--bind", "0.0.0.0:{port}"]);
        assert!(words("npm run build && node dist").is_none());
        assert!(words("node \"my app.js\"").is_none());
        assert!(words("echo $HOME").is_none());
        assert!(words("A=1").is_none());
    }
}
