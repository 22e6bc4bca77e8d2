//! Tables: the entry, with the `[name.key]` and `[[name.key]]` tables after it.

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde_spanned::de::{SpannedDeserializer, is_spanned};
use toml_parser::parser::EventKind;

use super::values::ValueDe;
use super::{Cursor, Result, Unread, key_de};

/// The key-value pairs of a table: the entry itself (`top`), with the sub-tables that follow it,
/// or one sub-table, which ends at the next header.
pub(super) struct TableDe<'c, 'i, 'e> {
    pub(super) cursor: &'c mut Cursor<'i, 'e>,
    pub(super) name: &'c str,
    pub(super) top: bool,
}

/// What the value of the key just given is.
enum Pending {
    Value,
    Table,
    Tables,
}

struct TableAccess<'c, 'i, 'e> {
    table: TableDe<'c, 'i, 'e>,
    /// Where this table's keys start in the cursor's list of keys seen.
    seen_from: usize,
    pending: Pending,
}

impl<'i> de::Deserializer<'i> for TableDe<'_, 'i, '_> {
    type Error = Unread;

    fn deserialize_any<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value> {
        let seen_from = self.cursor.seen.len();
        visitor.visit_map(TableAccess {
            table: self,
            seen_from,
            pending: Pending::Value,
        })
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'i>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'i> de::MapAccess<'i> for TableAccess<'_, 'i, '_> {
    type Error = Unread;

    fn next_key_seed<K: DeserializeSeed<'i>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let cursor = &mut *self.table.cursor;
        match cursor.peek() {
            None => {
                cursor.seen.truncate(self.seen_from);
                Ok(None)
            }
            Some(EventKind::SimpleKey) => {
                let key = cursor.key()?;
                cursor.expect(EventKind::KeyValSep)?;
                cursor.note(self.seen_from, key.clone())?;
                self.pending = Pending::Value;
                key_de(key).seed(seed).map(Some)
            }
            Some(kind @ (EventKind::StdTableOpen | EventKind::ArrayTableOpen)) => {
                if !self.table.top {
                    // The next table's header ends this one.
                    cursor.seen.truncate(self.seen_from);
                    return Ok(None);
                }
                // Look at the header, then leave it for the value to read.
                let at = cursor.pos;
                cursor.next()?;
                let (first, second, _) = cursor.header()?;
                cursor.pos = at;
                let key = match second {
                    Some(key) if first == self.table.name => key,
                    _ => return Err(Unread),
                };
                cursor.note(self.seen_from, key.clone())?;
                self.pending = if kind == EventKind::StdTableOpen {
                    Pending::Table
                } else {
                    Pending::Tables
                };
                key_de(key).seed(seed).map(Some)
            }
            Some(_) => Err(Unread),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'i>>(&mut self, seed: V) -> Result<V::Value> {
        let cursor = &mut *self.table.cursor;
        match self.pending {
            Pending::Value => seed.deserialize(ValueDe { cursor }),
            Pending::Table => seed.deserialize(SubTableDe::open(cursor, self.table.name)?),
            Pending::Tables => seed.deserialize(SubTablesDe {
                cursor,
                name: self.table.name,
                key: None,
            }),
        }
    }
}

/// One `[name.key]` or `[[name.key]]` table, its header already read; spanned by its header.
struct SubTableDe<'c, 'i, 'e> {
    cursor: &'c mut Cursor<'i, 'e>,
    name: &'c str,
    span: std::ops::Range<usize>,
}

impl<'c, 'i, 'e> SubTableDe<'c, 'i, 'e> {
    fn open(cursor: &'c mut Cursor<'i, 'e>, name: &'c str) -> Result<Self> {
        let start = cursor.here()?;
        cursor.next()?;
        let (_, _, end) = cursor.header()?;
        Ok(SubTableDe {
            cursor,
            name,
            span: start..end,
        })
    }
}

impl<'i> de::Deserializer<'i> for SubTableDe<'_, 'i, '_> {
    type Error = Unread;

    fn deserialize_any<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value> {
        TableDe {
            cursor: self.cursor,
            name: self.name,
            top: false,
        }
        .deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'i>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if is_spanned(name) {
            let span = self.span.clone();
            visitor.visit_map(SpannedDeserializer::new(self, span))
        } else {
            self.deserialize_any(visitor)
        }
    }

    fn deserialize_option<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'i>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

impl<'i> IntoDeserializer<'i, Unread> for SubTableDe<'_, 'i, '_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A run of `[[name.key]]` tables.
struct SubTablesDe<'c, 'i, 'e> {
    cursor: &'c mut Cursor<'i, 'e>,
    name: &'c str,
    /// The key of the run, once its first header is read.
    key: Option<Cow<'i, str>>,
}

impl<'i> de::Deserializer<'i> for SubTablesDe<'_, 'i, '_> {
    type Error = Unread;

    fn deserialize_any<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(self)
    }

    fn deserialize_option<V: Visitor<'i>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'i>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'i> de::SeqAccess<'i> for SubTablesDe<'_, 'i, '_> {
    type Error = Unread;

    fn next_element_seed<T: DeserializeSeed<'i>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.cursor.peek() != Some(EventKind::ArrayTableOpen) {
            return Ok(None);
        }
        // The run goes on while headers name the same key; another header ends it.
        let at = self.cursor.pos;
        self.cursor.next()?;
        let (first, second, _) = self.cursor.header()?;
        self.cursor.pos = at;
        let Some(second) = second.filter(|_| first == self.name) else {
            return Ok(None);
        };
        if self.key.as_ref().is_some_and(|k| *k != second) {
            return Ok(None);
        }
        self.key.get_or_insert(second);
        seed.deserialize(SubTableDe::open(self.cursor, self.name)?)
            .map(Some)
    }
}
