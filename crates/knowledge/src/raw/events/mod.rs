//! One entry of a data file deserialized straight from `toml_parser`'s events.
//!
//! `toml` first builds a table tree (every key and value, spanned, in sorted maps) and then
//! deserializes from it; for the entries of a large catalog that tree cost about as much as lexing
//! and parsing together, and allocating and freeing it more again. Here serde reads the entry's
//! fields from the event list itself, with the spans `toml` would give (a value's own span; a
//! table's header).
//!
//! Only the shapes entries are written in are read: one `[[name]]` header, keys that are not
//! dotted, values of every kind, then `[name.key]` tables or runs of `[[name.key]]` tables, each
//! with plain keys. Anything else, and anything `toml` would reject (a syntax error, a duplicate
//! key, a non-finite float), gives `None`, and the caller has `toml` parse the whole file, so what
//! is accepted and every problem reported stay exactly `toml`'s.

mod tables;
#[cfg(test)]
mod tests;
mod values;

use std::borrow::Cow;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer};
use toml_parser::decoder::Encoding;
use toml_parser::parser::{Event, EventKind, EventReceiver, RecursionGuard, ValidateWhitespace};
use toml_parser::{ErrorSink, ParseError, Source, Span};

use tables::TableDe;

/// How deeply arrays and inline tables may nest, as in `toml`.
const NESTING_LIMIT: u32 = 80;

/// The event list kept from one entry to the next: allocating and freeing it for every entry cost
/// more than filling it. Tokens are not kept: `Lexer::into_vec`, whose loop has the lexer inlined,
/// costs less than filling a kept vector through the iterator, which passed every token through
/// memory and stalled on reading it back (5 % of the CPU time loading a 10k catalog).
#[derive(Default)]
pub struct Scratch {
    events: Vec<Event>,
}

/// The entry in `chunk`, which starts with the header `[[name]]`, with its spans moved `offset`
/// bytes on; `None` when the chunk is not in a shape read here or is not valid TOML.
pub fn entry<T: DeserializeOwned>(
    chunk: &str,
    name: &str,
    offset: usize,
    scratch: &mut Scratch,
) -> Option<T> {
    let source = Source::new(chunk);
    let tokens = source.lex().into_vec();
    let Scratch { events } = scratch;
    events.clear();
    let mut error: Option<ParseError> = None;
    {
        let mut significant = Significant(events);
        let mut validate = ValidateWhitespace::new(&mut significant, source);
        let mut guarded = RecursionGuard::new(&mut validate, NESTING_LIMIT);
        toml_parser::parser::parse_document(&tokens, &mut guarded, &mut error);
    }
    if error.is_some() {
        return None;
    }
    let mut cursor = Cursor {
        source,
        events,
        pos: 0,
        offset,
        seen: Vec::with_capacity(64),
    };
    let open = cursor.next().ok()?;
    let (first, second, _) = cursor.header().ok()?;
    if open.kind() != EventKind::ArrayTableOpen || first != name || second.is_some() {
        return None;
    }
    let value = T::deserialize(TableDe {
        cursor: &mut cursor,
        name,
        top: true,
    })
    .ok()?;
    (cursor.pos == events.len()).then_some(value)
}

/// Keeps the events that carry meaning. Whitespace, comments and line breaks are checked on the
/// way in (`ValidateWhitespace`) and then dropped, which the trait's default methods do.
struct Significant<'e>(&'e mut Vec<Event>);

/// Methods of `EventReceiver` passed on to the event list as they are.
macro_rules! pass_on {
    ($($name:ident),*) => {$(
        fn $name(&mut self, span: Span, error: &mut dyn ErrorSink) {
            self.0.$name(span, error);
        }
    )*};
}

impl EventReceiver for Significant<'_> {
    pass_on!(
        std_table_open,
        std_table_close,
        array_table_open,
        array_table_close,
        inline_table_close,
        array_close,
        key_sep,
        key_val_sep,
        value_sep,
        error
    );

    fn inline_table_open(&mut self, span: Span, error: &mut dyn ErrorSink) -> bool {
        self.0.inline_table_open(span, error)
    }

    fn array_open(&mut self, span: Span, error: &mut dyn ErrorSink) -> bool {
        self.0.array_open(span, error)
    }

    fn simple_key(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        self.0.simple_key(span, kind, error);
    }

    fn scalar(&mut self, span: Span, kind: Option<Encoding>, error: &mut dyn ErrorSink) {
        self.0.scalar(span, kind, error);
    }
}

/// Why the events were not read: the reason does not matter, as `toml` then reads the entry.
#[derive(Debug)]
pub struct Unread;

