//! The compact binary form of a [`Knowledge`] (postcard), in which the build embeds the built-in
//! data, with its texts in a string table of their own (see [`crate::strings`]). Each part is a
//! block of its own, so a command that needs only the catalog or the native rules reads back that
//! block and skips the rest (`detect` decodes a twentieth of the data), and the parts few commands
//! use are read back only when first asked for (see [`crate::Deferred`]).

use serde::{Deserialize, Serialize};

use crate::deferred::Deferred;
use crate::strings::{self, TableTooLarge};
use crate::{Catalog, Knowledge, Lifecycles, NativeRules, Templates};

/// The compact binary form could not be written, or bytes are not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BytesError {
    #[error("{0}")]
    Encoding(#[from] postcard::Error),
    #[error("{0}")]
    Table(#[from] TableTooLarge),
}

/// The encoded parts of a [`Knowledge`], each borrowed from the whole, in the order of [`Part`],
/// and the string table their texts point into.
#[derive(Debug)]
pub struct Parts<'a> {
    blocks: [&'a [u8]; PARTS],
    strings: &'static str,
}

/// The blocks, in the order they are written.
#[derive(Debug, Clone, Copy)]
enum Part {
    Catalog,
    Tree,
    Families,
    Native,
    Templates,
    Learn,
    Lifecycles,
    Rendered,
}

const PARTS: usize = Part::Rendered as usize + 1;

fn encode<T: Serialize>(part: &T) -> Result<Vec<u8>, BytesError> {
    Ok(postcard::to_allocvec(part)?)
}

/// Decodes a part. Its text is borrowed from `strings` (see [`crate::Text`]), which is why it must
/// last as long as the program.
pub(crate) fn decode<T: Deserialize<'static>>(
    bytes: &'static [u8],
    strings: &'static str,
) -> Result<T, BytesError> {
    Ok(strings::reading(strings, || postcard::from_bytes(bytes))?)
}

impl<'a> Parts<'a> {
    /// Splits bytes [`Knowledge::to_bytes`] wrote into their parts, decoding none of them; `strings`
    /// is the string table written with them.
    pub fn read(bytes: &'a [u8], strings: &'static str) -> Result<Self, BytesError> {
        Ok(Parts {
            blocks: postcard::from_bytes(bytes)?,
            strings,
        })
    }
}

impl Parts<'static> {
    fn decode<T: Deserialize<'static>>(&self, part: Part) -> Result<T, BytesError> {
        decode(self.blocks[part as usize], self.strings)
    }

    fn deferred<T>(&self, part: Part) -> Deferred<T> {
        Deferred::encoded(self.blocks[part as usize], self.strings)
    }

    pub fn catalog(&self) -> Result<Catalog, BytesError> {
        self.decode(Part::Catalog)
    }

    pub fn native(&self) -> Result<NativeRules, BytesError> {
        self.decode(Part::Native)
    }

    pub fn lifecycles(&self) -> Result<Lifecycles, BytesError> {
        self.decode(Part::Lifecycles)
    }

    /// Every part: the ones most commands use decoded now, the others when first asked for.
    pub fn knowledge(&self) -> Result<Knowledge, BytesError> {
        Ok(Knowledge {
            catalog: self.catalog()?,
            tree: self.decode(Part::Tree)?,
            families: self.decode(Part::Families)?,
            native: self.deferred(Part::Native),
            templates: self
                .decode::<Templates>(Part::Templates)?
                .with_deferred(self.deferred(Part::Rendered)),
            learn: self.deferred(Part::Learn),
            lifecycles: self.deferred(Part::Lifecycles),
        })
    }
}

impl Knowledge {
    /// The resolved data in its compact binary form, and the string table its texts point into:
    /// the build embeds the built-in data this way, so reading it back needs neither parsing nor
    /// validation.
    pub fn to_bytes(&self) -> Result<(Vec<u8>, String), BytesError> {
        let (blocks, strings) = strings::writing(|| -> Result<_, BytesError> {
            Ok([
                encode(&self.catalog)?,
                encode(&self.tree)?,
                encode(&self.families)?,
                encode(self.native.get()?)?,
                encode(&self.templates)?,
                encode(self.learn.get()?)?,
                encode(self.lifecycles.get()?)?,
                encode(self.templates.rendered()?)?,
            ])
        })?;
        Ok((encode(&blocks?.each_ref().map(Vec::as_slice))?, strings))
    }

    /// Reads back what [`Knowledge::to_bytes`] wrote. Nothing is checked again: the bytes must come
    /// from a validated data set. They live as long as the program (the built-in data is part of it),
    /// so the parts read later can be decoded from them then.
    pub fn from_bytes(bytes: &'static [u8], strings: &'static str) -> Result<Self, BytesError> {
        Parts::read(bytes, strings)?.knowledge()
    }
}
