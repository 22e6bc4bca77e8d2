//! Java, the app's side: Maven or Gradle when both are present, the jar the chosen one builds, and the
//! Java release that build asks for.

use super::apps::{AppCtx, Draft};
use super::java::{Gradle, Pom};
use super::scan::Fact;
use super::{Evidence, Evidenced};

/// Picks Maven or Gradle when both are present, and names the jar the chosen one builds.
pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let mut pom: Option<Pom> = None;
    let mut gradle = Gradle::default();
    let mut has_gradle = false;
    for (dir, fact) in draft.facts() {
        match fact {
            Fact::Maven(p) if dir == ctx.dir => pom = Some(p.clone()),
            Fact::Gradle(g) if dir == ctx.dir => {
                has_gradle = true;
                gradle.root_name = gradle.root_name.take().or_else(|| g.root_name.clone());
                gradle.base_name = gradle.base_name.take().or_else(|| g.base_name.clone());
                gradle.version = gradle.version.take().or_else(|| g.version.clone());
                gradle.release = gradle.release.take().or_else(|| g.release.clone());
                if !g.rel.contains("settings.gradle") || gradle.rel.is_empty() {
                    gradle.rel.clone_from(&g.rel);
                }
            }
            _ => {}
        }
    }
    let maven = match (&pom, has_gradle) {
        (Some(_), true) => {
            let use_maven = ctx.has("mvnw") || !ctx.has("gradlew");
            ctx.notes.push(format!(
                "{}: both a Maven and a Gradle build; {} is used (answer build_tool={} for the other)",
                if ctx.dir.is_empty() { "." } else { ctx.dir },
                if use_maven { "Maven" } else { "Gradle" },
                if use_maven { "gradle" } else { "maven" },
            ));
            use_maven
        }
        (Some(_), false) => true,
        (None, _) => false,
    };
    let (tool, file, release) = match (&pom, maven) {
        (Some(pom), true) => ("maven", pom.rel.clone(), pom.release.clone()),
        _ if has_gradle => ("gradle", gradle.rel.clone(), gradle.release.clone()),
        _ => return,
    };
    let wrapper = if tool == "maven" { "mvnw" } else { "gradlew" };
    let detail = if ctx.has(wrapper) {
        format!("{tool} build with its wrapper {wrapper}")
    } else {
        format!("{tool} build without a wrapper")
    };
    draft.out.package_manager = Some(Evidenced::new(
        tool.to_owned(),
        Evidence::new(&file, detail),
    ));
    let pinned = draft
        .out
        .version
        .as_ref()
        .is_some_and(|v| v.evidence.file.ends_with(".java-version"));
    if let Some(release) = release.filter(|_| !pinned) {
        draft.out.version = Some(release);
    }
    if maven {
        let Some(pom) = pom else { return };
        if pom.aggregator {
            ctx.notes.push(format!(
                "{}: a multi-module Maven build; pass --set app_name=… for the module's jar",
                pom.rel
            ));
        } else {
            draft.out.artifact = pom.jar;
        }
        return;
    }
    let base = gradle
        .base_name
        .clone()
        .map(|(n, l)| (n, l, "archiveBaseName"))
        .or_else(|| {
            gradle
                .root_name
                .clone()
                .map(|(n, l)| (n, l, "rootProject.name"))
        });
    let Some((base, line, key)) = base else {
        return;
    };
    let name = match &gradle.version {
        Some((v, _)) => format!("{base}-{v}"),
        None => base.clone(),
    };
    let settings = ctx.rel(if ctx.has("settings.gradle.kts") {
        "settings.gradle.kts"
    } else {
        "settings.gradle"
    });
    let source = if key == "rootProject.name" {
        settings
    } else {
        gradle.rel.clone()
    };
    let detail = match &gradle.version {
        Some((v, _)) => format!("{key} {base} and version {v}"),
        None => format!("{key} {base}"),
    };
    draft.out.artifact = Some(Evidenced::new(
        name,
        Evidence::new(source, detail).at(line).key(key),
    ));
}
