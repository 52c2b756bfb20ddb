//! What differs between operating systems, one module per concern. Each module offers the same
//! functions on every OS and holds its `cfg(unix)` and `cfg(windows)` sides, so the logic
//! elsewhere in famsync reads the same everywhere. Where a Windows side cannot keep the Unix
//! side's promise, its comment says what it does instead.

pub mod attrs;
pub mod fileid;
pub mod flags;
pub mod holder;
pub mod install_places;
pub mod lock;
pub mod open;
pub mod owner;
pub mod paths;
pub mod powershell;
pub mod process;
pub mod replace;
pub mod socket;
pub mod ssh;
