//! The runtimes basepick supports in code: the one place a new runtime is registered. The decision
//! tree, templates and catalog are data; what code adds per runtime — detecting it in a project, dating
//! its versions, recognising its images in a Dockerfile — is listed here, and [`completeness`] says
//! what a runtime used by the data still lacks.

use crate::knowledge::{Knowledge, Templates};

/// What code knows about one runtime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Runtime {
    /// The id the tree's `runtime` answers and the catalog's `runtimes` use.
    pub id: &'static str,
    pub name: &'static str,
    /// The product in the lifecycle table that dates this runtime's versions; `None` when the runtime
    /// has no versions of its own (C and C++ follow the distribution, a static site its web server).
    pub lifecycle: Option<&'static str>,
    /// Repository names (after any registry) of the images that serve this runtime, so a Dockerfile's
    /// `FROM` can be recognised even when the exact tag is not in the catalog.
    pub repositories: &'static [&'static str],
    /// Those of `repositories` whose tag version belongs to a build tool or another server, not to the
    /// runtime (`maven:3.9`, `composer:2.10`, `httpd:2.4`); the runtime's version may still be named
    /// further on (`maven:3.9-eclipse-temurin-21`).
    pub tools: &'static [&'static str],
    /// The smallest project detection must recognise as this runtime: file names and contents.
    pub sample: &'static [(&'static str, &'static str)],
}

/// Every runtime, in the order menus and reports list them.
pub const RUNTIMES: &[Runtime] = &[
    Runtime {
        id: "go",
        name: "Go",
        lifecycle: Some("go"),
        repositories: &["golang"],
        tools: &[],
        sample: &[("go.mod", "module example.com/app\n\ngo 1.27\n")],
    },
    Runtime {
        id: "rust",
        name: "Rust",
        lifecycle: Some("rust"),
        repositories: &["rust"],
        tools: &[],
        sample: &[(
            "Cargo.toml",
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
        )],
    },
    Runtime {
        id: "cpp",
        name: "C or C++",
        lifecycle: None,
        repositories: &["gcc"],
        tools: &[],
        sample: &[(
            "CMakeLists.txt",
            "cmake_minimum_required(VERSION 3.20)\nproject(app CXX)\nadd_executable(app main.cpp)\n",
        )],
    },
    Runtime {
        id: "python",
        name: "Python",
        lifecycle: Some("python"),
        repositories: &["python"],
        tools: &[],
        sample: &[("requirements.txt", "flask==3.1.0\n")],
    },
    Runtime {
        id: "node",
        name: "Node.js",
        lifecycle: Some("node"),
        repositories: &["node"],
        tools: &[],
        sample: &[(
            "package.json",
            "{\"name\": \"app\", \"dependencies\": {}}\n",
        )],
    },
    Runtime {
        id: "ruby",
        name: "Ruby",
        lifecycle: Some("ruby"),
        repositories: &["ruby"],
        tools: &[],
        sample: &[("Gemfile", "source \"https://rubygems.org\"\ngem \"rack\"\n")],
    },
    Runtime {
        id: "java",
        name: "Java",
        lifecycle: Some("java"),
        repositories: &[
            "eclipse-temurin",
            "openjdk",
            "amazoncorretto",
            "maven",
            "gradle",
        ],
        tools: &["maven", "gradle"],
        sample: &[(
            "pom.xml",
            "<project><modelVersion>4.0.0</modelVersion><groupId>a</groupId><artifactId>app</artifactId><version>1</version></project>\n",
        )],
    },
    Runtime {
        id: "php",
        name: "PHP",
        lifecycle: Some("php"),
        repositories: &["php", "composer"],
        tools: &["composer"],
        sample: &[("composer.json", "{\"require\": {\"php\": \">=8.3\"}}\n")],
    },
    Runtime {
        id: "dotnet",
        name: ".NET",
        lifecycle: Some("dotnet"),
        repositories: &[
            "dotnet/aspnet",
            "dotnet/runtime",
            "dotnet/sdk",
            "dotnet/runtime-deps",
            "dotnet/core/aspnet",
            "dotnet/core/runtime",
            "dotnet/core/sdk",
            "dotnet/core/runtime-deps",
        ],
        tools: &[],
        sample: &[(
            "App.csproj",
            "<Project Sdk=\"Microsoft.NET.Sdk.Web\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>\n",
        )],
    },
    Runtime {
        id: "static",
        name: "Static website",
        lifecycle: Some("nginx"),
        repositories: &["nginx", "httpd", "nginxinc/nginx-unprivileged"],
        tools: &["httpd"],
        sample: &[("index.html", "<!doctype html><title>app</title>\n")],
    },
];

