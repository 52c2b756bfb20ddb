//! A socket only this user's processes can reach, by a path in a private folder: how a second
//! famsync wakes the first (`single_instance`) and how ssh's askpass asks the app
//! (`remote::askpass`).

#[cfg(unix)]
pub use std::os::unix::net::{UnixListener as Listener, UnixStream as Stream};

#[cfg(windows)]
pub use windows::{Listener, Stream};

/// Not yet on Windows (phase 2: a named pipe with a per-user ACL): binding and connecting fail
/// with ErrorKind::Unsupported, so one famsync window per user is not enforced there and ssh
/// cannot ask the app for a password or passphrase (a key in ssh-agent still works).
#[cfg(windows)]
mod windows {
    use std::convert::Infallible;
    use std::io::{self, Read, Write};
    use std::path::Path;
    use std::time::Duration;

    fn unsupported() -> io::Error {
        io::Error::new(
            io::ErrorKind::Unsupported,
            "local sockets are not supported on Windows yet",
        )
    }

    pub struct Listener(Infallible);

    pub struct Stream(Infallible);

    impl Listener {
        pub fn bind(_path: impl AsRef<Path>) -> io::Result<Listener> {
            Err(unsupported())
        }

        pub fn incoming(&self) -> std::iter::Empty<io::Result<Stream>> {
            match self.0 {}
        }
    }

    impl Stream {
        pub fn connect(_path: impl AsRef<Path>) -> io::Result<Stream> {
            Err(unsupported())
        }

        pub fn set_read_timeout(&self, _timeout: Option<Duration>) -> io::Result<()> {
            match self.0 {}
        }

        pub fn shutdown(&self, _how: std::net::Shutdown) -> io::Result<()> {
            match self.0 {}
        }
    }

    impl Read for Stream {
        fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
            match self.0 {}
        }
    }

    impl Read for &Stream {
        fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
            match self.0 {}
        }
    }

    impl Write for Stream {
        fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
            match self.0 {}
        }

        fn flush(&mut self) -> io::Result<()> {
            match self.0 {}
        }
    }

    impl Write for &Stream {
        fn write(&mut self, _buf: &[u8]) -> io::Result<usize> {
            match self.0 {}
        }

        fn flush(&mut self) -> io::Result<()> {
            match self.0 {}
        }
    }
}
