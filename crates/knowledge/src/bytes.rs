//! The compact binary form of a [`Knowledge`] (postcard), in which the build embeds the built-in
//! data. Each part is a block of its own, so a command that needs only the catalog or the native
//! rules reads back that block and skips the rest (`detect` decodes a twentieth of the data).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::{Catalog, Knowledge, Lifecycles, NativeRules};

/// The compact binary form could not be written, or bytes are not one.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BytesError(postcard::Error);

/// The encoded parts of a [`Knowledge`], each borrowed from the whole.
#[derive(Debug, Serialize, Deserialize)]
pub struct Parts<'a> {
    catalog: &'a [u8],
    tree: &'a [u8],
    families: &'a [u8],
    native: &'a [u8],
    templates: &'a [u8],
    learn: &'a [u8],
    lifecycles: &'a [u8],
}

fn encode<T: Serialize>(part: &T) -> Result<Vec<u8>, BytesError> {
    postcard::to_allocvec(part).map_err(BytesError)
}

fn decode<T: DeserializeOwned>(block: &[u8]) -> Result<T, BytesError> {
    postcard::from_bytes(block).map_err(BytesError)
}

impl<'a> Parts<'a> {
    /// Splits bytes [`Knowledge::to_bytes`] wrote into their parts, decoding none of them.
    pub fn read(bytes: &'a [u8]) -> Result<Self, BytesError> {
        postcard::from_bytes(bytes).map_err(BytesError)
    }

    pub fn catalog(&self) -> Result<Catalog, BytesError> {
        decode(self.catalog)
    }

    pub fn native(&self) -> Result<NativeRules, BytesError> {
        decode(self.native)
    }

    pub fn lifecycles(&self) -> Result<Lifecycles, BytesError> {
        decode(self.lifecycles)
    }

    /// Every part.
    pub fn knowledge(&self) -> Result<Knowledge, BytesError> {
        Ok(Knowledge {
            catalog: self.catalog()?,
            tree: decode(self.tree)?,
            families: decode(self.families)?,
            native: self.native()?,
            templates: decode(self.templates)?,
            learn: decode(self.learn)?,
            lifecycles: self.lifecycles()?,
        })
    }
}

impl Knowledge {
    /// The resolved data in its compact binary form: the build embeds the built-in data this way,
    /// so reading it back needs neither parsing nor validation.
    pub fn to_bytes(&self) -> Result<Vec<u8>, BytesError> {
        let blocks = [
            encode(&self.catalog)?,
            encode(&self.tree)?,
            encode(&self.families)?,
            encode(&self.native)?,
            encode(&self.templates)?,
            encode(&self.learn)?,
            encode(&self.lifecycles)?,
        ];
        let [
            catalog,
            tree,
            families,
            native,
            templates,
            learn,
            lifecycles,
        ] = &blocks;
        encode(&Parts {
            catalog,
            tree,
            families,
            native,
            templates,
            learn,
            lifecycles,
        })
    }

    /// Reads back what [`Knowledge::to_bytes`] wrote. Nothing is checked again: the bytes must come
    /// from a validated data set.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, BytesError> {
        Parts::read(bytes)?.knowledge()
    }
}
