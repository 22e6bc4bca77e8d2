//! What the run settings read from the Dockerfile they sit next to: the final stage's user and its
//! health check. The rendered file is the truth about both (a template may run .NET as its own 1654
//! or nginx as 101 whatever the catalog says), so it is read rather than re-derived.

/// The final stage of a Dockerfile: its instructions, continuation lines joined, comments dropped.
fn final_stage(dockerfile: &str) -> Vec<String> {
    let mut instructions = instructions(dockerfile);
    let start = instructions
        .iter()
        .rposition(|i| keyword(i) == "FROM")
        .map_or(0, |n| n + 1);
    instructions.split_off(start)
}

/// Every instruction of a Dockerfile, continuation lines joined, comments dropped.
fn instructions(dockerfile: &str) -> Vec<String> {
    let mut instructions = Vec::new();
    let mut current = String::new();
    for line in dockerfile.lines() {
        let trimmed = line.trim();
        if current.is_empty() && (trimmed.is_empty() || trimmed.starts_with('#')) {
            continue;
        }
        match trimmed.strip_suffix('\\') {
            Some(body) => {
                current.push_str(body);
                current.push(' ');
            }
            None => {
                current.push_str(trimmed);
                instructions.push(std::mem::take(&mut current));
            }
        }
    }
    instructions
}

/// The digest the final stage's image is pinned to, when its `FROM` names one (`image:tag@sha256:…`),
/// directly or through the default of a build argument declared before the first `FROM`.
pub fn final_digest(dockerfile: &str) -> Option<String> {
    let all = instructions(dockerfile);
    let from = all.iter().rfind(|i| keyword(i) == "FROM")?;
    let image = from
        .split_whitespace()
        .skip(1)
        .find(|w| !w.starts_with("--"))?;
    let image = match image
        .strip_prefix("${")
        .and_then(|a| a.strip_suffix('}'))
        .or_else(|| image.strip_prefix('$'))
    {
        Some(name) => all
            .iter()
            .take_while(|i| keyword(i) != "FROM")
            .filter(|i| keyword(i) == "ARG")
            .find_map(|i| {
                let (key, value) = i.split_whitespace().nth(1)?.split_once('=')?;
                (key == name).then(|| value.trim_matches('"').to_owned())
            })?,
        None => image.to_owned(),
    };
    let (_, digest) = image.split_once('@')?;
    digest.starts_with("sha256:").then(|| digest.to_owned())
}

fn keyword(instruction: &str) -> String {
    instruction
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase()
}

/// The final stage's `USER uid[:gid]`, when it is numeric.
pub fn final_user(dockerfile: &str) -> Option<(u32, Option<u32>)> {
    let stage = final_stage(dockerfile);
    let user = stage.iter().rfind(|i| keyword(i) == "USER")?;
    let spec = user.split_whitespace().nth(1)?;
    let (uid, gid) = match spec.split_once(':') {
        Some((u, g)) => (u, Some(g)),
        None => (spec, None),
    };
    let uid = uid.parse().ok()?;
    let gid = match gid {
        Some(g) => Some(g.parse().ok()?),
        None => None,
    };
    Some((uid, gid))
}

/// The final stage's health check, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    /// The path it fetches over HTTP from the container itself, when it is an HTTP check.
    pub http_path: Option<String>,
}

pub fn health_check(dockerfile: &str) -> Option<HealthCheck> {
    let stage = final_stage(dockerfile);
    let check = stage.iter().rfind(|i| keyword(i) == "HEALTHCHECK")?;
    if check.split_whitespace().nth(1) == Some("NONE") {
        return None;
    }
    let http_path = check.find("http://127.0.0.1:").and_then(|at| {
        let rest = &check[at + "http://127.0.0.1:".len()..];
        let after_port = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        let path: String = after_port
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' '))
            .collect();
        path.starts_with('/').then_some(path)
    });
    Some(HealthCheck { http_path })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "FROM build AS b\nUSER 0\nHEALTHCHECK CMD [\"x\"]\n\nFROM final\n# USER 5\nUSER 101:102\nHEALTHCHECK --interval=30s \\\n  CMD [\"wget\", \"-q\", \"--spider\", \"http://127.0.0.1:8080/index.html\"]\n";

    #[test]
    fn reads_the_final_stage_only() {
        assert_eq!(final_user(FILE), Some((101, Some(102))));
        assert_eq!(
            health_check(FILE),
            Some(HealthCheck {
                http_path: Some("/index.html".to_owned())
            })
        );
        let plain = "FROM a\nUSER 65532\nHEALTHCHECK CMD [\"python3\", \"-c\", \"...\"]\n";
        assert_eq!(final_user(plain), Some((65532, None)));
        assert_eq!(health_check(plain), Some(HealthCheck { http_path: None }));
    }

    #[test]
    fn the_final_stage_digest_is_read_from_its_from() {
        let d = format!("sha256:{}", "ab".repeat(32));
        let pinned =
            format!("FROM --platform=$BUILDPLATFORM b:1@sha256:00 AS build\nRUN x\nFROM f:1@{d}\n");
        assert_eq!(final_digest(&pinned), Some(d.clone()));
        let by_arg = format!("ARG BASE=\"f:1@{d}\"\nFROM b:1 AS build\nFROM ${{BASE}}\nUSER 1\n");
        assert_eq!(final_digest(&by_arg), Some(d));
        assert_eq!(
            final_digest("FROM b:1@sha256:00 AS build\nFROM f:1\n"),
            None
        );
        assert_eq!(final_digest("FROM ${BASE}\n"), None, "no default");
        assert_eq!(final_digest("RUN x\n"), None);
    }

    #[test]
    fn names_and_missing_checks_are_not_guessed() {
        assert_eq!(final_user("FROM a\nUSER app\n"), None);
        assert_eq!(final_user("FROM a\nUSER 10:app\n"), None);
        assert_eq!(final_user("FROM a\nRUN true\n"), None);
        assert_eq!(health_check("FROM a\nHEALTHCHECK NONE\n"), None);
        assert_eq!(
            health_check("FROM a\nHEALTHCHECK CMD [\"x\"]\nFROM b\n"),
            None
        );
    }
}
