//! Maps keyed by the ids of a data set, which every load builds (an index of 10k image ids
//! for a large catalog, of every question and leaf for its tree). foldhash is seeded per map, as the
//! standard library's SipHash is, at about a third of its cost on short keys; it is already in the
//! tree through hashbrown.

pub(crate) type IdMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
