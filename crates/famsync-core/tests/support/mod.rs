//! Loopback stand-ins for what cannot run here.
pub mod cloud_standin;
pub mod server_standin;
