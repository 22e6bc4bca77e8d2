//! C and C++: CMake (`add_executable` targets), Makefiles (the default target), Meson, autotools, and
//! the Conan and vcpkg dependency files.

use super::apps::{AppCtx, Draft};
use super::scan::Fact;
use super::walk::FileRef;
use super::{Evidence, Evidenced, Scan};

const RT: &str = "cpp";

/// C and C++ build and dependency files, with the build system or package manager each implies.
const MARKERS: &[(&str, &str, &str, u8)] = &[
    ("CMakeLists.txt", "CMake project", "cmake", 0),
    ("meson.build", "Meson project", "meson", 0),
    ("configure.ac", "autotools project", "make", 2),
    ("conanfile.txt", "Conan dependencies", "conan", 1),
    ("conanfile.py", "Conan recipe", "conan", 1),
    ("vcpkg.json", "vcpkg manifest", "vcpkg", 1),
];

/// Executables a build file defines.
#[derive(Debug, Clone, Default)]
pub(crate) struct Target {
    pub rel: String,
    pub cmake: bool,
    pub names: Vec<(String, usize)>,
}

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    let name = file.name.as_str();
    if let Some((_, what, manager, priority)) = MARKERS.iter().find(|(n, ..)| *n == name) {
        scan.manifest(RT, file, Evidence::new(&file.rel, *what));
        scan.manager(
            RT,
            file,
            *priority,
            manager,
            Evidence::new(&file.rel, *what),
        );
        if name == "CMakeLists.txt"
            && let Some(text) = scan.read(file)
        {
            let names = cmake_executables(&text);
            let target = Target {
                rel: file.rel.clone(),
                cmake: true,
                names,
            };
            scan.fact(RT, file, Fact::Cpp(target));
        }
        return true;
    }
    if name == "Makefile" || name == "GNUmakefile" {
        // A Makefile drives builds in every language; it names the build system of a C or C++ app
        // found by other evidence, and never makes one on its own.
        scan.manager(RT, file, 3, "make", Evidence::new(&file.rel, "Makefile"));
        if let Some(text) = scan.read(file) {
            let names = make_default_target(&text).into_iter().collect();
            scan.fact(
                RT,
                file,
                Fact::Cpp(Target {
                    rel: file.rel.clone(),
                    cmake: false,
                    names,
                }),
            );
        }
        return true;
    }
    false
}

fn looks_auxiliary(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["test", "bench", "example", "demo", "fuzz"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The `add_executable` targets of a CMake file, leaving out tests, benchmarks, examples, names built
/// from variables and imported or aliased targets.
pub(crate) fn cmake_executables(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        let lower = line.to_ascii_lowercase();
        let Some(args) = lower
            .strip_prefix("add_executable")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('('))
        else {
            continue;
        };
        let start = line.len() - args.len();
        let mut words = line[start..].split(|c: char| c.is_whitespace() || c == ')');
        let Some(name) = words.next().filter(|n| !n.is_empty()) else {
            continue;
        };
        let rest = &lower[start..];
        if name.contains('$')
            || looks_auxiliary(name)
            || rest.contains(" imported")
            || rest.contains(" alias ")
        {
            continue;
        }
        if !out.iter().any(|(n, _)| n == name) {
            out.push((name.to_owned(), i + 1));
        }
    }
    out
}

/// The target `make` builds by default: the first rule, or the first prerequisite of `all`.
pub(crate) fn make_default_target(text: &str) -> Option<(String, usize)> {
    for (i, raw) in text.lines().enumerate() {
        if raw.starts_with(['\t', ' ', '#', '.']) || raw.contains('=') {
            continue;
        }
        let Some((targets, prerequisites)) = raw.split_once(':') else {
            continue;
        };
        let target = targets.split_whitespace().next()?;
        if target.contains(['%', '$']) {
            continue;
        }
        let name = if target == "all" {
            prerequisites.split_whitespace().next()?
        } else {
            target
        };
        let plain = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        let generic = ["clean", "install", "build", "default", "check", "help"].contains(&name);
        return (plain && !generic && !name.contains('.')).then(|| (name.to_owned(), i + 1));
    }
    None
}

/// Names the executable: the app's CMake targets, else its Makefile's default target.
pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let mut targets: Vec<Target> = draft
        .facts()
        .filter_map(|(dir, fact)| match fact {
            Fact::Cpp(t) if dir == ctx.dir => Some(t.clone()),
            _ => None,
        })
        .collect();
    targets.sort_by_key(|t| !t.cmake);
    let Some(target) = targets.into_iter().find(|t| !t.names.is_empty()) else {
        return;
    };
    let what = if target.cmake {
        "add_executable"
    } else {
        "default make target"
    };
    let mut candidates: Vec<Evidenced<String>> = target
        .names
        .iter()
        .map(|(name, line)| {
            let mut evidence = Evidence::new(&target.rel, format!("{what} {name}")).at(Some(*line));
            if target.cmake {
                evidence = evidence.key(name.clone());
            }
            Evidenced::new(name.clone(), evidence)
        })
        .collect();
    if candidates.len() == 1 {
        let only = candidates.remove(0);
        if target.cmake {
            draft.out.build_target = Some(only.clone());
        }
        draft.out.artifact = Some(only);
    } else {
        draft.out.artifact_candidates = candidates;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmake_targets_without_tests_and_variables() {
        let text = "project(tool CXX)\nadd_executable(tool src/main.cc)\nif(BUILD_TESTING)\n  add_executable(tool_test src/t.cc)\nendif()\nADD_EXECUTABLE( ${name} x.cc)\nadd_executable(gen IMPORTED)\n# add_executable(old x.cc)\n";
        assert_eq!(cmake_executables(text), [("tool".to_owned(), 2)]);
    }

    #[test]
    fn make_default_targets() {
        assert_eq!(
            make_default_target("CC=gcc\n\nall: server client\n\tcc\n"),
            Some(("server".to_owned(), 3))
        );
        assert_eq!(
            make_default_target(".PHONY: x\napp: main.o\n"),
            Some(("app".to_owned(), 2))
        );
        assert_eq!(make_default_target("build:\n\tgo build\n"), None);
        assert_eq!(make_default_target("%.o: %.c\n"), None);
    }
}
