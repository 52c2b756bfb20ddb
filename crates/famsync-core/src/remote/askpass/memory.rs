//! The answers given while a held session (Link::Held, Windows' way) first logged in, given
//! again to the logins its lasting steps open (the writer's turn, a restart, watching), so the
//! owner types a passphrase once per session, as a shared connection asks it once. Answers
//! stay in memory only, wiped when the session ends. None is given again before the session's
//! first login succeeded with it; only a key's passphrase or an account's password is (never a
//! one-time code, which the next login could not use); and each login gets it once: should that
//! login ask the same again, the answer was not right for it, and the owner is asked.
//!
//! Each login names itself to askpass as `<session>/<login>` (SCOPE_ENV).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use zeroize::Zeroizing;

#[derive(Default)]
pub struct Memory {
    scopes: Mutex<HashMap<String, Scope>>,
}

#[derive(Default)]
struct Scope {
    /// The session's first login succeeded: its answers may be given again.
    confirmed: bool,
    answers: HashMap<String, Zeroizing<String>>,
    /// The (login, prompt) pairs already answered from memory.
    replayed: HashSet<(String, String)>,
}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memory")
    }
}

/// `<session>/<login>`, as askpass names who asks; a bare session is a login of its own.
fn split(asker: &str) -> (&str, &str) {
    asker.split_once('/').unwrap_or((asker, ""))
}

impl Memory {
    fn scopes(&self) -> std::sync::MutexGuard<'_, HashMap<String, Scope>> {
        self.scopes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer `asker`'s session gave to `prompt`, once its first login succeeded, and
    /// once per login.
    pub(super) fn recall(&self, asker: &str, prompt: &str) -> Option<Zeroizing<String>> {
        let (scope, login) = split(asker);
        let mut scopes = self.scopes();
        let kept = scopes.get_mut(scope).filter(|s| s.confirmed)?;
        let answer = kept.answers.get(prompt).cloned()?;
        kept.replayed
            .insert((login.to_string(), prompt.to_string()))
            .then_some(answer)
    }

    /// The owner's latest answer to `prompt` in `asker`'s session, until its first login
    /// succeeded (the answer that login then took).
    pub(super) fn keep(&self, asker: &str, prompt: &str, answer: &Zeroizing<String>) {
        let (scope, _) = split(asker);
        let mut scopes = self.scopes();
        let kept = scopes.entry(scope.to_string()).or_default();
        if !kept.confirmed {
            kept.answers.insert(prompt.to_string(), answer.clone());
        }
    }

    /// `scope`'s first login succeeded with the answers kept.
    pub(crate) fn confirm(&self, scope: &str) {
        if let Some(kept) = self.scopes().get_mut(scope) {
            kept.confirmed = true;
        }
    }

    /// `scope` ended: its answers are wiped (Zeroizing, on drop).
    pub(crate) fn forget(&self, scope: &str) {
        self.scopes().remove(scope);
    }
}
