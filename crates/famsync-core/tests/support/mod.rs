//! Loopback stand-ins for what cannot run here.
pub mod server_standin;
