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
use serde::Serialize;

/// An installation whose env file cannot be read as one (missing, empty, junk, no file at
/// all), and the backups that could put it back: what the window offers instead of a status.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Broken {
    #[serde(serialize_with = "crate::lossy::path")]
    pub env_file: std::path::PathBuf,
    /// Why the env file cannot be read: the error `status` gave.
    pub problem: Error,
    /// Oldest first, as `backups list` shows them.
    pub backups: Vec<backup::Backup>,
}

/// Whether `problem` (from reading `inst`'s status) is the env file itself being broken in a
/// way a restore mends. Not a refused read: a backup put back would be refused the same way.
pub fn mends(inst: &Installation, problem: &Error) -> bool {
    let path = match problem {
        Error::EnvFileMissing { path }
        | Error::EnvFileEmpty { path }
        | Error::EnvFileNotUtf8 { path, .. }
        | Error::EnvFileBinary { path, .. }
        | Error::EnvFileTooLarge { path, .. }
        | Error::EnvFileSymlink { path, .. }
        | Error::EnvFileNotRegular { path } => path,
        _ => return false,
    };
    *path == inst.env_file
}

/// What the owner can do about `problem`: the backups to choose from.
pub fn broken(inst: &Installation, problem: Error) -> Result<Broken> {
    Ok(Broken {
        env_file: inst.env_file.clone(),
        problem,
        backups: backup::list(inst)?,
    })
}

/// What putting backup `name` back would change. It works whatever the env file is now
/// (missing, empty, cut short, junk: the day backups are for), and brings back the backup's
/// exact bytes.
pub fn preview_restore(inst: &Installation, name: &str) -> Result<Plan> {
    restore_plan(&Found::read(inst)?, inst, name)
}

/// Puts backup `name` back, after backing up what is there now, broken or not (so a restore
/// can be undone); where there is no file, it is created, only if there is still none. The
/// restored file has the backup's mode, owner and access, whoever put the current file there.
pub fn restore(inst: &Installation, name: &str, expected_revision: Option<&str>) -> Result<Applied> {
    let found = Found::read(inst)?;
    if expected_revision.is_some_and(|rev| rev != found.revision()) {
        return Err(Error::EnvFileChanged {
            path: inst.env_file.clone(),
        });
    }
    let plan = restore_plan(&found, inst, name)?;
    match found {
        Found::File(snapshot) => {
            let like = backup::read_backup(inst, name)?;
            commit(inst, &snapshot, &like, plan.changes.clone(), plan.new_bytes())
        }
        Found::Missing => recreate(inst, name, plan),
        Found::NotAFile(_) => {
            match &inst.host {
                Host::Local => move_aside(&inst.env_file)?,
                Host::Ssh(s) => crate::remote::move_aside(s, &inst.env_file)?,
            }
            recreate(inst, name, plan)
        }
    }
}

/// The env file as a restore finds it: any bytes at all, none, or something that is no file
/// famsync reads (a FIFO, a folder, a link, more than it reads).
enum Found {
    File(Snapshot),
    Missing,
    NotAFile(Error),
}

/// The revision a preview of a restore hands out when there is no env file.
const MISSING_REVISION: &str = "missing";

impl Found {
    fn read(inst: &Installation) -> Result<Found> {
        match inst.read_loose(&inst.env_file) {
            Ok(s) => Ok(Found::File(s)),
            Err(Error::EnvFileMissing { .. }) => Ok(Found::Missing),
            Err(
                e @ (Error::EnvFileNotRegular { .. }
                | Error::EnvFileSymlink { .. }
                | Error::EnvFileTooLarge { .. }),
            ) => Ok(Found::NotAFile(e)),
            Err(e) => Err(e),
        }
    }

    fn revision(&self) -> String {
        match self {
            Found::File(s) => s.revision(),
            Found::Missing | Found::NotAFile(_) => MISSING_REVISION.into(),
        }
    }
}

fn restore_plan(found: &Found, inst: &Installation, name: &str) -> Result<Plan> {
    let old = backup::read_backup(inst, name)?;
    let (current, notes) = match found {
        Found::Missing => (EnvDoc::parse(""), vec![PlanNote::RecreatesMissingFile]),
        Found::NotAFile(e) => (
            EnvDoc::parse(""),
            vec![PlanNote::MovesAside {
                problem: e.code().into(),
            }],
        ),
        Found::File(s) => match envfile::read::check_content(&s.path, &s.bytes) {
            Ok(()) => (inst.kind.view(&s.bytes), Vec::new()),
            Err(e) => (
                EnvDoc::parse(""),
                vec![PlanNote::ReplacesDamagedFile {
                    problem: e.code().into(),
                }],
            ),
        },
    };
    let mut notes = notes;
    if let Err(e) = envfile::read::check_content(&old.path, &old.bytes) {
        // A damaged file a restore kept aside is a backup too: putting it back is the owner's
        // choice, said before it is made.
        notes.push(PlanNote::BackupIsDamaged {
            problem: e.code().into(),
        });
    }
    let changes = diff(&current, &inst.kind.view(&old.bytes));
    let writes = !matches!(found, Found::File(s) if s.bytes == old.bytes);
    if writes && changes.is_empty() && notes.is_empty() {
        notes.push(PlanNote::OnlyOtherLinesDiffer);
    }
    Ok(Plan::new(found.revision(), changes, notes, writes, old.bytes))
}

/// Renames what is at the env file's name (a FIFO, a folder, a link, a huge file) to
/// `<name>.famsync-aside-<time>`, without reading it or replacing anything: it stays, out of
/// the way, for the owner to look at.
fn move_aside(path: &std::path::Path) -> Result<()> {
    let stamp = chrono::Utc::now().format(backup::STAMP);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("global.override.env");
    for n in 1..100 {
        let aside = path.with_file_name(format!("{name}.famsync-aside-{stamp}-{n}"));
        // In one step and only to a free name (RENAME_NOREPLACE): a look first and a rename
        // after would replace whatever another account put at the name in between.
        match write::rename_noreplace(path, &aside) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            result => return result.map_err(|e| Error::from_io(&e, path)),
        }
    }
    Err(Error::EnvFileChanged { path: path.into() })
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
            let backup = inst.env_file.with_file_name(name);
            crate::remote::create(s, &like, &backup, &mut &plan.new_bytes()[..], &digest)?
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
