//! Text of the data set. Read back from the built-in data it points into the binary's own copy of its
//! string table (see [`crate::strings`]) instead of being copied to the heap: the catalog is about 2,000 short strings, and
//! allocating and copying each one was most of what decoding it cost. Parsed from files, it owns its
//! text as a `String` would.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::strings;

/// A string that is either borrowed from data that lives as long as the program, or owned.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Cow<'static, str>);

impl Text {
    /// Text the program itself holds, borrowed rather than copied.
    pub const fn from_static(text: &'static str) -> Self {
        Text(Cow::Borrowed(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

/// Owned copies of strings.
pub(crate) fn texts(strings: &[String]) -> Vec<Text> {
    strings.iter().map(|s| Text::from(s.as_str())).collect()
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Cow::Owned(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(Cow::Owned(text.to_owned()))
    }
}

/// For display types that take a `Cow` (terminal spans and lines): borrowed text stays borrowed.
impl From<Text> for Cow<'static, str> {
    fn from(text: Text) -> Self {
        text.0
    }
}

impl From<Text> for String {
    fn from(text: Text) -> Self {
        text.into_string()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

/// As a string; as its place in the string table when one is being written (the compact form).
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable()
            && let Some(place) = strings::place(&self.0)
        {
            return place.serialize(serializer);
        }
        serializer.serialize_str(&self.0)
    }
}

/// Borrows from input that lives as long as the program (the built-in data), and copies from any
/// other. Only input of that lifetime can be read into a `Text`, so types holding one carry the
/// bound `'de: 'static` on their own `Deserialize`.
impl<'de> Deserialize<'de> for Text
where
    'de: 'static,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable()
            && let Some(table) = strings::table()
        {
            let place = strings::Place::deserialize(deserializer)?;
            return strings::at(table, place)
                .map(|text| Text(Cow::Borrowed(text)))
                .ok_or_else(|| serde::de::Error::custom("a text outside the string table"));
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> serde::de::Visitor<'de> for TextVisitor
where
    'de: 'static,
{
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, text: &'de str) -> Result<Text, E> {
        Ok(Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
        Ok(Text::from(text))
    }

    fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
        Ok(Text::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_read_back_from_lasting_bytes_points_into_them() {
        let bytes: &'static [u8] = postcard::to_allocvec(&("python", vec!["3.13".to_owned()]))
            .unwrap()
            .leak();
        let (name, versions): (Text, Vec<Text>) = postcard::from_bytes(bytes).unwrap();
        assert!(matches!(name.0, Cow::Borrowed(_)));
        assert!(bytes.as_ptr_range().contains(&name.as_ptr()));
        assert!(matches!(versions[0].0, Cow::Borrowed(_)));
        assert_eq!(name, "python");
        assert_eq!(versions, ["3.13"]);
    }

    #[test]
    fn text_compares_and_prints_as_its_string() {
        let owned = Text::from("alpine".to_owned());
        let (literal, string): (&str, String) = ("alpine", "alpine".to_owned());
        // Each comparison both ways, as each direction is an impl of its own.
        assert_eq!(owned, literal);
        assert_eq!(literal, owned);
        assert_eq!(owned, *literal);
        assert_eq!(*literal, owned);
        assert_eq!(owned, string);
        assert_eq!(string, owned);
        assert_eq!(format!("{owned} {owned:?}"), "alpine \"alpine\"");
        assert_eq!(owned.len(), 6);
        assert_eq!(String::from(owned), "alpine");
    }
}
