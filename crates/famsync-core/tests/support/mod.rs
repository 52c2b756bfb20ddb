//! Loopback stand-ins for what cannot run here.
pub mod api_standin;
pub mod cloud_standin;
pub mod fixture;
pub mod identity_standin;
pub mod listen;
pub mod procs;
pub mod proxy_standin;
pub mod server_standin;
pub mod sshd;
pub mod tls_standin;
pub mod us_world;
