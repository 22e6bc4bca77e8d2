//! The decision engine: a pure walk through the tree ([`Session`]) and the advice at its end
//! ([`Outcome`]), with the alternatives ranked and compared ([`Deltas`]).
//!
//! Front ends never compute advice themselves: they drive a `Session` and show its `Outcome`.

mod compare;
mod outcome;
mod session;
#[cfg(test)]
mod tests;

pub use compare::{Amount, Change, Deltas};
pub use outcome::{Alternative, Outcome, leaf_outcome, rank, recommend, recommend_detected};
pub use session::{AnswerError, Session, Step, TrailStep, path_to_leaf, paths_to_leaves};
