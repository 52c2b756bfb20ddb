//! Turning cloud communication on or off: what would change (a preview the user can read) and
//! making that change safely (backup first, compare-and-swap, atomic replace).

use crate::backup;
use crate::diff::{diff_keys, Change};
use crate::envfile::{self, write, EnvDoc, Snapshot};
use crate::error::{Error, Result};
use crate::host::Host;
use crate::install::{installation_id, Installation};
use crate::kind::Kind;
use crate::region::{self, normalized, Region};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Action {
    /// `push_relay`: the owner explicitly chose to turn push relay on when it is disabled.
    Enable {
        region: Region,
        push_relay: bool,
    },
    Disable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PlanNote {
    /// Push relay is off (`REPLACE`) and stays off; setting `would_be` would turn it on.
    PushRelayStaysDisabled { key: String, would_be: String },
    /// A restore replaces a file that cannot be read as an env file (`problem` is the error
    /// code reading it gives: empty, binary, not UTF-8, too large); it is kept as a backup.
    ReplacesDamagedFile { problem: String },
    /// The backup to put back is itself no env file famsync would read (`problem`: empty,
    /// binary, not UTF-8): a damaged file an earlier restore kept aside.
    BackupIsDamaged { problem: String },
    /// A restore puts back a file where there is none.
    RecreatesMissingFile,
    /// What is at the env file's name is no file famsync reads (`problem`: not regular, a
    /// link, too large): a restore moves it aside, unread, and puts the backup in its place.
    MovesAside { problem: String },
    /// The env file has `links` names (hard links): the write gives this one a new file, and
    /// the other names keep the old content.
    SplitsHardLink { links: u64 },
    /// The keys are the same, but other bytes differ (comments, `export` or other lines
    /// famsync does not read, a BOM, line endings): the restore brings back the exact bytes.
    OnlyOtherLinesDiffer,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Plan {
    /// The revision of the file this plan was computed from; `apply` insists on it.
    pub revision: String,
    pub changes: Vec<Change>,
    pub notes: Vec<PlanNote>,
    /// Whether applying it writes anything (a restore may write with no key changed).
    pub writes: bool,
    #[serde(skip)]
    new_bytes: Vec<u8>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Applied {
    pub changes: Vec<Change>,
    /// None when nothing needed to change (and so nothing was written).
    pub backup: Option<String>,
    pub revision: String,
    /// Old backups that should have been deleted (all but the newest ten) and could not be.
    pub not_pruned: Vec<String>,
}

impl Plan {
    pub(crate) fn new(
        revision: String,
        changes: Vec<Change>,
        notes: Vec<PlanNote>,
        writes: bool,
        new_bytes: Vec<u8>,
    ) -> Plan {
        Plan {
            revision,
            changes,
            notes,
            writes,
            new_bytes,
        }
    }

    /// The whole file as this plan would write it.
    pub fn new_bytes(&self) -> &[u8] {
        &self.new_bytes
    }
}

pub fn preview(inst: &Installation, action: Action) -> Result<Plan> {
    plan_for(&inst.read_env()?, action)
}

pub fn plan_for(snapshot: &Snapshot, action: Action) -> Result<Plan> {
    let kind = Kind::of_settings_file(&snapshot.path);
    let before = kind.view(&snapshot.bytes);
    if let Some((line, reason)) = before.refused() {
        // What famsync would write could not be read by the server either: say what to fix.
        return Err(Error::EnvFileRefusedByCompose {
            path: snapshot.path.clone(),
            line,
            reason,
        });
    }
    if let Action::Enable { .. } = action {
        // Cloud communication with a missing or malformed id cannot work: refuse early (an id
        // kept in a Kubernetes secret is not famsync's to see).
        match installation_id(&before, &snapshot.path) {
            Ok(_) | Err(Error::InstallationIdInSecret { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    let (new_bytes, mut notes) = kind.edit(snapshot, action)?;
    let after = kind.view(&new_bytes);
    if snapshot.links > 1 {
        notes.push(PlanNote::SplitsHardLink {
            links: snapshot.links,
        });
    }
    Ok(Plan {
        revision: snapshot.revision(),
        changes: diff_keys(&before, &after, &region::MANAGED),
        notes,
        writes: new_bytes != snapshot.bytes,
        new_bytes,
    })
}

/// The env-file kinds' edit: the file's lines with the action's keys set (see `Kind::edit`).
pub(crate) fn edit_env(snapshot: &Snapshot, action: Action) -> (Vec<u8>, Vec<PlanNote>) {
    let mut doc = EnvDoc::parse(snapshot.text());
    let notes = edit(&mut doc, action);
    (doc.to_bytes(), notes)
}

fn edit(doc: &mut EnvDoc, action: Action) -> Vec<PlanNote> {
    match action {
        Action::Enable { region, push_relay } => enable(doc, region, push_relay),
        Action::Disable => {
            // No line means the server's default, off: nothing to write then.
            if doc.get(region::ENABLE).is_some() {
                set_unless_same(doc, region::ENABLE, "false");
            }
            Vec::new()
        }
    }
}

fn enable(doc: &mut EnvDoc, target: Region, push_relay: bool) -> Vec<PlanNote> {
    let eu = target == Region::Eu;
    set_unless_same(doc, region::ENABLE, "true");
    set_unless_same(doc, region::CLOUD_REGION, target.code());
    if doc.count(region::OLD_CLOUD_REGION) > 0 {
        set_unless_same(doc, region::OLD_CLOUD_REGION, target.code());
    }
    for (key, uri) in [
        (region::IDENTITY_URI, target.identity_uri()),
        (region::API_URI, target.api_uri()),
    ] {
        // US values are the server's defaults: a US installation needs no line for them.
        if eu {
            set_unless_same(doc, key, &uri);
        } else {
            doc.remove(key);
        }
    }
    push(doc, target, push_relay)
}

fn push(doc: &mut EnvDoc, target: Region, turn_on: bool) -> Vec<PlanNote> {
    let current = doc.get(region::PUSH_RELAY).map(|v| normalized(v).to_string());
    match current.as_deref() {
        Some(region::PUSH_DISABLED) if !turn_on => {
            return vec![PlanNote::PushRelayStaysDisabled {
                key: region::PUSH_RELAY.into(),
                would_be: target.push_uri(),
            }];
        }
        // Absent means global.env's US relay: right for US, wrong for EU.
        None if target == Region::Us => {}
        _ => set_unless_same(doc, region::PUSH_RELAY, &target.push_uri()),
    }
    Vec::new()
}

/// Leaves a line that already means `value` (other case, quotes, trailing slash) untouched,
/// unless duplicates need collapsing.
fn set_unless_same(doc: &mut EnvDoc, key: &str, value: &str) {
    let same = doc
        .get(key)
        .is_some_and(|v| normalized(v).trim_end_matches('/').eq_ignore_ascii_case(value));
    if !(same && doc.count(key) == 1) {
        doc.set(key, value);
    }
}

pub fn apply(inst: &Installation, action: Action, expected_revision: Option<&str>) -> Result<Applied> {
    let snapshot = read_expecting(inst, expected_revision)?;
    let plan = plan_for(&snapshot, action)?;
    commit(inst, &snapshot, &snapshot, plan.changes, &plan.new_bytes)
}

fn read_expecting(inst: &Installation, expected_revision: Option<&str>) -> Result<Snapshot> {
    let snapshot = inst.read_env()?;
    match expected_revision {
        Some(rev) if rev != snapshot.revision() => Err(Error::EnvFileChanged { path: snapshot.path }),
        _ => Ok(snapshot),
    }
}

/// Writes `new_bytes` over what `snapshot` read: backup first, then the compare-and-swap
/// replace, on the installation's host; old backups are pruned after. The new file gets the
/// mode, owner and access of `like`: the file itself for an edit, the backup for a restore (a
/// file someone else put in place must not pass its owner or mode on to the secrets).
pub(crate) fn commit(
    inst: &Installation,
    snapshot: &Snapshot,
    like: &Snapshot,
    changes: Vec<Change>,
    new_bytes: &[u8],
) -> Result<Applied> {
    if new_bytes == snapshot.bytes.as_slice() {
        return Ok(Applied {
            changes: Vec::new(),
            backup: None,
            revision: snapshot.revision(),
            not_pruned: Vec::new(),
        });
    }
    // famsync writers on the installation's machine, in this process or another, locally or
    // over SSH, take turns for the backup, the write and the pruning: a write refused after
    // its backup was made takes that backup back, and another writer's pruning that counted it
    // would leave fewer than ten.
    let _turn_here = match &inst.host {
        Host::Local => writers_turn(&snapshot.path),
        Host::Ssh(_) => None,
    };
    let _turn_there = match &inst.host {
        Host::Ssh(s) => crate::remote::writers_turn(s, &snapshot.path)?,
        Host::Local => None,
    };
    let name = match &inst.host {
        Host::Local => commit_here(snapshot, like, new_bytes)?,
        Host::Ssh(s) => {
            let digest = envfile::sha256_hex(new_bytes);
            crate::remote::replace(s, snapshot, like, &mut &new_bytes[..], &digest)?
        }
    };
    // The write is done; too many old backups are only clutter holding secrets. Failing to
    // delete one must not turn a good write into an error, but it is said.
    let not_pruned = backup::prune(inst, &name).unwrap_or_default();
    Ok(Applied {
        changes,
        backup: Some(name),
        revision: envfile::revision(new_bytes),
        not_pruned,
    })
}

/// An exclusive lock on the env file's folder (opened read-only: nothing is written there for
/// it), held until the returned file is dropped. A folder this user cannot open is written
/// without it, as before: the compare-and-swap still guards the file itself.
fn writers_turn(env_file: &std::path::Path) -> Option<crate::platform::lock::Held> {
    let folder = crate::platform::lock::open_folder(crate::files::folder_of(env_file)).ok()?;
    folder.hold().ok()
}

/// Backup, then the atomic compare-and-swap replace, on this machine.
fn commit_here(snapshot: &Snapshot, like: &Snapshot, new_bytes: &[u8]) -> Result<String> {
    let name = backup::create(snapshot)?;
    if let Err(e) = write::replace(snapshot, like, new_bytes) {
        // Nothing changed, so the backup would only be clutter holding secrets.
        let _ = std::fs::remove_file(snapshot.path.with_file_name(&name));
        return Err(e);
    }
    Ok(name)
}
