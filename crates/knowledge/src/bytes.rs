//! The compact binary form of a [`Knowledge`] (postcard), in which the build embeds the built-in
//! data. Each part is a block of its own, so a command that needs only the catalog or the native
//! rules reads back that block and skips the rest (`detect` decodes a twentieth of the data), and the
//! parts few commands use are read back only when first asked for (see [`crate::Deferred`]).

use serde::{Deserialize, Serialize};

use crate::deferred::Deferred;
use crate::{Catalog, Knowledge, Lifecycles, NativeRules};

/// The compact binary form could not be written, or bytes are not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BytesError(postcard::Error);

/// The encoded parts of a [`Knowledge`], each borrowed from the whole, in the order of [`Part`].
#[derive(Debug)]
pub struct Parts<'a>([&'a [u8]; PARTS]);

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
}

const PARTS: usize = Part::Lifecycles as usize + 1;

fn encode<T: Serialize>(part: &T) -> Result<Vec<u8>, BytesError> {
    postcard::to_allocvec(part).map_err(BytesError)
}

/// Decodes a part. Its text is borrowed from `bytes` (see [`crate::Text`]), which is why they must
/// last as long as the program.
pub(crate) fn decode<T: Deserialize<'static>>(bytes: &'static [u8]) -> Result<T, BytesError> {
    postcard::from_bytes(bytes).map_err(BytesError)
}

impl<'a> Parts<'a> {
    /// Splits bytes [`Knowledge::to_bytes`] wrote into their parts, decoding none of them.
    pub fn read(bytes: &'a [u8]) -> Result<Self, BytesError> {
        postcard::from_bytes(bytes).map(Parts).map_err(BytesError)
    }
}

impl Parts<'static> {
    fn decode<T: Deserialize<'static>>(&self, part: Part) -> Result<T, BytesError> {
        decode(self.0[part as usize])
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
            native: Deferred::encoded(self.0[Part::Native as usize]),
            templates: self.decode(Part::Templates)?,
            learn: Deferred::encoded(self.0[Part::Learn as usize]),
            lifecycles: Deferred::encoded(self.0[Part::Lifecycles as usize]),
        })
    }
}

impl Knowledge {
    /// The resolved data in its compact binary form: the build embeds the built-in data this way,
    /// so reading it back needs neither parsing nor validation.
    pub fn to_bytes(&self) -> Result<Vec<u8>, BytesError> {
        let blocks: [Vec<u8>; PARTS] = [
            encode(&self.catalog)?,
            encode(&self.tree)?,
            encode(&self.families)?,
            encode(self.native.get()?)?,
            encode(&self.templates)?,
            encode(self.learn.get()?)?,
            encode(self.lifecycles.get()?)?,
        ];
        encode(&blocks.each_ref().map(Vec::as_slice))
    }

    /// Reads back what [`Knowledge::to_bytes`] wrote. Nothing is checked again: the bytes must come
    /// from a validated data set. They live as long as the program (the built-in data is part of it),
    /// so the parts read later can be decoded from them then.
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Self, BytesError> {
        Parts::read(bytes)?.knowledge()
    }
}
