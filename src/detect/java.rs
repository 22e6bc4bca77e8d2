//! Java: Maven (`pom.xml`, properties, the compiler plugin, the jar name) and Gradle (toolchain, root
//! project name, version), their wrappers, and `.java-version`.

use std::collections::BTreeMap;

use super::scan::Fact;
use super::text::first_version;
use super::walk::FileRef;
use super::xml::{self, Element};
use super::{Evidence, Evidenced, Scan};

const RT: &str = "java";

/// What a pom.xml says about the jar and the Java release.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pom {
    pub rel: String,
    pub jar: Option<Evidenced<String>>,
    pub aggregator: bool,
    pub release: Option<Evidenced<String>>,
}

/// What a Gradle build or settings script says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gradle {
    pub rel: String,
    pub root_name: Option<(String, Option<usize>)>,
    pub base_name: Option<(String, Option<usize>)>,
    pub version: Option<(String, Option<usize>)>,
    pub release: Option<Evidenced<String>>,
}

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
        "build.gradle" | "build.gradle.kts" | "settings.gradle" | "settings.gradle.kts" => {
            gradle(file, scan);
        }
        "mvnw" => scan.manager(
            RT,
            file,
            2,
            "maven",
            Evidence::new(&file.rel, "Maven wrapper"),
        ),
        "gradlew" => scan.manager(
            RT,
            file,
            2,
            "gradle",
            Evidence::new(&file.rel, "Gradle wrapper"),
        ),
        ".java-version" => java_version_file(file, scan),
        _ if name.ends_with(".java") || name.ends_with(".kt") => scan.source(RT, file),
        _ => return false,
    }
    true
}

/// `1.8` → `8`, `VERSION_17` → `17`, `VERSION_1_8` → `8`.
pub(crate) fn java_release(raw: &str) -> Option<String> {
    let raw = raw.trim().replace('_', ".");
    let version = first_version(&raw)?;
    Some(
        version
            .strip_prefix("1.")
            .map_or(version.clone(), str::to_owned),
    )
}

/// Replaces `${name}` references with the properties' values, a few levels deep.
fn resolve(value: &str, props: &BTreeMap<String, String>) -> String {
    let mut out = value.to_owned();
    for _ in 0..5 {
        let Some(start) = out.find("${") else { break };
        let Some(len) = out[start..].find('}') else {
            break;
        };
        let key = out[start + 2..start + len].to_owned();
        let Some(replacement) = props.get(&key) else {
            break;
        };
        out.replace_range(start..=start + len, replacement);
    }
    out
}

fn pom(file: &FileRef, scan: &mut Scan<'_>) {
    let evidence = Evidence::new(&file.rel, "Maven project");
    scan.manifest(RT, file, evidence.clone());
    scan.manager(RT, file, 0, "maven", evidence);
    let Some(text) = scan.read(file) else { return };
    let Some(project) = xml::parse(&text) else {
        scan.note(format!(
            "{}: not readable as XML; only its name was used",
            file.rel
        ));
        return;
    };
    let parsed = read_pom(&file.rel, &project);
    if let Some(release) = &parsed.release {
        scan.version(RT, file, 1, release.value.clone(), release.evidence.clone());
    }
    scan.fact(RT, file, Fact::Maven(parsed));
}

