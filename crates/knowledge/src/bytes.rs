//! The compact binary form of a [`Knowledge`] (postcard), in which the build embeds the built-in
//! data. Each part is a block of its own, so a command that needs only the catalog or the native
//! rules reads back that block and skips the rest (`detect` decodes a twentieth of the data).

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Catalog, Knowledge, Lifecycles, NativeRules};

/// The compact binary form could not be written, or bytes are not one.
#[derive(Debug, thiserror::Error)]
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

impl<'a> Parts<'a> {
    /// Splits bytes [`Knowledge::to_bytes`] wrote into their parts, decoding none of them.
    pub fn read(bytes: &'a [u8]) -> Result<Self, BytesError> {
        postcard::from_bytes(bytes).map(Parts).map_err(BytesError)
    }

    fn decode<T: DeserializeOwned>(&self, part: Part) -> Result<T, BytesError> {
        postcard::from_bytes(self.0[part as usize]).map_err(BytesError)
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

    /// Every part.
    pub fn knowledge(&self) -> Result<Knowledge, BytesError> {
        Ok(Knowledge {
            catalog: self.catalog()?,
            tree: self.decode(Part::Tree)?,
            families: self.decode(Part::Families)?,
            native: self.native()?,
            templates: self.decode(Part::Templates)?,
            learn: self.decode(Part::Learn)?,
            lifecycles: self.lifecycles()?,
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
            encode(&self.native)?,
            encode(&self.templates)?,
            encode(&self.learn)?,
            encode(&self.lifecycles)?,
        ];
        encode(&blocks.each_ref().map(Vec::as_slice))
    }

    /// Reads back what [`Knowledge::to_bytes`] wrote. Nothing is checked again: the bytes must come
    /// from a validated data set.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BytesError> {
        Parts::read(bytes)?.knowledge()
    }
}
