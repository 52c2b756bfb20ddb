//! The answers given while a held session (Link::Held, Windows' way) first logged in, given
//! again to the logins its lasting steps open (the writer's turn, a restart, watching), so the
//! owner types a passphrase once per session, as a shared connection asks it once. Answers
//! stay in memory only, wiped when the session ends; none is given again before the session's
//! first login succeeded with it (a wrong passphrase is asked again, never repeated to ssh).

use std::collections::HashMap;
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
}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memory")
    }
}

impl Memory {
    fn scopes(&self) -> std::sync::MutexGuard<'_, HashMap<String, Scope>> {
        self.scopes.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The answer `scope` gave to `prompt`, once its first login succeeded.
    pub(super) fn recall(&self, scope: &str, prompt: &str) -> Option<Zeroizing<String>> {
        let scopes = self.scopes();
        let kept = scopes.get(scope).filter(|s| s.confirmed)?;
        kept.answers.get(prompt).cloned()
    }

    /// The owner's latest answer to `prompt` in `scope` (the one a login then succeeds with).
    pub(super) fn keep(&self, scope: &str, prompt: &str, answer: &Zeroizing<String>) {
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