/// The registered runtime with this id.
pub fn get(id: &str) -> Option<&'static Runtime> {
    RUNTIMES.iter().find(|r| r.id == id)
}

/// Position of a runtime in [`RUNTIMES`], for ordering; unknown ids sort last.
pub fn order(id: &str) -> usize {
    RUNTIMES
        .iter()
        .position(|r| r.id == id)
        .unwrap_or(RUNTIMES.len())
}

/// The runtime whose images live in this repository (the last one or two path components of a
/// reference without its registry, e.g. `python`, `dotnet/aspnet`).
pub fn serving(repository: &str) -> Option<&'static Runtime> {
    let short = repository.strip_prefix("library/").unwrap_or(repository);
    RUNTIMES.iter().find(|r| {
        r.repositories
            .iter()
            .any(|repo| match short.strip_suffix(repo) {
                Some(rest) => rest.is_empty() || rest.ends_with('/'),
                None => false,
            })
    })
}

/// What the runtimes the data uses still lack in code or templates, one sentence each. Empty for the
/// built-in data; a team's data (`--data`) may add a runtime that only half exists.
pub fn completeness(knowledge: &Knowledge) -> Vec<String> {
    let mut used: Vec<&str> = Vec::new();
    for leaf in &knowledge.tree.leaves {
        if !used.contains(&leaf.runtime.as_str()) {
            used.push(&leaf.runtime);
        }
    }
    let mut gaps = Vec::new();
    for id in used {
        let Some(runtime) = get(id) else {
            gaps.push(format!(
                "runtime `{id}` has leaves in the tree but is not registered in code: no detection, lifecycle or audit mapping"
            ));
            continue;
        };
        let own = format!("{id}{}", crate::knowledge::templates::DOCKERIGNORE_SUFFIX);
        if knowledge.templates.get(&own).is_none() {
            gaps.push(format!(
                "runtime `{id}` has no .dockerignore template of its own ({}/{own})",
                crate::knowledge::TEMPLATES_DIR
            ));
        }
        if let Some(product) = runtime.lifecycle {
            match knowledge.lifecycles.get() {
                Err(e) => gaps.push(format!("the lifecycle table cannot be read back: {e}")),
                Ok(table) if table.product(product).is_none_or(|p| p.lines.is_empty()) => {
                    gaps.push(format!(
                        "runtime `{id}` dates its versions by lifecycle product `{product}`, which {} has no lines for",
                        crate::knowledge::LIFECYCLES_FILE
                    ));
                }
                Ok(_) => {}
            }
        }
        if runtime.repositories.is_empty() {
            gaps.push(format!(
                "runtime `{id}` names no image repositories for audit"
            ));
        }
        if !knowledge
            .catalog
            .images
            .iter()
            .any(|i| i.runtimes.iter().any(|r| r == id))
        {
            gaps.push(format!(
                "runtime `{id}` is served by no image in the catalog"
            ));
        }
    }
    gaps
}

