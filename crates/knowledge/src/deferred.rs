//! A part of the data that is read back from its compact binary form only when something first asks
//! for it. Most commands never touch the course, the lifecycle table or the native-code rules, and
//! decoding them was more than a third of the time decoding the built-in data took.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::bytes::{BytesError, decode};

/// A value that is either at hand or still encoded.
pub struct Deferred<T> {
    value: OnceLock<T>,
    /// The encoded value (empty for a value that was parsed).
    encoded: &'static [u8],
    /// The string table its texts point into.
    strings: &'static str,
}

impl<T> Deferred<T> {
    /// A value that was parsed, not embedded.
    pub fn ready(value: T) -> Self {
        Deferred {
            value: OnceLock::from(value),
            encoded: &[],
            strings: "",
        }
    }

    /// A value still in the bytes [`crate::Knowledge::to_bytes`] wrote for it.
    pub(crate) fn encoded(encoded: &'static [u8], strings: &'static str) -> Self {
        Deferred {
            value: OnceLock::new(),
            encoded,
            strings,
        }
    }
}

impl<T: Deserialize<'static>> Deferred<T> {
    /// The value, decoded on the first call. Fails only when the embedded bytes are damaged.
    pub fn get(&self) -> Result<&T, BytesError> {
        if let Some(value) = self.value.get() {
            return Ok(value);
        }
        let value = decode(self.encoded, self.strings)?;
        // Another thread may have decoded it meanwhile; both results are the same value.
        Ok(self.value.get_or_init(|| value))
    }

    pub fn into_inner(self) -> Result<T, BytesError> {
        match self.value.into_inner() {
            Some(value) => Ok(value),
            None => decode(self.encoded, self.strings),
        }
    }
}

impl<T: Default> Default for Deferred<T> {
    fn default() -> Self {
        Deferred::ready(T::default())
    }
}

impl<T: Clone> Clone for Deferred<T> {
    fn clone(&self) -> Self {
        Deferred {
            value: self.value.clone(),
            encoded: self.encoded,
            strings: self.strings,
        }
    }
}

/// Equal when both decode to equal values; a part that cannot be decoded equals nothing.
impl<T: Deserialize<'static> + PartialEq> PartialEq for Deferred<T> {
    fn eq(&self, other: &Self) -> bool {
        matches!((self.get(), other.get()), (Ok(a), Ok(b)) if a == b)
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.value.get() {
            Some(value) => value.fmt(f),
            None => write!(f, "<{} bytes not read yet>", self.encoded.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_value_is_decoded_once_and_then_kept() {
        let bytes: &'static [u8] = postcard::to_allocvec(&vec![1u32, 2, 3]).unwrap().leak();
        let deferred: Deferred<Vec<u32>> = Deferred::encoded(bytes, "");
        assert!(format!("{deferred:?}").contains("not read yet"));
        assert_eq!(deferred.get().unwrap(), &[1, 2, 3]);
        assert!(std::ptr::eq(
            deferred.get().unwrap(),
            deferred.get().unwrap()
        ));
        assert_eq!(format!("{deferred:?}"), "[1, 2, 3]");
        assert!(deferred == Deferred::ready(vec![1, 2, 3]));
        assert!(deferred != Deferred::ready(vec![1, 2]));
    }

    #[test]
    fn damaged_bytes_are_an_error_each_time_they_are_asked_for() {
        let deferred: Deferred<Vec<String>> = Deferred::encoded(&[5, 1], "");
        assert!(deferred.get().is_err());
        assert!(deferred.get().is_err());
        assert!(deferred != deferred.clone());
        assert!(deferred.into_inner().is_err());
    }

    #[test]
    fn a_ready_value_is_given_back_whole() {
        let deferred = Deferred::ready(vec![1u8, 2]);
        assert!(format!("{deferred:?}") == "[1, 2]");
        assert_eq!(deferred.into_inner().unwrap(), vec![1, 2]);
    }
}
