//! One module per protocol, each a pure state machine implementing
//! [`crate::protocol::Protocol`].

pub mod atomic_commit;
pub mod byzantine;
pub mod chandy_lamport;
pub mod floodset;
pub mod flp;
pub mod heartbeat;
pub mod multicast;
pub mod paxos;
pub mod paxos_commit;
pub mod pbft;
pub mod replicated_register;
pub mod two_generals;
pub mod virtual_synchrony;