fn read_pom(rel: &str, project: &Element) -> Pom {
    let mut props: BTreeMap<String, String> = project
        .child("properties")
        .map(|p| {
            p.children
                .iter()
                .map(|c| (c.name.clone(), c.text.trim().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    let artifact = project.text_at(&["artifactId"]);
    let version = project
        .text_at(&["version"])
        .or_else(|| project.text_at(&["parent", "version"]));
    for (key, value) in [
        ("project.artifactId", artifact),
        ("project.version", version),
    ] {
        if let Some((v, _)) = value {
            props.insert(key.to_owned(), v.to_owned());
        }
    }
    let mut pom = Pom {
        rel: rel.to_owned(),
        aggregator: project
            .text_at(&["packaging"])
            .is_some_and(|(p, _)| p == "pom"),
        ..Pom::default()
    };
    let plugins = project.descendants("plugin");
    let jar_with_deps = project
        .descendants("descriptorRef")
        .iter()
        .any(|d| d.text.trim() == "jar-with-dependencies");
    if let Some((name, line)) = project.text_at(&["build", "finalName"]) {
        let name = resolve(name, &props);
        let detail = format!("<finalName>{name}</finalName>");
        pom.jar = Some(Evidenced::new(
            name,
            Evidence::new(rel, detail)
                .at(Some(line))
                .key("build.finalName"),
        ));
    } else if let (Some((id, line)), Some((v, _))) = (artifact, version) {
        let mut name = format!("{id}-{}", resolve(v, &props));
        let mut detail = format!("artifactId {id} and version {}", resolve(v, &props));
        if jar_with_deps {
            name.push_str("-jar-with-dependencies");
            detail.push_str(", assembled with its dependencies");
        }
        pom.jar = Some(Evidenced::new(
            name,
            Evidence::new(rel, detail).at(Some(line)).key("artifactId"),
        ));
    }
    let compiler = plugins.iter().find(|p| {
        p.text_at(&["artifactId"])
            .is_some_and(|(a, _)| a == "maven-compiler-plugin")
    });
    let mut sources: Vec<(String, String, usize, String)> = Vec::new();
    if let Some(config) = compiler.and_then(|p| p.child("configuration")) {
        for tag in ["release", "target", "source"] {
            if let Some((raw, line)) = config.text_at(&[tag]) {
                sources.push((
                    raw.to_owned(),
                    format!("maven-compiler-plugin <{tag}>"),
                    line,
                    tag.to_owned(),
                ));
            }
        }
    }
    if let Some(properties) = project.child("properties") {
        for tag in [
            "maven.compiler.release",
            "maven.compiler.target",
            "maven.compiler.source",
            "java.version",
        ] {
            if let Some((raw, line)) = properties.text_at(&[tag]) {
                sources.push((raw.to_owned(), format!("<{tag}>"), line, tag.to_owned()));
            }
        }
    }
    pom.release = sources.into_iter().find_map(|(raw, what, line, key)| {
        let resolved = resolve(&raw, &props);
        let release = java_release(&resolved)?;
        let detail = if resolved == raw {
            format!("{what} {raw}")
        } else {
            format!("{what} {raw} = {resolved}")
        };
        Some(Evidenced::new(
            release,
            Evidence::new(rel, detail).at(Some(line)).key(key),
        ))
    });
    pom
}

/// The first string literal on a line (`'x'` or `"x"`).
fn quoted(line: &str) -> Option<&str> {
    let start = line.find(['"', '\''])?;
    let quote = line[start..].chars().next()?;
    let rest = &line[start + 1..];
    rest.find(quote).map(|end| &rest[..end])
}

fn gradle(file: &FileRef, scan: &mut Scan<'_>) {
    let settings = file.name.starts_with("settings");
    let what = if settings {
        "Gradle settings"
    } else {
        "Gradle build script"
    };
    scan.manifest(RT, file, Evidence::new(&file.rel, what));
    scan.manager(
        RT,
        file,
        u8::from(settings),
        "gradle",
        Evidence::new(&file.rel, what),
    );
    let Some(text) = scan.read(file) else { return };
    let mut out = Gradle {
        rel: file.rel.clone(),
        ..Gradle::default()
    };
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let at = Some(i + 1);
        if line.starts_with("rootProject.name") {
            out.root_name = quoted(line).map(|n| (n.to_owned(), at));
        } else if line.starts_with("archiveBaseName") {
            out.base_name = quoted(line).map(|n| (n.to_owned(), at));
        } else if raw.starts_with("version") && line[7..].trim_start().starts_with('=') {
            out.version = quoted(line).map(|n| (n.to_owned(), at));
        }
    }
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
        scan.version(RT, file, 1, release.clone(), evidence.clone());
        out.release = Some(Evidenced::new(release, evidence));
        break;
    }
    scan.fact(RT, file, Fact::Gradle(out));
}

fn java_version_file(file: &FileRef, scan: &mut Scan<'_>) {
    scan.marker(RT, file, Evidence::new(&file.rel, "Java version file"));
    let Some(text) = scan.read(file) else { return };
    if let Some(release) = java_release(&text) {
        let evidence = Evidence::new(&file.rel, format!("pins Java {}", text.trim())).at(Some(1));
        scan.version(RT, file, 0, release, evidence);
    }
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
    fn poms_resolve_properties_for_the_jar_and_the_release() {
        let text = "<project>\n<parent><version>3.1.5</version></parent>\n<artifactId>demo</artifactId>\n<version>0.0.1-SNAPSHOT</version>\n<properties>\n<java.version>17</java.version>\n</properties>\n<build><plugins><plugin>\n<artifactId>maven-compiler-plugin</artifactId>\n<configuration><release>${java.version}</release></configuration>\n</plugin></plugins></build>\n</project>\n";
        let pom = read_pom("pom.xml", &xml::parse(text).unwrap());
        assert_eq!(pom.jar.unwrap().value, "demo-0.0.1-SNAPSHOT");
        let release = pom.release.unwrap();
        assert_eq!(release.value, "17");
        assert_eq!(release.evidence.line, Some(10));
        assert!(
            release.evidence.detail.contains("${java.version} = 17"),
            "{}",
            release.evidence.detail
        );
    }

    #[test]
    fn quoted_strings() {
        assert_eq!(quoted("rootProject.name = 'app'"), Some("app"));
        assert_eq!(quoted("version = \"1.0\""), Some("1.0"));
        assert_eq!(quoted("version = x"), None);
    }
}