/// Templates a runtime uses: the Dockerfile templates of its leaves and its `.dockerignore`.
pub fn templates_of(knowledge: &Knowledge, id: &str) -> Vec<String> {
    let mut names: Vec<String> = knowledge
        .tree
        .leaves
        .iter()
        .filter(|l| l.runtime == id)
        .map(|l| Templates::dockerfile_name(&l.template))
        .collect();
    names.sort();
    names.dedup();
    names.push(knowledge.templates.dockerignore_name(id));
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{self, DataSource};

    #[test]
    fn the_built_in_data_lacks_nothing() {
        let k = knowledge::embedded().unwrap();
        assert_eq!(completeness(&k), Vec::<String>::new());
        for runtime in RUNTIMES {
            assert!(
                k.tree.leaves.iter().any(|l| l.runtime == runtime.id),
                "{} has no leaf in the tree",
                runtime.id
            );
            assert!(templates_of(&k, runtime.id).len() >= 2, "{}", runtime.id);
        }
    }

    #[test]
    fn every_runtime_is_detected_from_its_sample_project() {
        let rules = knowledge::embedded().unwrap().native.into_inner().unwrap();
        for runtime in RUNTIMES {
            let dir = tempfile::tempdir().unwrap();
            for (name, text) in runtime.sample {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
            let detection = crate::detect::scan(dir.path(), &rules).unwrap();
            assert_eq!(
                detection.primary().map(|r| r.runtime.as_str()),
                Some(runtime.id),
                "the {} sample is not detected: {detection:?}",
                runtime.name
            );
        }
    }

    #[test]
    fn a_runtime_missing_its_template_is_reported() {
        // A copy of the built-in data without Ruby's .dockerignore template still loads (the default
        // one stands in), and the completeness check names what is missing.
        let dir = tempfile::tempdir().unwrap();
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
        copy_dir(&data, dir.path());
        std::fs::remove_file(dir.path().join("templates/ruby.dockerignore.j2")).unwrap();
        let k = knowledge::load(&DataSource::Dir(dir.path().to_owned())).unwrap();
        let gaps = completeness(&k);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!(
            gaps[0].contains("`ruby` has no .dockerignore template"),
            "{gaps:?}"
        );
    }

    #[test]
    fn every_runtime_with_a_lifecycle_has_its_lines() {
        let k = knowledge::embedded().unwrap();
        for runtime in RUNTIMES {
            if let Some(product) = runtime.lifecycle {
                let p = k.lifecycles.get().unwrap().product(product);
                assert!(p.is_some_and(|p| p.lines.len() >= 5), "{product}");
            }
        }
        let mut k = k;
        let mut lifecycles = k.lifecycles.into_inner().unwrap();
        lifecycles.products.retain(|p| p.id != "php");
        k.lifecycles = knowledge::Deferred::ready(lifecycles);
        let gaps = completeness(&k);
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert!(
            gaps[0].contains("`php`") && gaps[0].contains("lifecycles.toml"),
            "{gaps:?}"
        );
    }

    #[test]
    fn a_runtime_only_the_data_knows_is_reported() {
        let mut k = knowledge::embedded().unwrap();
        k.tree.leaves[0].runtime = "elixir".into();
        let gaps = completeness(&k);
        assert!(
            gaps.iter()
                .any(|g| g.contains("`elixir`") && g.contains("not registered")),
            "{gaps:?}"
        );
    }

    #[test]
    fn repositories_map_to_their_runtime() {
        assert_eq!(serving("python").map(|r| r.id), Some("python"));
        assert_eq!(serving("library/node").map(|r| r.id), Some("node"));
        assert_eq!(serving("dotnet/aspnet").map(|r| r.id), Some("dotnet"));
        assert_eq!(
            serving("nginxinc/nginx-unprivileged").map(|r| r.id),
            Some("static")
        );
        assert_eq!(serving("team/app"), None);
        // A repository that only ends in a runtime's name is not that runtime's.
        assert_eq!(serving("team/mypython"), None);
        assert_eq!(serving("team/python").map(|r| r.id), Some("python"));
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }
}
