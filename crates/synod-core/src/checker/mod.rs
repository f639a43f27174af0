//! The model checker: breadth-first exploration of canonical states.
//!
//! [`bfs::explore`] works on any [`model::Model`]. `protocol_model` makes a protocol's world one,
//! with fault and command budgets, and turns a path it finds back into an ordinary scenario.

pub mod bfs;
pub mod fingerprint;
pub mod model;
