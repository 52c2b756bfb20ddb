//! Windows: a named pipe in place of a Unix socket. Every instance is made with a DACL that
//! grants this user alone (not the default one, which lets Everyone read), refuses clients on
//! other machines, and the first one fails if the name is already taken, so no other account can
//! listen in its place. One instance always waits, so the name stays ours between clients.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use windows_sys::Win32::Foundation::{
    CloseHandle, LocalFree, ERROR_NO_DATA, ERROR_PIPE_BUSY, ERROR_PIPE_CONNECTED, HANDLE,
    INVALID_HANDLE_VALUE,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    GetTokenInformation, TokenUser, PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES, TOKEN_QUERY, TOKEN_USER,
};
use windows_sys::Win32::Storage::FileSystem::{
    FlushFileBuffers, FILE_FLAG_FIRST_PIPE_INSTANCE, PIPE_ACCESS_DUPLEX, SECURITY_IDENTIFICATION,
};
use windows_sys::Win32::System::Pipes::{
    ConnectNamedPipe, CreateNamedPipeW, WaitNamedPipeW, PIPE_READMODE_BYTE, PIPE_REJECT_REMOTE_CLIENTS,
    PIPE_TYPE_BYTE, PIPE_UNLIMITED_INSTANCES, PIPE_WAIT,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

const PREFIX: &str = r"\\.\pipe\";

pub struct Listener {
    name: Vec<u16>,
    security: Security,
    /// The instance waiting for the next client.
    waiting: Mutex<Option<OwnedHandle>>,
}

/// One client's end, or the server's end for one client.
pub struct Stream(File);

impl Listener {
    pub fn bind(path: impl AsRef<Path>) -> io::Result<Listener> {
        let path = path.as_ref();
        if !path.to_str().is_some_and(|p| p.starts_with(PREFIX)) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "not a pipe name"));
        }
        let name = crate::platform::paths::wide(path);
        let security = Security::mine()?;
        let first = instance(&name, &security, FILE_FLAG_FIRST_PIPE_INSTANCE)?;
        Ok(Listener {
            name,
            security,
            waiting: Mutex::new(Some(first)),
        })
    }

    pub fn incoming(&self) -> impl Iterator<Item = io::Result<Stream>> + '_ {
        std::iter::from_fn(move || Some(self.accept()))
    }

    /// The next client. One that came and went before it was taken (ERROR_NO_DATA) is not an
    /// error of the listener: its instance is dropped and a new one waits.
    fn accept(&self) -> io::Result<Stream> {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            let pipe = match waiting.take() {
                Some(pipe) => pipe,
                None => instance(&self.name, &self.security, 0)?,
            };
            // SAFETY: a pipe instance handle this listener owns; blocking, no OVERLAPPED.
            let connected = unsafe { ConnectNamedPipe(pipe.as_raw_handle() as HANDLE, std::ptr::null_mut()) };
            let err = io::Error::last_os_error();
            match (connected, err.raw_os_error().map(|c| c as u32)) {
                (0, Some(ERROR_NO_DATA)) => continue,
                (0, code) if code != Some(ERROR_PIPE_CONNECTED) => {
                    *waiting = Some(pipe);
                    return Err(err);
                }
                _ => {
                    // Should no next instance be made now, the next accept makes it.
                    *waiting = instance(&self.name, &self.security, 0).ok();
                    return Ok(Stream(File::from(pipe)));
                }
            }
        }
    }
}

fn instance(name: &[u16], security: &Security, first: u32) -> io::Result<OwnedHandle> {
    let attributes = SECURITY_ATTRIBUTES {
        nLength: std::mem::size_of::<SECURITY_ATTRIBUTES>() as u32,
        lpSecurityDescriptor: security.0,
        bInheritHandle: 0,
    };
    // SAFETY: a NUL-terminated name and attributes alive for the call.
    let handle = unsafe {
        CreateNamedPipeW(
            name.as_ptr(),
            PIPE_ACCESS_DUPLEX | first,
            PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
            PIPE_UNLIMITED_INSTANCES,
            4096,
            4096,
            0,
            &attributes,
        )
    };
    if handle == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a new handle, owned from here on.
    Ok(unsafe { OwnedHandle::from_raw_handle(handle as _) })
}

