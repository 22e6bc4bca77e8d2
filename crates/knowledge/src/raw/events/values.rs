//! Values: scalars, arrays and inline tables.

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde_spanned::de::{SpannedDeserializer, is_spanned};
use toml_datetime::de::DatetimeDeserializer;
use toml_parser::ParseError;
use toml_parser::decoder::ScalarKind;
use toml_parser::parser::EventKind;

use super::{Cursor, Result, Unread, key_de};

/// The names under which `toml_datetime` asks for a datetime (its serde protocol, which it keeps
/// private); the tests reading every built-in date from events would fail if they changed.
const DATETIME_STRUCT: &str = "$__toml_private_Datetime";
const DATETIME_FIELD: &str = "$__toml_private_datetime";

/// The value after a `=`, or an element of an array.
pub(super) struct ValueDe<'c, 'i, 'e> {
    pub(super) cursor: &'c mut Cursor<'i, 'e>,
}

impl<'i> ValueDe<'_, 'i, '_> {
    fn scalar(&mut self) -> Result<(ScalarKind, Cow<'i, str>)> {
        let event = self.cursor.expect(EventKind::Scalar)?;
        let raw = self.cursor.source.get(event).ok_or(Unread)?;
        let mut decoded = Cow::Borrowed("");
        let mut error: Option<ParseError> = None;
        let kind = raw.decode_scalar(&mut decoded, &mut error);
        if error.is_some() {
            Err(Unread)
        } else {
            Ok((kind, decoded))
        }
    }
}

impl<'i> de::Deserializer<'i> for ValueDe<'_, 'i, '_> {
    type Error = Unread;

    fn deserialize_any<V: Visitor<'i>>(mut self, visitor: V) -> Result<V::Value> {
        match self.cursor.peek() {
            Some(EventKind::Scalar) => {}
            Some(EventKind::ArrayOpen) => {
                self.cursor.next()?;
                let value = visitor.visit_seq(ArrayAccess {
                    cursor: &mut *self.cursor,
                })?;
                self.cursor.expect(EventKind::ArrayClose)?;
                return Ok(value);
            }
            Some(EventKind::InlineTableOpen) => {
                self.cursor.next()?;
                let seen_from = self.cursor.seen.len();
                let value = visitor.visit_map(InlineAccess {
                    cursor: &mut *self.cursor,
                    seen_from,
                })?;
                self.cursor.expect(EventKind::InlineTableClose)?;
                return Ok(value);
            }
            _ => return Err(Unread),
        }
        match self.scalar()? {
            (ScalarKind::String, Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            (ScalarKind::String, Cow::Owned(s)) => visitor.visit_string(s),
            (ScalarKind::Boolean(b), _) => visitor.visit_bool(b),
            (ScalarKind::Integer(radix), digits) => {
                let n = i64::from_str_radix(&digits, radix.value()).map_err(|_| Unread)?;
                visitor.visit_i64(n)
            }
            (ScalarKind::Float, digits) => {
                // `toml` reads `inf` and `nan` its own way; the data checks reject them after.
                let f: f64 = digits.parse().map_err(|_| Unread)?;
                if f.is_finite() {
                    visitor.visit_f64(f)
                } else {
                    Err(Unread)
                }
            }
            (ScalarKind::DateTime, text) => {
                let datetime: toml_datetime::Datetime = text.parse().map_err(|_| Unread)?;
                visitor.visit_map(DatetimeDeserializer::new(datetime))
            }
        }
    }

    fn deserialize_struct<V: Visitor<'i>>(
        mut self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if is_spanned(name) {
            let span = self.cursor.here()?..self.cursor.value_end()?;
            visitor.visit_map(SpannedDeserializer::new(self, span))
        } else if name == DATETIME_STRUCT {
            // A date handed over as its text, which the visitor parses once: going through
            // `DatetimeDeserializer` parses it, prints it and parses the print again.
            match self.scalar()? {
                (ScalarKind::DateTime, text) => visitor.visit_map(de::value::MapDeserializer::new(
                    std::iter::once((DATETIME_FIELD, &*text)),
                )),
                _ => Err(Unread),
            }
        } else {
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_option<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: Visitor<'i>>(
        mut self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.scalar()? {
            (ScalarKind::String, Cow::Borrowed(s)) => {
                visitor.visit_enum(BorrowedStrDeserializer::<Unread>::new(s))
            }
            (ScalarKind::String, Cow::Owned(s)) => {
                visitor.visit_enum(s.into_deserializer() as StringDeserializer<Unread>)
            }
            _ => Err(Unread),
        }
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'i>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map identifier ignored_any
    }
}

impl<'i> IntoDeserializer<'i, Unread> for ValueDe<'_, 'i, '_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

struct ArrayAccess<'c, 'i, 'e> {
    cursor: &'c mut Cursor<'i, 'e>,
}

impl<'i> de::SeqAccess<'i> for ArrayAccess<'_, 'i, '_> {
    type Error = Unread;

    fn next_element_seed<T: DeserializeSeed<'i>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.cursor.more(EventKind::ArrayClose)? {
            return Ok(None);
        }
        seed.deserialize(ValueDe {
            cursor: &mut *self.cursor,
        })
        .map(Some)
    }
}

struct InlineAccess<'c, 'i, 'e> {
    cursor: &'c mut Cursor<'i, 'e>,
    /// Where this table's keys start in the cursor's list of keys seen.
    seen_from: usize,
}

impl<'i> de::MapAccess<'i> for InlineAccess<'_, 'i, '_> {
    type Error = Unread;

    fn next_key_seed<K: DeserializeSeed<'i>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.cursor.more(EventKind::InlineTableClose)? {
            self.cursor.seen.truncate(self.seen_from);
            return Ok(None);
        }
        let key = self.cursor.key()?;
        self.cursor.expect(EventKind::KeyValSep)?;
        self.cursor.note(self.seen_from, key.clone())?;
        key_de(key).seed(seed).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'i>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(ValueDe {
            cursor: &mut *self.cursor,
        })
    }
}
