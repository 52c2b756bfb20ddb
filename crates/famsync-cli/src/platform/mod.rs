//! What differs between operating systems in the CLI, one module per concern, each with the
//! same functions on every OS (as in famsync-core's `platform`).

pub mod echo;
pub mod interrupt;
