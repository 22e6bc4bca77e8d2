//! Importing a package count from an SBOM: SPDX JSON (`packages`) or CycloneDX JSON (`components`,
//! nested ones included). The image itself, its operating system entry and file entries are not
//! packages and are not counted.

use std::collections::HashSet;

use serde_json::Value;

use super::scan::{ReportError, items, text};

/// What an SBOM says about an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageFigures {
    pub count: u64,
    /// `SPDX` or `CycloneDX`.
    pub format: &'static str,
    /// The tool that wrote it (`syft 1.18.1`), when the SBOM says.
    pub tool: Option<String>,
}

/// Reads an SPDX or CycloneDX JSON SBOM.
pub fn read_sbom(bytes: &[u8]) -> Result<PackageFigures, ReportError> {
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| ReportError::NotJson(e.to_string()))?;
    if doc.get("spdxVersion").is_some() {
        Ok(spdx(&doc))
    } else if doc.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        Ok(cyclonedx(&doc))
    } else {
        Err(ReportError::UnknownSbom)
    }
}

fn spdx(doc: &Value) -> PackageFigures {
    // What the document describes (the image) is the root, not one of its packages.
    let mut roots: HashSet<String> = items(doc.get("documentDescribes"))
        .filter_map(|v| text(Some(v)))
        .collect();
    roots.extend(
        items(doc.get("relationships"))
            .filter(|r| {
                text(r.get("relationshipType")).as_deref() == Some("DESCRIBES")
                    && text(r.get("spdxElementId")).as_deref() == Some("SPDXRef-DOCUMENT")
            })
            .filter_map(|r| text(r.get("relatedSpdxElement"))),
    );
    let count = items(doc.get("packages"))
        .filter(|p| {
            let id = text(p.get("SPDXID")).unwrap_or_default();
            let purpose = text(p.get("primaryPackagePurpose")).unwrap_or_default();
            !roots.contains(&id)
                && !id.starts_with("SPDXRef-DocumentRoot")
                && !matches!(purpose.as_str(), "CONTAINER" | "OPERATING-SYSTEM" | "FILE")
        })
        .count() as u64;
    // creators: ["Tool: syft-1.18.1", "Organization: Anchore, Inc"]
    let tool = items(doc.pointer("/creationInfo/creators"))
        .filter_map(|c| c.as_str())
        .find_map(|c| c.strip_prefix("Tool:"))
        .map(|t| match t.trim().rsplit_once('-') {
            Some((name, version))
                if version.starts_with(|c: char| c.is_ascii_digit() || c == 'v') =>
            {
                format!("{name} {}", version.trim_start_matches('v'))
            }
            _ => t.trim().to_owned(),
        });
    PackageFigures {
        count,
        format: "SPDX",
        tool,
    }
}

fn cyclonedx(doc: &Value) -> PackageFigures {
    let mut count = 0;
    let mut stack: Vec<&Value> = items(doc.get("components")).collect();
    while let Some(c) = stack.pop() {
        let kind = text(c.get("type")).unwrap_or_default();
        if !matches!(kind.as_str(), "operating-system" | "container" | "file") {
            count += 1;
        }
        stack.extend(items(c.get("components")));
    }
    // metadata.tools: a list of tools (1.4) or {components: [...]} (1.5 and later).
    let tools = doc.pointer("/metadata/tools");
    let tool = items(tools)
        .chain(items(tools.and_then(|t| t.get("components"))))
        .find_map(|t| {
            let name = text(t.get("name"))?;
            Some(match text(t.get("version")) {
                Some(v) => format!("{name} {v}"),
                None => name,
            })
        });
    PackageFigures {
        count,
        format: "CycloneDX",
        tool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_spdx_packages_without_the_image_and_its_os() {
        let doc = r#"{"spdxVersion":"SPDX-2.3","creationInfo":{"creators":["Organization: Anchore, Inc","Tool: syft-1.18.1"]},
          "documentDescribes":["SPDXRef-DocumentRoot-Image-python"],
          "packages":[
            {"SPDXID":"SPDXRef-DocumentRoot-Image-python","name":"python","primaryPackagePurpose":"CONTAINER"},
            {"SPDXID":"SPDXRef-OperatingSystem-debian","name":"debian","primaryPackagePurpose":"OPERATING-SYSTEM"},
            {"SPDXID":"SPDXRef-Package-deb-bash","name":"bash"},
            {"SPDXID":"SPDXRef-Package-deb-libc6","name":"libc6"},
            {"SPDXID":"SPDXRef-Package-python-pip","name":"pip"}],
          "relationships":[{"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-DocumentRoot-Image-python"}]}"#;
        let f = read_sbom(doc.as_bytes()).unwrap();
        assert_eq!(f.count, 3);
        assert_eq!(f.format, "SPDX");
        assert_eq!(f.tool.as_deref(), Some("syft 1.18.1"));
    }

    #[test]
    fn counts_nested_cyclonedx_components() {
        let doc = r#"{"bomFormat":"CycloneDX","specVersion":"1.6",
          "metadata":{"tools":{"components":[{"type":"application","name":"trivy","version":"0.58.1"}]},"component":{"type":"container","name":"python"}},
          "components":[
            {"type":"operating-system","name":"debian"},
            {"type":"library","name":"bash"},
            {"type":"application","name":"python","components":[{"type":"library","name":"pip"}]},
            {"type":"file","name":"/etc/passwd"}]}"#;
        let f = read_sbom(doc.as_bytes()).unwrap();
        assert_eq!((f.count, f.format), (3, "CycloneDX"));
        assert_eq!(f.tool.as_deref(), Some("trivy 0.58.1"));
        let old = r#"{"bomFormat":"CycloneDX","metadata":{"tools":[{"vendor":"aquasecurity","name":"trivy","version":"0.40.0"}]},"components":[]}"#;
        let f = read_sbom(old.as_bytes()).unwrap();
        assert_eq!((f.count, f.tool.as_deref()), (0, Some("trivy 0.40.0")));
    }

    #[test]
    fn refuses_what_is_not_an_sbom() {
        assert_eq!(
            read_sbom(b"{\"matches\":[]}"),
            Err(ReportError::UnknownSbom)
        );
        assert!(matches!(read_sbom(b"nope"), Err(ReportError::NotJson(_))));
    }
}
