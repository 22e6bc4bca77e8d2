//! The string table of the compact binary form. Every [`Text`](crate::Text) of the built-in data is
//! written once into one string, and the encoded parts hold its place there (start and length)
//! instead of the text itself. The binary embeds that string with `include_str!`, so the compiler
//! checks it is UTF-8 once, at build time; reading a text back is then a slice, where reading it
//! from the encoded bytes checked every one of them again on every run.
//!
//! Serde offers no way to hand a table to the `Serialize` and `Deserialize` impls of a type deep in
//! the data, so the table in use is kept per thread, for the span of one encode or decode.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// Where a text sits in the table: its start and length, in bytes.
pub(crate) type Place = (u32, u32);

/// A table being written: the text so far, and where each distinct string already is.
#[derive(Default)]
struct Builder {
    text: String,
    places: HashMap<String, Place>,
    /// Set when the table outgrew the `u32` places can address.
    overflowed: bool,
}

thread_local! {
    static WRITING: RefCell<Option<Builder>> = const { RefCell::new(None) };
    static READING: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// The table grew past what a [`Place`] addresses (4 GiB).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the string table outgrew 4 GiB")]
pub struct TableTooLarge;

/// Runs `encode` with a table open for the texts it writes, and returns the table with its result.
pub(crate) fn writing<T>(encode: impl FnOnce() -> T) -> Result<(T, String), TableTooLarge> {
    let outer = WRITING.with(|w| w.replace(Some(Builder::default())));
    let result = encode();
    let table = WRITING.with(|w| w.replace(outer)).unwrap_or_default();
    if table.overflowed {
        return Err(TableTooLarge);
    }
    Ok((result, table.text))
}

/// Runs `decode` with `table` as the table the texts it reads point into.
pub(crate) fn reading<T>(table: &'static str, decode: impl FnOnce() -> T) -> T {
    let outer = READING.with(|r| r.replace(Some(table)));
    let result = decode();
    READING.with(|r| r.set(outer));
    result
}

/// The place of `text` in the table being written, adding it when new; `None` when no table is
/// being written.
pub(crate) fn place(text: &str) -> Option<Place> {
    WRITING.with(|w| {
        let mut writing = w.borrow_mut();
        let builder = writing.as_mut()?;
        if let Some(&place) = builder.places.get(text) {
            return Some(place);
        }
        let (Ok(start), Ok(len)) = (u32::try_from(builder.text.len()), u32::try_from(text.len()))
        else {
            builder.overflowed = true;
            return Some((0, 0));
        };
        builder.text.push_str(text);
        builder.places.insert(text.to_owned(), (start, len));
        Some((start, len))
    })
}

/// The table texts are being read from, if any.
pub(crate) fn table() -> Option<&'static str> {
    READING.with(Cell::get)
}

/// The text at `place` in `table`; `None` when the place is outside it or splits a character.
pub(crate) fn at(table: &'static str, (start, len): Place) -> Option<&'static str> {
    let start = usize::try_from(start).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    table.get(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_distinct_text_is_written_once_and_read_back_from_its_place() {
        let ((a, b, again), table) = writing(|| {
            (
                place("python").unwrap(),
                place("héllo").unwrap(),
                place("python").unwrap(),
            )
        })
        .unwrap();
        assert_eq!(table, "pythonhéllo");
        assert_eq!(a, again);
        let table: &'static str = table.leak();
        assert_eq!(at(table, a), Some("python"));
        assert_eq!(at(table, b), Some("héllo"));
        // Out of the table, or through the middle of `é`.
        assert_eq!(at(table, (10, 5)), None);
        assert_eq!(at(table, (8, 1)), None);
        assert_eq!(place("outside"), None);
    }

    #[test]
    fn tables_are_in_use_only_inside_their_scope_and_nest() {
        assert_eq!(table(), None);
        let seen = reading("outer", || {
            let inner = reading("inner", table);
            (inner, table())
        });
        assert_eq!(seen, (Some("inner"), Some("outer")));
        assert_eq!(table(), None);
    }
}
