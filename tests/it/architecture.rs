//! Guard rails for the architecture (see ARCHITECTURE.md): the core never imports a front end, the
//! TUI never imports the CLI, and no source file grows past 400 lines.

use std::path::{Path, PathBuf};

/// Modules that hold the logic; they may import only each other.
const CORE: &[&str] = &[
    "knowledge",
    "runtime",
    "advisor",
    "listing",
    "generate",
    "export",
    "detect",
    "audit",
    "registry",
    "learn",
    "run",
];
/// Wording shared by the CLI and the TUI.
const PRESENT: &[&str] = &["present"];

/// Which top-level modules a module may import, besides itself.
fn allowed(module: &str) -> Vec<&'static str> {
    let mut allowed = CORE.to_vec();
    match module {
        m if CORE.contains(&m) => {}
        "present" => {}
        "output" => allowed.extend(PRESENT),
        "cli" => allowed.push("output"),
        "commands" => allowed.extend(["present", "output", "cli"]),
        "tui" => allowed.extend(PRESENT),
        // lib.rs and main.rs wire everything together.
        _ => return vec!["*"],
    }
    allowed
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The top-level module a file belongs to (`src/detect/node.rs` → `detect`).
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// Top-level modules named after `crate::` in the file's non-test code.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break; // tests may reach across layers to check them
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push((i + 1, name));
            }
        }
        assert!(
            !line.contains("use crate::{"),
            "grouped `use crate::{{…}}` hides module edges; write one use per module: {line}"
        );
    }
    out
}

#[test]
fn the_core_imports_no_front_end_and_the_tui_no_cli() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut broken = Vec::new();
    for file in files {
        let is_test = file.file_name().is_some_and(|n| n == "tests.rs")
            || file
                .components()
                .any(|c| c.as_os_str() == "tests" && file.starts_with(root().join("src")));
        if is_test {
            continue;
        }
        let module = module_of(&file);
        let allowed = allowed(&module);
        if allowed == ["*"] {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (line, target) in imports(&text) {
            if target != module && !allowed.contains(&target.as_str()) {
                broken.push(format!(
                    "{}:{line}: `{module}` imports `{target}`",
                    file.strip_prefix(root()).unwrap().display()
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "forbidden imports:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_layering_check_catches_a_forbidden_edge() {
    let text = "use crate::knowledge::Image;\nuse crate::output::json;\n";
    let found = imports(text);
    assert_eq!(
        found,
        [(1, "knowledge".to_owned()), (2, "output".to_owned())]
    );
    assert!(!allowed("detect").contains(&"output"));
    assert!(!allowed("tui").contains(&"cli"));
    assert!(allowed("commands").contains(&"output"));
}

#[test]
fn no_source_file_exceeds_400_lines() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 400).then(|| {
                format!(
                    "{} has {n} lines",
                    f.strip_prefix(root()).unwrap().display()
                )
            })
        })
        .collect();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

/// Hooks that make the program misbehave for a test (`BASEPICK_TEST_…` variables) are compiled into
/// debug builds only: each use sits within a few lines under `#[cfg(debug_assertions)]`.
#[test]
fn test_hooks_are_left_out_of_release_builds() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let (mut hooks, mut shipped) = (0, Vec::new());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("\"BASEPICK_TEST_") {
                continue;
            }
            hooks += 1;
            let guarded = lines[i.saturating_sub(4)..i]
                .iter()
                .any(|l| l.trim() == "#[cfg(debug_assertions)]");
            if !guarded {
                shipped.push(format!(
                    "{}:{}",
                    file.strip_prefix(root()).unwrap().display(),
                    i + 1
                ));
            }
        }
    }
    assert!(
        hooks > 0,
        "the panic hook of the terminal test was not found"
    );
    assert!(
        shipped.is_empty(),
        "test hooks in release builds: {shipped:?}"
    );
}

/// On a static glibc build with glibc 2.36 or later, `build.rs` links the program with its relative
/// relocations packed (unless BASEPICK_UNPACKED_RELOCATIONS is set); the whole test suite running
/// it shows that its start-up applies them.
#[cfg(all(target_os = "linux", target_env = "gnu", target_feature = "crt-static"))]
#[test]
fn the_static_binary_carries_packed_relocations() {
    let glibc = std::process::Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .unwrap();
    let glibc = String::from_utf8(glibc.stdout).unwrap();
    let minor = glibc
        .trim()
        .strip_prefix("glibc 2.")
        .and_then(|minor| minor.parse::<u32>().ok());
    let sections = std::process::Command::new("readelf")
        .args(["-S", "-W", env!("CARGO_BIN_EXE_basepick")])
        .output()
        .unwrap();
    let sections = String::from_utf8(sections.stdout).unwrap();
    assert!(sections.contains(".rela.dyn"), "{sections}");
    assert_eq!(
        sections.contains(".relr.dyn"),
        minor.is_some_and(|minor| minor >= 36)
            && std::env::var_os("BASEPICK_UNPACKED_RELOCATIONS").is_none(),
        "{glibc}{sections}"
    );
}