impl Stream {
    /// The pipe at `path`, opened so the server cannot act as this user (identification only).
    /// Every instance busy (another askpass just took the waiting one): waited for, a while.
    pub fn connect(path: impl AsRef<Path>) -> io::Result<Stream> {
        let path = path.as_ref();
        let until = Instant::now() + Duration::from_secs(5);
        loop {
            let opened = OpenOptions::new()
                .read(true)
                .write(true)
                .security_qos_flags(SECURITY_IDENTIFICATION)
                .open(path);
            match opened {
                Err(e) if e.raw_os_error() == Some(ERROR_PIPE_BUSY as i32) && Instant::now() < until => {
                    let name = crate::platform::paths::wide(path);
                    // SAFETY: a NUL-terminated name.
                    unsafe { WaitNamedPipeW(name.as_ptr(), 500) };
                }
                opened => return opened.map(Stream),
            }
        }
    }
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    /// Until the other end has read it all: closing a pipe may otherwise drop what it holds.
    fn flush(&mut self) -> io::Result<()> {
        // SAFETY: the pipe's handle, alive with self.
        match unsafe { FlushFileBuffers(self.0.as_raw_handle() as HANDLE) } {
            0 => Err(io::Error::last_os_error()),
            _ => Ok(()),
        }
    }
}

/// A security descriptor whose DACL grants this process's user everything and nobody else
/// anything (protected: nothing inherited). LocalAlloc'd, freed when dropped.
struct Security(PSECURITY_DESCRIPTOR);

// SAFETY: the descriptor is read-only after it is made, and freed once.
unsafe impl Send for Security {}
unsafe impl Sync for Security {}

impl Security {
    fn mine() -> io::Result<Security> {
        let sddl = format!("D:P(A;;GA;;;{})", user_sid()?);
        let wide: Vec<u16> = sddl.encode_utf16().chain([0]).collect();
        let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: a NUL-terminated SDDL string; `sd` is LocalAlloc'd on success.
        let made = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                wide.as_ptr(),
                SDDL_REVISION_1,
                &mut sd,
                std::ptr::null_mut(),
            )
        };
        if made == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Security(sd))
    }
}

impl Drop for Security {
    fn drop(&mut self) {
        // SAFETY: allocated by ConvertStringSecurityDescriptorToSecurityDescriptorW.
        unsafe { LocalFree(self.0 as _) };
    }
}

/// This process's user, as an SDDL SID string (S-1-5-21-...).
fn user_sid() -> io::Result<String> {
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: the current process's pseudo-handle; `token` is closed below.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    // TOKEN_USER and the SID it points into, in one buffer aligned for TOKEN_USER.
    let mut buf = vec![0u64; 64];
    let mut len = 0u32;
    // SAFETY: a buffer of the size given; filled with a TOKEN_USER on success.
    let got = unsafe {
        GetTokenInformation(
            token,
            TokenUser,
            buf.as_mut_ptr() as _,
            (buf.len() * 8) as u32,
            &mut len,
        )
    };
    // SAFETY: the token opened above.
    unsafe { CloseHandle(token) };
    if got == 0 {
        return Err(io::Error::last_os_error());
    }
    let user = buf.as_ptr() as *const TOKEN_USER;
    let mut text: *mut u16 = std::ptr::null_mut();
    // SAFETY: the SID inside `buf`; `text` is LocalAlloc'd on success, copied and freed.
    unsafe {
        if ConvertSidToStringSidW((*user).User.Sid, &mut text) == 0 {
            return Err(io::Error::last_os_error());
        }
        let len = (0..).take_while(|&i| *text.add(i) != 0).count();
        let sid = String::from_utf16_lossy(std::slice::from_raw_parts(text, len));
        LocalFree(text as _);
        Ok(sid)
    }
}
