//! Which installation a command works on: --sample, --bwdata / FAMSYNC_BWDATA, or discovery.

use crate::args::Global;
use famsync_core::{install, sample, Installation, Result};
use std::path::PathBuf;

pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("famsync")
}

pub fn installation(global: &Global) -> Result<Installation> {
    let data = data_dir();
    let mut inst = match (&global.bwdata, global.sample) {
        (_, true) => return sample::open(&data, false),
        (Some(path), false) => install::open(path)?,
        (None, false) => {
            let cwd = std::env::current_dir().ok();
            install::discover(&install::default_candidates(
                dirs::home_dir().as_deref(),
                cwd.as_deref(),
            ))?
        }
    };
    inst.sample = sample::is_sample(&inst, &data);
    Ok(inst)
}
