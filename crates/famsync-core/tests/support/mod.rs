//! Loopback stand-ins for what cannot run here. The process and sshd helpers are Unix only:
//! the tests that use them are listed in tests/not-on-windows.txt.
pub mod api_standin;
pub mod changes;
pub mod cloud_standin;
pub mod fixture;
pub mod identity_standin;
pub mod listen;
#[cfg(unix)]
pub mod procs;
pub mod proxy_standin;
pub mod runs;
pub mod server_standin;
#[cfg(unix)]
pub mod sshd;
pub mod tls_standin;
pub mod us_world;
