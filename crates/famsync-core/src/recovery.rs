//! Putting a backup back: the recovery path, which must work exactly when the env file is
//! broken (missing, empty, cut short, junk), and which brings back the backup's exact bytes,
//! keeping whatever is there now as a backup of its own.

use crate::backup;
use crate::diff::diff;
use crate::envfile::{self, write, EnvDoc, Snapshot};
use crate::error::{Error, Result};
use crate::host::Host;
use crate::install::Installation;
use crate::plan::{commit, Applied, Plan, PlanNote};

/// What putting backup `name` back would change. It works whatever the env file is now
/// (missing, empty, cut short, junk: the day backups are for), and brings back the backup's
/// exact bytes.
pub fn preview_restore(inst: &Installation, name: &str) -> Result<Plan> {
    restore_plan(&Found::read(inst)?, inst, name)
}

/// Puts backup `name` back, after backing up what is there now, broken or not (so a restore
/// can be undone); where there is no file, it is created, only if there is still none.
pub fn restore(inst: &Installation, name: &str, expected_revision: Option<&str>) -> Result<Applied> {
    let found = Found::read(inst)?;
    if expected_revision.is_some_and(|rev| rev != found.revision()) {
        return Err(Error::EnvFileChanged {
            path: inst.env_file.clone(),
        });
    }
    let plan = restore_plan(&found, inst, name)?;
    match found {
        Found::File(snapshot) => commit(inst, &snapshot, plan.changes.clone(), plan.new_bytes()),
        Found::Missing => recreate(inst, name, plan),
    }
}

/// The env file as a restore finds it: any bytes at all, or none.
enum Found {
    File(Snapshot),
    Missing,
}

/// The revision a preview of a restore hands out when there is no env file.
const MISSING_REVISION: &str = "missing";

impl Found {
    fn read(inst: &Installation) -> Result<Found> {
        match inst.read_loose(&inst.env_file) {
            Ok(s) => Ok(Found::File(s)),
            Err(Error::EnvFileMissing { .. }) => Ok(Found::Missing),
            Err(e) => Err(e),
        }
    }

    fn revision(&self) -> String {
        match self {
            Found::File(s) => s.revision(),
            Found::Missing => MISSING_REVISION.into(),
        }
    }
}

fn restore_plan(found: &Found, inst: &Installation, name: &str) -> Result<Plan> {
    let old = backup::read_backup(inst, name)?;
    let (current, notes) = match found {
        Found::Missing => (EnvDoc::parse(""), vec![PlanNote::RecreatesMissingFile]),
        Found::File(s) => match envfile::read::check_content(&s.path, &s.bytes) {
            Ok(()) => (EnvDoc::parse(s.text()), Vec::new()),
            Err(e) => (
                EnvDoc::parse(""),
                vec![PlanNote::ReplacesDamagedFile {
                    problem: e.code().into(),
                }],
            ),
        },
    };
    let changes = diff(&current, &EnvDoc::parse(old.text()));
    let writes = !matches!(found, Found::File(s) if s.bytes == old.bytes);
    let mut notes = notes;
    if writes && changes.is_empty() && notes.is_empty() {
        notes.push(PlanNote::OnlyOtherLinesDiffer);
    }
    Ok(Plan::new(found.revision(), changes, notes, writes, old.bytes))
}

/// Writes the backup where there is no env file: as a new file with the backup's mode and
/// owner, only if there is still none (another program may have put one there meanwhile).
fn recreate(inst: &Installation, name: &str, plan: Plan) -> Result<Applied> {
    let like = backup::read_backup(inst, name)?;
    let like = Snapshot {
        path: inst.env_file.clone(),
        ..like
    };
    match &inst.host {
        Host::Local => write::create(&like, plan.new_bytes())?,
        Host::Ssh(s) => {
            let digest = envfile::sha256_hex(plan.new_bytes());
            crate::remote::create(s, &like, &mut &plan.new_bytes()[..], &digest)?
        }
    }
    let revision = envfile::revision(plan.new_bytes());
    Ok(Applied {
        changes: plan.changes,
        backup: None,
        revision,
        not_pruned: Vec::new(),
    })
}
