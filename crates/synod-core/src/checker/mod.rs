//! The model checker: breadth-first exploration of canonical states.
//!
//! [`bfs::explore`] works on any [`model::Model`]. [`protocol_model`] makes a protocol's
//! world one, with fault and command budgets; [`check`] runs it for the CLI, the page and the
//! tests, and turns each path it finds back into an ordinary scenario. [`valence`] computes FLP's
//! valence of configurations and the adversary that keeps them bivalent; [`valence_run`] serves
//! it to the CLI, the page and the tests.

pub mod bfs;
pub mod check;
pub mod fingerprint;
pub mod model;
pub mod protocol_model;
pub mod valence;
pub mod valence_run;
