//! One bad input: what makes it, which commands meet it, and what they must answer.

use crate::common::Fixture;
use std::fs;
use std::path::PathBuf;

/// How the command meets the bad input, besides the fixture's files.
#[derive(Clone, Copy)]
pub enum Via {
    /// `--bwdata` the fixture, as its owner.
    Local,
    /// No `--bwdata`: famsync looks in the usual places of a HOME made by `bad`.
    Discover,
    /// As `nobody` (setpriv), for whom the fixture's files are closed.
    Nobody,
    /// As `nobody`, without `--bwdata`, in a HOME whose bwdata is closed to it.
    NobodyDiscover,
    /// The env folder bind-mounted read-only (a private mount namespace, no root needed).
    ReadOnlyEnv,
    /// `--host` instead of `--bwdata`.
    Host(&'static str),
    /// No D-Bus session bus: no Secret Service at all.
    NoKeyring,
    /// A gnome-keyring with no unlocked collection, in its own D-Bus session.
    LockedKeyring,
    /// Another restart holds the installation: famsync is started under flock(1) on
    /// bitwarden.sh's folder, the lock every famsync takes for its restart.
    RestartRunning,
    /// These stand-ins answer for the cloud (both regions) and for the installation's server.
    Net(CloudIs, ServerIs),
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloudIs {
    Refused,
    Reset,
    Unavailable,
    KnowsOtherKey,
    IdDisabled,
    IdUnknown,
    Knows,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServerIs {
    Refused,
    BadGateway,
    NotBitwarden,
    TooOld,
    SelfSigned,
    Healthy,
}

pub struct Case {
    pub name: &'static str,
    pub fixture: &'static str,
    /// Makes the bad input out of a fresh copy of the fixture (its folder and a HOME).
    pub bad: fn(&World),
    pub commands: &'static [&'static [&'static str]],
    pub via: Via,
    pub stdin: &'static str,
    pub exit: i32,
    /// Where the code is in the JSON, and what it must be.
    pub at: &'static str,
    pub code: &'static str,
    /// Words the text must hold: what is wrong, where, what to do.
    pub says: &'static [&'static str],
}

pub const fn case(name: &'static str, command: &'static [&'static [&'static str]]) -> Case {
    Case {
        name,
        fixture: "us",
        bad: |_| {},
        commands: command,
        via: Via::Local,
        stdin: "",
        exit: 0,
        at: "/error/code",
        code: "",
        says: &[],
    }
}

impl Case {
    pub const fn fails(self, exit: i32, code: &'static str, says: &'static [&'static str]) -> Case {
        Case {
            exit,
            code,
            says,
            ..self
        }
    }
    pub const fn bad(self, bad: fn(&World)) -> Case {
        Case { bad, ..self }
    }
    pub const fn fixture(self, fixture: &'static str) -> Case {
        Case { fixture, ..self }
    }
    pub const fn via(self, via: Via) -> Case {
        Case { via, ..self }
    }
    pub const fn stdin(self, stdin: &'static str) -> Case {
        Case { stdin, ..self }
    }
    pub const fn at(self, at: &'static str) -> Case {
        Case { at, ..self }
    }
}

/// One case's world: the fixture's folder (what must not change) and a HOME beside it.
pub struct World {
    pub f: Fixture,
    pub home: tempfile::TempDir,
}

impl World {
    pub fn env_file(&self) -> PathBuf {
        self.f.env_file()
    }
    pub fn write_env(&self, bytes: &[u8]) {
        fs::write(self.env_file(), bytes).unwrap();
    }
}
