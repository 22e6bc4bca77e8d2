//! .NET: project files (SDK, output type, assembly name, target framework), solutions, the shared
//! `Directory.*.props` files, and `global.json`. The runtime version is the target framework, not the SDK
//! that `global.json` pins; the app is the project that runs (web, worker or executable), not a library
//! or a test project.

use super::apps::{AppCtx, Draft};
use super::scan::Fact;
use super::text::{first_version, line_containing};
use super::walk::FileRef;
use super::xml::{self, Element};
use super::{Evidence, Evidenced, Scan, parse_json};

const RT: &str = "dotnet";

/// What a project file says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Project {
    pub rel: String,
    pub stem: String,
    pub sdk: String,
    pub output_type: Option<String>,
    pub assembly: Option<(String, usize)>,
    pub framework: Option<Evidenced<String>>,
    pub test: bool,
    pub aspire: bool,
}

impl Project {
    /// Whether the project runs as an app: a web or worker SDK or an executable, and not a test project,
    /// an Aspire host or a WebAssembly client.
    fn is_app(&self) -> bool {
        let runs = self.sdk.ends_with(".Web")
            || self.sdk.ends_with(".Worker")
            || self
                .output_type
                .as_deref()
                .is_some_and(|o| o.eq_ignore_ascii_case("exe") || o.eq_ignore_ascii_case("winexe"));
        let stem = self.stem.to_ascii_lowercase();
        let test_name =
            stem.ends_with("tests") || stem.ends_with(".test") || stem.ends_with("test");
        runs && !self.test && !test_name && !self.aspire && !self.sdk.contains("BlazorWebAssembly")
    }

    fn kind(&self) -> String {
        if self.sdk.ends_with(".Web") {
            format!("web project ({})", self.sdk)
        } else if self.sdk.ends_with(".Worker") {
            format!("worker project ({})", self.sdk)
        } else {
            "executable project (OutputType Exe)".to_owned()
        }
    }
}

pub(crate) fn visit(file: &FileRef, scan: &mut Scan<'_>) -> bool {
    let name = file.name.as_str();
    match name {
        "global.json" => global_json(file, scan),
        "Directory.Build.props" | "Directory.Packages.props" => props(file, scan),
        _ if name.ends_with(".csproj")
            || name.ends_with(".fsproj")
            || name.ends_with(".vbproj") =>
        {
            project(file, scan);
        }
        _ if name.ends_with(".sln") || name.ends_with(".slnx") => {
            scan.manifest(RT, file, Evidence::new(&file.rel, ".NET solution"));
        }
        _ if name.ends_with(".cs") || name.ends_with(".fs") => scan.source(RT, file),
        _ => return false,
    }
    true
}

/// `net8.0` → `8.0`, `netcoreapp3.1` → `3.1`; `net48` (the old .NET Framework) stays as it is.
fn framework_version(tfm: &str) -> String {
    if tfm.contains('.') {
        first_version(tfm).unwrap_or_else(|| tfm.to_owned())
    } else {
        tfm.to_owned()
    }
}

/// The target framework of a project or props file, with its evidence.
fn framework(rel: &str, root: &Element) -> Option<Evidenced<String>> {
    for tag in ["TargetFramework", "TargetFrameworks"] {
        let Some(element) = root
            .descendants(tag)
            .into_iter()
            .find(|e| !e.text.trim().is_empty())
        else {
            continue;
        };
        let frameworks = element.text.trim();
        let first = frameworks
            .split(';')
            .map(str::trim)
            .find(|f| !f.is_empty())?;
        let evidence = Evidence::new(rel, format!("<{tag}>{frameworks}</{tag}>"))
            .at(Some(element.line))
            .key(tag);
        return Some(Evidenced::new(framework_version(first), evidence));
    }
    None
}

fn property<'a>(root: &'a Element, name: &str) -> Option<&'a Element> {
    root.descendants(name)
        .into_iter()
        .find(|e| !e.text.trim().is_empty())
}

