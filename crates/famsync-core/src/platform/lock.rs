//! A lock on a folder, held by one famsync at a time (bitwarden.sh's for a restart,
//! `runner::lock`; env/ for a write, `plan`), taken by opening the folder read-only (nothing is
//! written into the installation) and let go when the `Held` is dropped, or its holder dies.

use std::fs::TryLockError;
use std::io;
use std::path::Path;

pub use imp::{open_folder, Held};

/// flock(2) on the folder itself, through std's `File::try_lock` and `lock`.
#[cfg(unix)]
mod imp {
    use super::*;
    use std::fs::File;

    pub struct Folder(File);

    /// Keep it for as long as the lock is needed.
    pub struct Held(#[allow(dead_code)] File);

    pub fn open_folder(dir: &Path) -> io::Result<Folder> {
        File::open(dir).map(Folder)
    }

    impl Folder {
        pub fn try_hold(self) -> Result<Held, TryLockError> {
            self.0.try_lock().map(|()| Held(self.0))
        }

        /// Waits for the lock.
        pub fn hold(self) -> io::Result<Held> {
            self.0.lock().map(|()| Held(self.0))
        }
    }
}

/// Windows has no byte-range lock on a folder (LockFileEx on a folder's handle fails), so the
/// lock is a named mutex whose name is the folder's canonical path, hashed, in the Global
/// namespace: every process on this machine that names the same folder meets the same mutex,
/// and Windows lets it go when its holder dies (WAIT_ABANDONED, which is the next one's turn).
/// A mutex belongs to the thread that took it: famsync takes and lets go of each lock within
/// one function call, on one thread (`Held` is not Send here, so it cannot move to another).
#[cfg(windows)]
mod imp {
    use super::*;
    use sha2::{Digest, Sha256};
    use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, WAIT_ABANDONED, WAIT_OBJECT_0, WAIT_TIMEOUT};
    use windows_sys::Win32::System::Threading::{CreateMutexW, ReleaseMutex, WaitForSingleObject, INFINITE};

    pub struct Folder(Vec<u16>);

    pub struct Held(HANDLE);

    pub fn open_folder(dir: &Path) -> io::Result<Folder> {
        let canonical = dunce::canonicalize(dir)?;
        let key = canonical.to_string_lossy().to_lowercase();
        let digest = Sha256::digest(key.as_bytes());
        let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
        Ok(Folder(
            format!("Global\\famsync-folder-{hex}")
                .encode_utf16()
                .chain([0])
                .collect(),
        ))
    }

    impl Folder {
        pub fn try_hold(self) -> Result<Held, TryLockError> {
            self.wait(0)
        }

        pub fn hold(self) -> io::Result<Held> {
            self.wait(INFINITE).map_err(|e| match e {
                TryLockError::Error(e) => e,
                TryLockError::WouldBlock => io::Error::from(io::ErrorKind::WouldBlock),
            })
        }

        fn wait(&self, millis: u32) -> Result<Held, TryLockError> {
            // SAFETY: a NUL-terminated name; the handle is ours, closed by Held or below.
            let mutex = unsafe { CreateMutexW(std::ptr::null(), 0, self.0.as_ptr()) };
            if mutex.is_null() {
                return Err(TryLockError::Error(io::Error::last_os_error()));
            }
            // SAFETY: a mutex handle we own.
            match unsafe { WaitForSingleObject(mutex, millis) } {
                WAIT_OBJECT_0 | WAIT_ABANDONED => Ok(Held(mutex)),
                other => {
                    let err = io::Error::last_os_error();
                    unsafe { CloseHandle(mutex) };
                    Err(if other == WAIT_TIMEOUT {
                        TryLockError::WouldBlock
                    } else {
                        TryLockError::Error(err)
                    })
                }
            }
        }
    }

    impl Drop for Held {
        fn drop(&mut self) {
            // SAFETY: this thread owns the mutex it waited for, and the handle is ours.
            unsafe {
                ReleaseMutex(self.0);
                CloseHandle(self.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_locked_once_cannot_be_locked_again_until_it_is_let_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = open_folder(dir.path()).unwrap().try_hold().unwrap();
        // From another thread, as from another process: a mutex lets its own thread in again.
        std::thread::scope(|s| {
            s.spawn(|| {
                let second = open_folder(dir.path()).unwrap().try_hold();
                assert!(matches!(second, Err(TryLockError::WouldBlock)));
            });
        });
        drop(first);
        std::thread::scope(|s| {
            s.spawn(|| assert!(held_soon(dir.path()), "still locked after it was let go"));
        });
    }

    /// Whether the folder can be locked within a second. Not at once: on Unix a child that
    /// another test forks at that moment shares the lock's open file until it execs (a flock
    /// belongs to the open file, not to the descriptor), as a CI run showed.
    fn held_soon(dir: &Path) -> bool {
        (0..100).any(|_| match open_folder(dir).unwrap().try_hold() {
            Ok(_) => true,
            Err(TryLockError::WouldBlock) => {
                std::thread::sleep(std::time::Duration::from_millis(10));
                false
            }
            Err(TryLockError::Error(e)) => panic!("{e}"),
        })
    }
}
