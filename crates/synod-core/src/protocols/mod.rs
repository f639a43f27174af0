//! One module per protocol, each a pure state machine implementing
//! [`crate::protocol::Protocol`].

pub mod chandy_lamport;
