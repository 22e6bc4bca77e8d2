//! PEP 508 requirement names and pip requirements files.

/// A requirement read from a requirements file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// 1-based line where the requirement starts.
    pub line: usize,
    /// The name as written.
    pub name: String,
    /// The whole requirement (name, extras, versions, markers).
    pub spec: String,
}

/// What a requirements file holds: requirements, and the files it includes (`-r`, `-c`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    pub requirements: Vec<Requirement>,
    pub includes: Vec<(usize, String)>,
}

/// The project name of a PEP 508 requirement (`numpy>=1.26`, `uvicorn[standard]; python_version>"3.8"`,
/// `name @ https://…`), or of an `#egg=` fragment. Paths and bare URLs give `None`.
pub fn requirement_name(spec: &str) -> Option<String> {
    let spec = spec.trim();
    if let Some((_, egg)) = spec.split_once("#egg=") {
        let name: String = egg.chars().take_while(|c| is_name_char(*c)).collect();
        return (!name.is_empty()).then_some(name);
    }
    let first = spec.chars().next()?;
    if !first.is_ascii_alphanumeric() {
        return None;
    }
    let end = spec.find(|c: char| !is_name_char(c)).unwrap_or(spec.len());
    let (name, rest) = spec.split_at(end);
    let rest = rest.trim_start();
    let follows_ok =
        rest.is_empty() || rest.starts_with(['[', '<', '>', '=', '!', '~', ';', '@', '(', ',']);
    let name = name.trim_end_matches(['.', '-', '_']);
    (follows_ok && !name.is_empty()).then(|| name.to_owned())
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Parses a pip requirements file: continuation lines, comments, options, includes and requirements.
pub fn parse_requirements(text: &str) -> Requirements {
    let mut out = Requirements::default();
    let mut pending = String::new();
    let mut start = 0;
    for (i, raw) in text.lines().enumerate() {
        if pending.is_empty() {
            start = i + 1;
        }
        let line = strip_comment(raw);
        if let Some(joined) = line.trim_end().strip_suffix('\\') {
            pending.push_str(joined);
            pending.push(' ');
            continue;
        }
        pending.push_str(line);
        let logical = std::mem::take(&mut pending);
        read_requirement_line(logical.trim(), start, &mut out);
    }
    if !pending.is_empty() {
        read_requirement_line(pending.trim(), start, &mut out);
    }
    out
}

/// Drops a comment: a `#` at the start of the line or after whitespace (a `#` inside a URL stays).
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'#' && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return &line[..i];
        }
    }
    line
}

fn read_requirement_line(line: &str, number: usize, out: &mut Requirements) {
    if line.is_empty() {
        return;
    }
    if line.starts_with('-') {
        let (option, value) = match line.split_once(['=', ' ', '\t']) {
            Some((o, v)) => (o, v.trim()),
            None => (line, ""),
        };
        match option {
            "-r" | "--requirement" | "-c" | "--constraint" if !value.is_empty() => {
                out.includes.push((number, value.to_owned()));
            }
            "-e" | "--editable" => {
                if let Some(name) = value
                    .split_once("#egg=")
                    .and_then(|_| requirement_name(value))
                {
                    out.requirements.push(Requirement {
                        line: number,
                        name,
                        spec: value.to_owned(),
                    });
                }
            }
            _ => {}
        }
        return;
    }
    if let Some(name) = requirement_name(line) {
        out.requirements.push(Requirement {
            line: number,
            name,
            spec: line.to_owned(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep508_names() {
        for (spec, want) in [
            ("numpy>=1.26", Some("numpy")),
            ("psycopg2-binary==2.9.9", Some("psycopg2-binary")),
            ("uvicorn[standard]>=0.30", Some("uvicorn")),
            ("Django ~= 5.0", Some("Django")),
            ("pandas; python_version >= \"3.9\"", Some("pandas")),
            ("pip @ https://example.com/pip.whl", Some("pip")),
            ("zope.interface", Some("zope.interface")),
            ("requests (>=2.0)", Some("requests")),
            ("./local/package", None),
            ("https://example.com/x.whl", None),
            ("git+https://github.com/x/y.git#egg=lxml", Some("lxml")),
            ("", None),
        ] {
            assert_eq!(requirement_name(spec).as_deref(), want, "{spec:?}");
        }
    }

    #[test]
    fn requirements_files() {
        let text = "\
# the stack
numpy>=1.26  # arrays
-r base.txt
--requirement=extra.txt
-c constraints.txt
--index-url https://example.com/simple
-e git+https://example.com/repo.git#egg=Pillow
pandas==2.2 \\
    --hash=sha256:abc
uvicorn[standard]; python_version > \"3.8\"
./vendored/pkg
";
        let r = parse_requirements(text);
        let names: Vec<(usize, &str)> = r
            .requirements
            .iter()
            .map(|q| (q.line, q.name.as_str()))
            .collect();
        assert_eq!(
            names,
            [(2, "numpy"), (7, "Pillow"), (8, "pandas"), (10, "uvicorn")]
        );
        let includes: Vec<&str> = r.includes.iter().map(|(_, f)| f.as_str()).collect();
        assert_eq!(includes, ["base.txt", "extra.txt", "constraints.txt"]);
    }
}
