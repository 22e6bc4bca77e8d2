//! The manifests, lockfiles, wrappers and toolchain files an app's directory holds, so a Dockerfile
//! copies only what exists.

use super::apps::AppCtx;

/// File names that matter to a build when they sit in the app's directory.
pub(crate) const KNOWN: &[&str] = &[
    // Python
    "pyproject.toml",
    "uv.lock",
    "poetry.lock",
    "Pipfile",
    "Pipfile.lock",
    "pdm.lock",
    "setup.py",
    "setup.cfg",
    ".python-version",
    "runtime.txt",
    "manage.py",
    // Node
    "package.json",
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    ".yarnrc.yml",
    "pnpm-lock.yaml",
    "pnpm-workspace.yaml",
    "bun.lock",
    "bun.lockb",
    ".nvmrc",
    ".node-version",
    // Ruby
    "Gemfile",
    "Gemfile.lock",
    ".ruby-version",
    "config.ru",
    "bin/rails",
    "config/application.rb",
    // PHP
    "composer.json",
    "composer.lock",
    "artisan",
    // Java
    "pom.xml",
    "mvnw",
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "gradle.properties",
    "gradlew",
    "gradle/wrapper/gradle-wrapper.properties",
    "gradle/wrapper/gradle-wrapper.jar",
    "gradle/libs.versions.toml",
    ".java-version",
    // Go
    "go.mod",
    "go.sum",
    "go.work",
    "go.work.sum",
    // Rust
    "Cargo.toml",
    "Cargo.lock",
    "rust-toolchain.toml",
    "rust-toolchain",
    // .NET
    "global.json",
    "Directory.Packages.props",
    "Directory.Build.props",
    "Directory.Build.targets",
    "NuGet.config",
    "NuGet.Config",
    "nuget.config",
    // C and C++
    "CMakeLists.txt",
    "CMakePresets.json",
    "Makefile",
    "meson.build",
    "conanfile.txt",
    "conanfile.py",
    "vcpkg.json",
    // Any runtime
    "Procfile",
];

/// Files inside hidden directories, which the walk does not enter.
const HIDDEN: &[&str] = &[".mvn/wrapper/maven-wrapper.properties"];

/// Extensions of project and solution files that matter in the app's directory.
const EXTENSIONS: &[&str] = &[".sln", ".slnx", ".csproj", ".fsproj", ".vbproj"];

/// The known files of the app's directory, sorted.
pub(crate) fn known_files(ctx: &AppCtx<'_>) -> Vec<String> {
    let mut out: Vec<String> = ctx
        .files
        .iter()
        .filter(|f| {
            KNOWN.contains(f)
                || (!f.contains('/') && EXTENSIONS.iter().any(|e| f.ends_with(e)))
                || is_requirements(f)
        })
        .map(|f| (*f).to_owned())
        .collect();
    out.extend(
        HIDDEN
            .iter()
            .filter(|f| ctx.exists(f))
            .map(|f| (*f).to_owned()),
    );
    out.sort();
    out.dedup();
    out
}

/// `requirements*.txt` in the directory, and the `.txt` files of a `requirements/` directory.
fn is_requirements(path: &str) -> bool {
    match path.split_once('/') {
        None => path.starts_with("requirements") && path.ends_with(".txt"),
        Some(("requirements", rest)) => !rest.contains('/') && rest.ends_with(".txt"),
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_files_at_the_top_or_in_their_directory() {
        assert!(is_requirements("requirements.txt"));
        assert!(is_requirements("requirements-prod.txt"));
        assert!(is_requirements("requirements/base.txt"));
        assert!(!is_requirements("requirements/deep/base.txt"));
        assert!(!is_requirements("docs/requirements.txt"));
        assert!(!is_requirements("requirements.in"));
    }
}