impl fmt::Display for Unread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not in a shape read from events")
    }
}

impl std::error::Error for Unread {}

impl de::Error for Unread {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unread
    }
}

type Result<T> = std::result::Result<T, Unread>;

struct Cursor<'i, 'e> {
    source: Source<'i>,
    events: &'e [Event],
    pos: usize,
    offset: usize,
    /// Keys of the tables being read, outermost first (see [`Cursor::note`]).
    seen: Vec<Cow<'i, str>>,
}

impl<'i> Cursor<'i, '_> {
    fn peek(&self) -> Option<EventKind> {
        self.events.get(self.pos).map(Event::kind)
    }

    fn next(&mut self) -> Result<Event> {
        let event = *self.events.get(self.pos).ok_or(Unread)?;
        self.pos += 1;
        Ok(event)
    }

    fn expect(&mut self, kind: EventKind) -> Result<Event> {
        let event = self.next()?;
        if event.kind() == kind {
            Ok(event)
        } else {
            Err(Unread)
        }
    }

    /// Steps over the comma before the next item of an array or inline table; whether an item
    /// follows (not at `close`, which is left for the caller to read).
    fn more(&mut self, close: EventKind) -> Result<bool> {
        if self.peek() == Some(EventKind::ValueSep) {
            self.next()?;
        }
        Ok(self.peek() != Some(close))
    }

    /// One simple key, decoded.
    fn key(&mut self) -> Result<Cow<'i, str>> {
        let event = self.expect(EventKind::SimpleKey)?;
        let raw = self.source.get(event).ok_or(Unread)?;
        let mut key = Cow::Borrowed("");
        let mut error: Option<ParseError> = None;
        raw.decode_key(&mut key, &mut error);
        if error.is_some() {
            Err(Unread)
        } else {
            Ok(key)
        }
    }

    /// The keys of a table header whose opening bracket was just read, up to its closing bracket,
    /// and where that bracket ends. Entries and their tables have at most two keys (`[[image]]`,
    /// `[image.compressed]`); a longer header is not read here.
    fn header(&mut self) -> Result<(Cow<'i, str>, Option<Cow<'i, str>>, usize)> {
        let first = self.key()?;
        let mut second = None;
        loop {
            let event = self.next()?;
            match event.kind() {
                EventKind::KeySep if second.is_none() => second = Some(self.key()?),
                EventKind::StdTableClose | EventKind::ArrayTableClose => {
                    return Ok((first, second, event.span().end() + self.offset));
                }
                _ => return Err(Unread),
            }
        }
    }

    /// Notes a key about to be read in the table whose keys start at `from` in the list of keys
    /// seen: `toml` rejects a key given twice in a table, where a map would keep the last. One
    /// list serves the nested tables of an entry, each cutting it back when it ends.
    fn note(&mut self, from: usize, key: Cow<'i, str>) -> Result<()> {
        if self.seen[from..].contains(&key) {
            return Err(Unread);
        }
        self.seen.push(key);
        Ok(())
    }

    /// Where the value at the cursor ends, without reading it.
    fn value_end(&self) -> Result<usize> {
        let mut depth = 0usize;
        for event in &self.events[self.pos..] {
            match event.kind() {
                EventKind::ArrayOpen | EventKind::InlineTableOpen => depth += 1,
                EventKind::ArrayClose | EventKind::InlineTableClose => {
                    depth = depth.checked_sub(1).ok_or(Unread)?;
                }
                _ => {}
            }
            if depth == 0 {
                return Ok(event.span().end() + self.offset);
            }
        }
        Err(Unread)
    }

    fn here(&self) -> Result<usize> {
        let event = self.events.get(self.pos).ok_or(Unread)?;
        Ok(event.span().start() + self.offset)
    }
}

fn key_de(key: Cow<'_, str>) -> KeyDe<'_> {
    match key {
        Cow::Borrowed(k) => KeyDe::Borrowed(BorrowedStrDeserializer::new(k)),
        Cow::Owned(k) => KeyDe::Owned(k.into_deserializer()),
    }
}

enum KeyDe<'i> {
    Borrowed(BorrowedStrDeserializer<'i, Unread>),
    Owned(StringDeserializer<Unread>),
}

impl<'i> KeyDe<'i> {
    fn seed<S: DeserializeSeed<'i>>(self, seed: S) -> Result<S::Value> {
        match self {
            KeyDe::Borrowed(d) => seed.deserialize(d),
            KeyDe::Owned(d) => seed.deserialize(d),
        }
    }
}
