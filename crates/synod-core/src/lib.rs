//! Synod's core: a deterministic simulator of distributed protocols.
//!
//! It does no I/O and knows nothing of wasm, the DOM, threads, clocks or OS randomness, so the
//! same scenario gives the same trace natively and in the browser. See `ARCHITECTURE.md`.

pub mod action;
pub mod budget;
pub mod checker;
pub mod chunked;
pub mod clock;
pub mod codec;
pub mod form;
pub mod journal;
pub mod monitor;
pub mod network;
pub mod pending_timers;
pub mod probe;
pub mod protocol;
pub mod protocols;
pub mod queues;
pub mod recorder;
pub mod registry;
pub mod report;
pub mod scenario;
pub mod scheduler;
pub mod simulation;
pub mod state;
pub mod trace;
pub mod transcript;
pub mod verdict;
pub mod view;
pub mod world;
