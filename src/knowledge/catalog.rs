//! The image catalog (`images.toml`): every base image basepick knows, with its figures and sources.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::date::Date;

/// The whole `images.toml` file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// The day the figures and support dates were last checked; "supported" is judged on this day.
    pub review_date: Date,
    #[serde(rename = "image", default)]
    pub images: Vec<Image>,
}

/// One base image.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Stable kebab-case id that the tree and scripts refer to.
    pub id: Spanned<String>,
    /// Exactly what goes after `FROM`: an explicit tag, never `latest` (unless `pin = "digest"`).
    pub reference: Spanned<String>,
    /// A short human name for cards and tables.
    pub name: String,
    pub family: Family,
    /// Runtimes this image serves (`python`, `node`, …); empty for plain OS images.
    #[serde(default)]
    pub runtimes: Vec<String>,
    /// The runtime's version in this image (e.g. `3.13`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_version: Option<String>,
    /// The OS release underneath (`debian13`, `alpine3.22`, `ubuntu24.04`, `wolfi`, `ubi9`, `none`).
    pub os: String,
    /// Compressed size for linux/amd64, in MB.
    pub size_mb: f64,
    /// Approximate number of OS packages.
    pub packages: u32,
    /// Typical range of known vulnerabilities reported by scanners.
    pub vulns: VulnRange,
    pub shell: Shell,
    pub package_manager: PackageManager,
    pub libc: Libc,
    /// Default user the image runs as.
    pub user: String,
    /// Numeric UID of that user (0 for root).
    pub uid: u32,
    /// The port the image's server is configured to listen on, when the image fixes it (an
    /// unprivileged nginx listens on 8080 whatever the app's port is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listen_port: Option<u16>,
    /// End of support of the runtime or OS, when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_until: Option<Date>,
    /// The image to move to once this one is out of support.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub successor: Option<Spanned<String>>,
    /// How the Dockerfile pins it: by `tag` (default) or by `digest` (for registries that only publish `latest`).
    #[serde(default)]
    pub pin: Pin,
    /// A `{version}` pattern for the reference, letting users pick another runtime version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_pattern: Option<String>,
    /// Runtime versions `version_pattern` may be filled with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// One line on what the image is for or what to watch out for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Where the figures come from, and when they were read.
    pub source: String,
}

impl Image {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    pub fn reference(&self) -> &str {
        self.reference.get_ref()
    }

    /// Whether the image is still supported on `day` (images without a published end count as supported).
    pub fn supported_on(&self, day: Date) -> bool {
        self.supported_until.is_none_or(|end| end >= day)
    }

    pub fn has_shell(&self) -> bool {
        self.shell != Shell::None
    }

    /// The reference for another runtime version, when the image allows choosing one.
    pub fn reference_for_version(&self, version: &str) -> Option<String> {
        let pattern = self.version_pattern.as_ref()?;
        self.versions
            .iter()
            .any(|v| v == version)
            .then(|| pattern.replace("{version}", version))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VulnRange {
    pub min: u32,
    pub max: u32,
}

impl VulnRange {
    /// The middle of the range, used to compare images.
    pub fn mid(self) -> f64 {
        f64::midpoint(f64::from(self.min), f64::from(self.max))
    }
}

impl std::fmt::Display for VulnRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.min == self.max {
            write!(f, "{}", self.min)
        } else {
            write!(f, "{}-{}", self.min, self.max)
        }
    }
}

/// Defines a lowercase string enum with `as_str`, `Display`, serde and a list of every value.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, clap::ValueEnum)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum!(
    /// The broad kind of image; it decides most of the trade-offs.
    Family {
        Full => "full",
        Slim => "slim",
        Alpine => "alpine",
        Distroless => "distroless",
        Scratch => "scratch",
        Hardened => "hardened",
    }
);

word_enum!(Shell { None => "none", Sh => "sh", Ash => "ash", Bash => "bash" });

word_enum!(PackageManager {
    None => "none",
    Apt => "apt",
    Apk => "apk",
    Microdnf => "microdnf",
});

word_enum!(Libc { Glibc => "glibc", Musl => "musl", None => "none" });

word_enum!(
    /// How a Dockerfile pins the image.
    #[derive(Default)]
    Pin {
        #[default]
        Tag => "tag",
        Digest => "digest",
    }
);
