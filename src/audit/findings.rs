//! What an audit reports: findings with a kind (a stable id), a severity and the line they are about.

use std::collections::HashMap;

use serde::Serialize;

/// How bad a finding is, most severe first. `--fail-on` picks the least severe level that fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The image is out of support, or the Dockerfile cannot be built as written.
    Error,
    /// A risk worth fixing: root, a moving tag, only extended support left.
    Warning,
    /// Worth knowing, not a failure by default.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Whether a finding of this severity fails an audit that fails on `threshold`.
    pub fn fails(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

/// What a finding is about; stable ids for scripts and code-scanning rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    RootUser,
    MissingUser,
    LatestTag,
    Untagged,
    FloatingTag,
    Unsupported,
    BuildStageUnsupported,
    ExtendedSupportOnly,
    NearEndOfSupport,
    SupportUnknown,
    NotInCatalog,
    UnresolvedArg,
    PlatformArg,
    UnknownInstruction,
    Syntax,
}

impl FindingKind {
    pub const ALL: &'static [FindingKind] = &[
        FindingKind::Unsupported,
        FindingKind::BuildStageUnsupported,
        FindingKind::ExtendedSupportOnly,
        FindingKind::NearEndOfSupport,
        FindingKind::SupportUnknown,
        FindingKind::RootUser,
        FindingKind::MissingUser,
        FindingKind::LatestTag,
        FindingKind::Untagged,
        FindingKind::FloatingTag,
        FindingKind::NotInCatalog,
        FindingKind::UnresolvedArg,
        FindingKind::PlatformArg,
        FindingKind::UnknownInstruction,
        FindingKind::Syntax,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::RootUser => "root-user",
            FindingKind::MissingUser => "missing-user",
            FindingKind::LatestTag => "latest-tag",
            FindingKind::Untagged => "untagged",
            FindingKind::FloatingTag => "floating-tag",
            FindingKind::Unsupported => "unsupported",
            FindingKind::BuildStageUnsupported => "build-stage-unsupported",
            FindingKind::ExtendedSupportOnly => "extended-support-only",
            FindingKind::NearEndOfSupport => "near-end-of-support",
            FindingKind::SupportUnknown => "support-unknown",
            FindingKind::NotInCatalog => "not-in-catalog",
            FindingKind::UnresolvedArg => "unresolved-arg",
            FindingKind::PlatformArg => "platform-arg",
            FindingKind::UnknownInstruction => "unknown-instruction",
            FindingKind::Syntax => "syntax",
        }
    }

    /// One sentence on what the kind means, for code-scanning rule descriptions.
    pub fn describe(self) -> &'static str {
        match self {
            FindingKind::RootUser => "The final image runs as root.",
            FindingKind::MissingUser => "The final stage sets no USER.",
            FindingKind::LatestTag => "An image follows the `latest` tag, which moves.",
            FindingKind::Untagged => "An image has no tag, so it means `latest`.",
            FindingKind::FloatingTag => {
                "An image tag follows a moving target (a variant or channel without a version)."
            }
            FindingKind::Unsupported => {
                "The final image's runtime or distribution is out of support."
            }
            FindingKind::BuildStageUnsupported => {
                "A build stage's image is out of support: what it compiles or installs ships in the final image."
            }
            FindingKind::ExtendedSupportOnly => {
                "The final image's distribution gets only extended (LTS) security support."
            }
            FindingKind::NearEndOfSupport => "The final image reaches its end of support soon.",
            FindingKind::SupportUnknown => {
                "The lifecycle table does not know the version of the final image."
            }
            FindingKind::NotInCatalog => {
                "The final image is not in the catalog, so it has no figures."
            }
            FindingKind::UnresolvedArg => {
                "A build argument has no value, so the image is known only at build time."
            }
            FindingKind::PlatformArg => {
                "An image depends on a platform argument BuildKit sets at build time."
            }
            FindingKind::UnknownInstruction => "A line is not a Dockerfile instruction.",
            FindingKind::Syntax => "A Dockerfile construct that a build would reject or misread.",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: FindingKind,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

/// At most this many findings of one kind are listed; the rest are counted in one more.
pub const MAX_PER_KIND: usize = 20;

/// Findings as they are found, capped per kind so a Dockerfile of 100,000 `FROM` lines stays readable.
#[derive(Debug, Default)]
pub struct Findings {
    list: Vec<Finding>,
    per_kind: HashMap<FindingKind, (usize, Severity)>,
}

impl Findings {
    pub fn push(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        line: Option<usize>,
        message: String,
    ) {
        let count = self.per_kind.entry(kind).or_insert((0, severity));
        count.0 += 1;
        count.1 = count.1.min(severity);
        if count.0 <= MAX_PER_KIND {
            self.list.push(Finding {
                kind,
                severity,
                line,
                message,
            });
        }
    }

    /// The findings, most severe first and by line, with one summary per capped kind.
    pub fn finish(mut self) -> Vec<Finding> {
        let mut capped: Vec<(FindingKind, usize, Severity)> = self
            .per_kind
            .iter()
            .filter(|(_, (n, _))| *n > MAX_PER_KIND)
            .map(|(k, (n, s))| (*k, *n, *s))
            .collect();
        capped.sort_by_key(|(k, ..)| k.as_str());
        for (kind, n, severity) in capped {
            self.list.push(Finding {
                kind,
                severity,
                line: None,
                message: format!("and {} more like these", n - MAX_PER_KIND),
            });
        }
        self.list
            .sort_by_key(|f| (f.severity, f.line.is_none(), f.line));
        self.list
    }
}
