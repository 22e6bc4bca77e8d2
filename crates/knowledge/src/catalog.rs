//! The image catalog: every base image basepick knows, with its figures and sources, resolved (the
//! reference parsed, the successor an index into the catalog).

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::diagnostics::Location;
use crate::figures::{Figure, ScanInfo, SupportRule};
use crate::imageref::ImageRef;
use crate::text::Text;

/// An image's place in the catalog; only a resolved catalog hands these out, so they always point at
/// an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ImageIdx(pub(crate) u32);

impl ImageIdx {
    /// The position in [`Catalog::images`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Every image, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Catalog {
    /// The day the figures and support dates were last checked; "supported" is judged on this day.
    pub review_date: Date,
    pub images: Vec<Image>,
}

impl Catalog {
    /// The day listings judge support on: `today`, or the review date if the clock is behind it, so
    /// an image that went out of support after the review shows up as such.
    pub fn status_day(&self, today: Date) -> Date {
        today.max(self.review_date)
    }

    pub fn get(&self, idx: ImageIdx) -> &Image {
        &self.images[idx.0 as usize]
    }

    /// The image with this id.
    pub fn find(&self, id: &str) -> Option<ImageIdx> {
        self.images
            .iter()
            .position(|i| i.id == id)
            .and_then(|p| u32::try_from(p).ok())
            .map(ImageIdx)
    }

    pub fn by_id(&self, id: &str) -> Option<&Image> {
        self.find(id).map(|i| self.get(i))
    }

    /// The image to move to from `image`, when it names one.
    pub fn successor(&self, image: &Image) -> Option<&Image> {
        image.successor.map(|s| self.get(s))
    }
}

/// One base image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Image {
    /// Stable kebab-case id that the tree and scripts refer to.
    pub id: Text,
    /// Exactly what goes after `FROM`: an explicit tag, never `latest` (unless pinned by digest).
    pub reference: ImageRef,
    /// Other references that name the same image (a shorter tag for the same build).
    pub aliases: Vec<ImageRef>,
    /// A short human name for cards and tables.
    pub name: Text,
    pub family: Family,
    /// Runtimes this image serves (`python`, `node`, …); empty for plain OS images.
    pub runtimes: Vec<Text>,
    /// The runtime's version in this image (e.g. `3.13`), when it has one.
    pub runtime_version: Option<Text>,
    /// The OS release underneath (`debian13`, `alpine3.22`, `ubuntu24.04`, `wolfi`, `ubi9`, `none`).
    pub os: Text,
    /// Platforms the reference is published for, when known.
    pub platforms: Vec<Text>,
    /// Compressed size of the linux/amd64 image in MB (10^6 bytes): what a pull transfers.
    pub compressed: Figure<f64>,
    /// The manifest digest the compressed size was measured on.
    pub digest: Option<Text>,
    /// When the measured image was built.
    pub created: Option<Date>,
    /// Size on disk once unpacked, in MB.
    pub uncompressed: Option<Figure<f64>>,
    /// Number of OS packages.
    pub packages: Figure<u32>,
    /// Known vulnerabilities: a scanner's count (as a range of one), or a typical range.
    pub vulns: Figure<VulnRange>,
    /// The scanner run, for measured vulnerability counts.
    pub scan: Option<ScanInfo>,
    pub shell: Shell,
    pub package_manager: PackageManager,
    pub libc: Libc,
    /// Default user the image runs as.
    pub user: Text,
    /// Numeric UID of that user (0 for root).
    pub uid: u32,
    /// The port the image's server listens on, when the image fixes it.
    pub listen_port: Option<u16>,
    /// End of support of the runtime or OS, when published (an upper bound when `support_rule` is set).
    pub supported_until: Option<Date>,
    /// A rule for the end of support whose date is not known yet.
    pub support_rule: Option<SupportRule>,
    /// The image to move to once this one is out of support.
    pub successor: Option<ImageIdx>,
    /// How the Dockerfile pins it: by tag, or by digest for registries that only publish `latest`.
    pub pin: Pin,
    /// Other runtime versions the image family publishes, and how their references are spelled.
    pub versions: Option<Versions>,
    /// One line on what the image is for or what to watch out for.
    pub note: Option<Text>,
    /// Where the figures come from, and when they were read.
    pub source: Text,
    /// Where the entry is written, for warnings about it.
    pub defined_at: Option<Location>,
}

/// The runtime versions an image family offers: `pattern` with `{version}` filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
pub struct Versions {
    pub pattern: Text,
    pub offered: Vec<Text>,
}

impl Image {
    /// The compressed size in MB, measured or estimated: for ordering, never for exact differences.
    pub fn size_mb(&self) -> f64 {
        self.compressed.value
    }

    /// The middle of the vulnerability range: for ordering only.
    pub fn vulns_mid(&self) -> f64 {
        self.vulns.value.mid()
    }

    /// Whether `reference` names this image: its own reference or one of its aliases.
    pub fn is_named_by(&self, reference: &ImageRef) -> bool {
        self.reference.same_name(reference) || self.aliases.iter().any(|a| a.same_name(reference))
    }

    /// Whether the image is still supported on `day` (images without a published end count as supported).
    pub fn supported_on(&self, day: Date) -> bool {
        self.supported_until.is_none_or(|end| end >= day)
    }

    pub fn has_shell(&self) -> bool {
        self.shell != Shell::None
    }

    /// The runtime versions users may choose: the family's list, or the image's own version.
    pub fn offered_versions(&self) -> Vec<String> {
        match &self.versions {
            Some(v) => v.offered.iter().map(ToString::to_string).collect(),
            None => self
                .runtime_version
                .iter()
                .map(ToString::to_string)
                .collect(),
        }
    }

    /// The reference for another runtime version, when the image family offers it.
    pub fn reference_for_version(&self, version: &str) -> Option<ImageRef> {
        if self.runtime_version.as_deref() == Some(version) {
            return Some(self.reference.clone());
        }
        let versions = self.versions.as_ref()?;
        if !versions.offered.iter().any(|v| v == version) {
            return None;
        }
        ImageRef::parse(&versions.pattern.replace("{version}", version)).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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

/// Defines a lowercase string enum with `as_str`, `Display`, `FromStr`, serde and a list of every value.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
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

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(text: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.as_str() == text).ok_or_else(|| {
                    let valid: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                    format!("`{text}` is not one of: {}", valid.join(", "))
                })
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
