//! The runtimes basepick supports in code: the one place a new runtime is registered. The decision
//! tree, templates and catalog are data; what code adds per runtime — detecting it in a project, dating
//! its versions, recognising its images in a Dockerfile — is listed here (the binary's `runtime`
//! module says what a runtime used by the data still lacks).

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