fn project(file: &FileRef, scan: &mut Scan<'_>) {
    let evidence = Evidence::new(&file.rel, ".NET project");
    scan.manifest(RT, file, evidence.clone());
    scan.manager(
        RT,
        file,
        1,
        "nuget",
        Evidence::new(&file.rel, "NuGet packages restored by dotnet"),
    );
    let stem = file
        .name
        .rsplit_once('.')
        .map_or(file.name.as_str(), |(s, _)| s)
        .to_owned();
    let Some(text) = scan.read(file) else { return };
    let Some(root) = xml::parse(&text) else {
        scan.note(format!(
            "{}: not readable as XML; only its name was used",
            file.rel
        ));
        return;
    };
    let sdk = root
        .attr("Sdk")
        .or_else(|| root.child("Sdk").and_then(|s| s.attr("Name")))
        .unwrap_or_default()
        .to_owned();
    let references: Vec<&str> = root
        .descendants("PackageReference")
        .iter()
        .filter_map(|p| p.attr("Include"))
        .collect();
    let flag = |name: &str| {
        property(&root, name).is_some_and(|e| e.text.trim().eq_ignore_ascii_case("true"))
    };
    let parsed = Project {
        rel: file.rel.clone(),
        stem,
        aspire: flag("IsAspireHost") || sdk.starts_with("Aspire.AppHost"),
        test: flag("IsTestProject")
            || references.iter().any(|r| {
                matches!(
                    *r,
                    "Microsoft.NET.Test.Sdk" | "xunit" | "NUnit" | "MSTest.TestFramework"
                )
            }),
        output_type: property(&root, "OutputType").map(|e| e.text.trim().to_owned()),
        assembly: property(&root, "AssemblyName").map(|e| (e.text.trim().to_owned(), e.line)),
        framework: framework(&file.rel, &root),
        sdk,
    };
    if let Some(framework) = &parsed.framework {
        scan.version(
            RT,
            file,
            0,
            framework.value.clone(),
            framework.evidence.clone(),
        );
    }
    scan.fact(RT, file, Fact::Dotnet(parsed));
}

fn props(file: &FileRef, scan: &mut Scan<'_>) {
    let Some(text) = scan.read(file) else { return };
    let Some(framework) = xml::parse(&text).and_then(|root| framework(&file.rel, &root)) else {
        return;
    };
    scan.marker(
        RT,
        file,
        Evidence::new(&file.rel, "shared MSBuild properties"),
    );
    scan.version(
        RT,
        file,
        1,
        framework.value.clone(),
        framework.evidence.clone(),
    );
    scan.fact(RT, file, Fact::DotnetProps(framework));
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
    scan.marker(RT, file, Evidence::new(&file.rel, ".NET SDK pin"));
    // The SDK's feature band says which runtime it ships: SDK 8.0.404 builds for .NET 8.0. A target
    // framework, when one is found, says more and wins.
    let Some(version) = first_version(sdk) else {
        return;
    };
    let runtime: Vec<&str> = version.split('.').take(2).collect();
    let evidence = Evidence::new(&file.rel, format!("pins the .NET SDK {sdk}"))
        .at(line_containing(&text, sdk))
        .key("sdk.version");
    scan.version(RT, file, 5, runtime.join("."), evidence);
}

/// Picks the project that is an app, names its assembly, and takes its target framework as the version.
pub(crate) fn finalize(draft: &mut Draft, ctx: &mut AppCtx<'_>) {
    let mut projects: Vec<Project> = Vec::new();
    let mut shared: Option<Evidenced<String>> = None;
    for (_, fact) in draft.facts() {
        match fact {
            Fact::Dotnet(p) => projects.push(p.clone()),
            Fact::DotnetProps(f) if shared.is_none() => shared = Some(f.clone()),
            _ => {}
        }
    }
    projects.sort_by(|a, b| a.rel.cmp(&b.rel));
    let apps: Vec<&Project> = projects.iter().filter(|p| p.is_app()).collect();
    let here = ctx
        .files
        .iter()
        .filter(|f| {
            !f.contains('/')
                && [".sln", ".slnx", ".csproj", ".fsproj", ".vbproj"]
                    .iter()
                    .any(|e| f.ends_with(e))
        })
        .count();
    let candidate = |p: &Project| {
        let (name, line) = match &p.assembly {
            Some((name, line)) => (name.clone(), Some(*line)),
            None => (p.stem.clone(), None),
        };
        let detail = match &p.assembly {
            Some(_) => format!("<AssemblyName>{name}</AssemblyName> of a {}", p.kind()),
            None => format!("{} named after its file", p.kind()),
        };
        let evidence = Evidence::new(&p.rel, detail)
            .at(line)
            .key(ctx.inside(&p.rel).to_owned());
        Evidenced::new(name, evidence)
    };
    match apps.as_slice() {
        [only] => {
            let chosen = candidate(only);
            let inside = ctx.inside(&only.rel);
            if inside.contains('/') || here > 1 {
                let evidence = Evidence::new(&only.rel, format!("the {} to publish", only.kind()));
                draft.out.build_target = Some(Evidenced::new(inside.to_owned(), evidence));
            }
            draft.out.artifact = Some(chosen);
            if let Some(framework) = only.framework.clone().or(shared) {
                draft.out.version = Some(framework);
            }
        }
        [] => {
            if let Some(framework) = shared {
                draft.out.version = Some(framework);
            }
        }
        several => {
            draft.out.artifact_candidates = several.iter().map(|p| candidate(p)).collect();
            let frameworks: Vec<&Evidenced<String>> = several
                .iter()
                .filter_map(|p| p.framework.as_ref())
                .collect();
            if let Some(first) = frameworks.first()
                && frameworks.iter().all(|f| f.value == first.value)
            {
                draft.out.version = Some((*first).clone());
            } else if let Some(framework) = shared {
                draft.out.version = Some(framework);
            }
        }
    }
}
