//! ssh's questions (a key's passphrase, a password) asked in the window. The core's askpass
//! listener hands each one here; it goes to the page over the channel the page registered, and
//! the owner's answer comes back through `answer_prompt`, straight to ssh. Nothing is kept.

use famsync_core::remote::askpass::{self, Askpass, Listener, Prompt, Question};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::ipc::Channel;
use tauri::State;
use zeroize::Zeroizing;

/// How long a question waits for the owner before ssh is told "cancelled".
const PATIENCE: Duration = Duration::from_secs(300);

type Answer = Option<Zeroizing<String>>;

#[derive(Default)]
struct Desk {
    page: Mutex<Option<Channel<Question>>>,
    waiting: Mutex<HashMap<u64, Sender<Answer>>>,
    next: AtomicU64,
}

impl Desk {
    fn ask(&self, prompt: Prompt) -> Answer {
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = channel();
        lock(&self.waiting).insert(id, tx);
        let sent = lock(&self.page)
            .as_ref()
            .is_some_and(|page| page.send(Question { id, prompt }).is_ok());
        let answer = if sent {
            rx.recv_timeout(PATIENCE).ok().flatten()
        } else {
            None
        };
        lock(&self.waiting).remove(&id);
        answer
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

pub struct Prompts {
    desk: Arc<Desk>,
    /// None when the socket could not be made: ssh then runs in BatchMode (agent only).
    listener: Option<Listener>,
}

impl Prompts {
    /// Listens for ssh's questions; this very binary is the askpass program (see main).
    pub fn start() -> Prompts {
        let desk = Arc::new(Desk::default());
        let asked = desk.clone();
        let listener = std::env::current_exe()
            .ok()
            .and_then(|exe| askpass::serve(exe, move |p| asked.ask(p)).ok());
        Prompts { desk, listener }
    }

    pub fn askpass(&self) -> Option<Askpass> {
        self.listener.as_ref().map(|l| l.askpass.clone())
    }

    /// The page's channel for ssh's questions, given with its first request (`locate`), before
    /// anything connects: ssh may ask for a passphrase while the window opens.
    pub fn listen(&self, on_question: Channel<Question>) {
        *lock(&self.desk.page) = Some(on_question);
    }
}

/// The owner's answer to question `id` (None: cancelled), handed to ssh and wiped.
#[tauri::command]
pub fn answer_prompt(prompts: State<'_, Prompts>, id: u64, answer: Option<String>) {
    let answer = answer.map(Zeroizing::new);
    if let Some(tx) = lock(&prompts.desk.waiting).remove(&id) {
        let _ = tx.send(answer);
    }
}
