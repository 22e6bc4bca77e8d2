//! Java (Maven, Gradle) and .NET (project files, global.json).

use super::text::{first_version, line_containing};
use super::walk::FileRef;
use super::{Evidence, Scan, parse_json};

const JAVA: &str = "java";
const DOTNET: &str = "dotnet";

/// Maven properties that name the Java release, most telling first.
const MAVEN_VERSION_TAGS: &[&str] = &[
    "maven.compiler.release",
    "java.version",
    "maven.compiler.target",
    "maven.compiler.source",
    "release",
];

/// Gradle settings that name the Java release.
const GRADLE_VERSION_CALLS: &[&str] = &[
    "JavaLanguageVersion.of(",
    "jvmToolchain(",
    "targetCompatibility",
    "sourceCompatibility",
];

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    let name = file.name.as_str();
    match name {
        "pom.xml" => pom(file, scan),
        "build.gradle" | "build.gradle.kts" => gradle(file, scan),
        "settings.gradle" | "settings.gradle.kts" => {
            scan.marker(JAVA, file, Evidence::new(&file.rel, "Gradle settings"));
            scan.manager(
                JAVA,
                file,
                1,
                "gradle",
                Evidence::new(&file.rel, "Gradle settings"),
            );
        }
        "mvnw" => scan.manager(
            JAVA,
            file,
            2,
            "maven",
            Evidence::new(&file.rel, "Maven wrapper"),
        ),
        "gradlew" => scan.manager(
            JAVA,
            file,
            2,
            "gradle",
            Evidence::new(&file.rel, "Gradle wrapper"),
        ),
        ".java-version" => java_version_file(file, scan),
        "global.json" => global_json(file, scan),
        _ if name.ends_with(".csproj")
            || name.ends_with(".fsproj")
            || name.ends_with(".vbproj") =>
        {
            dotnet_project(file, scan);
        }
        _ if name.ends_with(".sln") => {
            scan.marker(DOTNET, file, Evidence::new(&file.rel, ".NET solution"));
        }
        _ if name.ends_with(".java") || name.ends_with(".kt") => scan.source(JAVA, file),
        _ if name.ends_with(".cs") || name.ends_with(".fs") => scan.source(DOTNET, file),
        _ => return false,
    }
    true
}

/// `1.8` → `8`, `VERSION_17` → `17`, `VERSION_1_8` → `8`.
fn java_release(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('_', ".");
    let version = first_version(&raw)?;
    Some(
        version
            .strip_prefix("1.")
            .map_or(version.clone(), str::to_owned),
    )
}

/// The text of the first `<tag>…</tag>` element, and its line.
fn xml_element(text: &str, tag: &str) -> Option<(usize, String)> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = text.find(&open)? + open.len();
    let end = start + text[start..].find(&close)?;
    let line = text[..start].matches('\n').count() + 1;
    Some((line, text[start..end].trim().to_owned()))
}

fn pom(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(JAVA, file, Evidence::new(&file.rel, "Maven project"));
    scan.manager(
        JAVA,
        file,
        0,
        "maven",
        Evidence::new(&file.rel, "Maven project"),
    );
    let Some(text) = scan.read(file) else { return };
    for tag in MAVEN_VERSION_TAGS {
        let Some((line, value)) = xml_element(&text, tag) else {
            continue;
        };
        let Some(release) = java_release(&value) else {
            continue;
        };
        let evidence = Evidence::new(&file.rel, format!("<{tag}>{value}</{tag}>"))
            .at(Some(line))
            .key(*tag);
        scan.version(JAVA, file, 1, release, evidence);
        break;
    }
}

fn gradle(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(JAVA, file, Evidence::new(&file.rel, "Gradle build script"));
    scan.manager(
        JAVA,
        file,
        0,
        "gradle",
        Evidence::new(&file.rel, "Gradle build script"),
    );
    let Some(text) = scan.read(file) else { return };
    for call in GRADLE_VERSION_CALLS {
        let Some((i, line)) = text.lines().enumerate().find(|(_, l)| l.contains(call)) else {
            continue;
        };
        let after = line.split_once(call).map_or("", |(_, rest)| rest);
        let Some(release) = java_release(after) else {
            continue;
        };
        let evidence = Evidence::new(&file.rel, line.trim().to_owned())
            .at(Some(i + 1))
            .key(call.trim_end_matches('('));
        scan.version(JAVA, file, 1, release, evidence);
        break;
    }
}

fn java_version_file(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(JAVA, file, Evidence::new(&file.rel, "Java version file"));
    let Some(text) = scan.read(file) else { return };
    if let Some(release) = java_release(&text) {
        let evidence = Evidence::new(&file.rel, format!("pins Java {}", text.trim())).at(Some(1));
        scan.version(JAVA, file, 0, release, evidence);
    }
}

fn dotnet_project(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(DOTNET, file, Evidence::new(&file.rel, ".NET project"));
    let Some(text) = scan.read(file) else { return };
    let found = xml_element(&text, "TargetFramework")
        .map(|f| (f, "TargetFramework"))
        .or_else(|| xml_element(&text, "TargetFrameworks").map(|f| (f, "TargetFrameworks")));
    let Some(((line, frameworks), tag)) = found else {
        return;
    };
    let Some(first) = frameworks.split(';').map(str::trim).find(|f| !f.is_empty()) else {
        return;
    };
    // `net8.0` and `netcoreapp3.1` name .NET versions; `net48` is the old .NET Framework.
    let value = if first.contains('.') {
        first_version(first).unwrap_or_else(|| first.to_owned())
    } else {
        first.to_owned()
    };
    let evidence = Evidence::new(&file.rel, format!("<{tag}>{frameworks}</{tag}>"))
        .at(Some(line))
        .key(tag);
    scan.version(DOTNET, file, 0, value, evidence);
}

fn global_json(file: &FileRef, scan: &mut Scan<'_>) {
    let Some(text) = scan.read(file) else { return };
    let Some(doc) = parse_json(scan, file, &text) else {
        return;
    };
    let Some(sdk) = doc
        .pointer("/sdk/version")
        .and_then(serde_json::Value::as_str)
    else {
        return;
    };
    scan.marker(DOTNET, file, Evidence::new(&file.rel, ".NET SDK pin"));
    let evidence = Evidence::new(&file.rel, format!("pins the .NET SDK {sdk}"))
        .at(line_containing(&text, sdk))
        .key("sdk.version");
    scan.version(DOTNET, file, 1, sdk.to_owned(), evidence);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_releases() {
        assert_eq!(java_release("1.8").as_deref(), Some("8"));
        assert_eq!(java_release("17").as_deref(), Some("17"));
        assert_eq!(
            java_release("JavaVersion.VERSION_21").as_deref(),
            Some("21")
        );
        assert_eq!(
            java_release(" = JavaVersion.VERSION_1_8").as_deref(),
            Some("8")
        );
        assert_eq!(java_release("21)").as_deref(), Some("21"));
    }

    #[test]
    fn xml_elements_with_lines() {
        let pom = "<project>\n  <properties>\n    <java.version>21</java.version>\n";
        assert_eq!(xml_element(pom, "java.version"), Some((3, "21".to_owned())));
        assert_eq!(xml_element(pom, "release"), None);
    }
}
