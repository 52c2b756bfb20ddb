//! A real OpenSSH server (Debian's sshd) on a loopback port, with a throwaway host key and one
//! authorized client key, all in a temp folder; killed when dropped. Clients reach it as the
//! alias `famsync-test` through the ssh_config it writes.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use famsync_core::remote::{accept_host_key, Session, SshOptions};
use famsync_core::{install, Host, Installation};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const ALIAS: &str = "famsync-test";
/// A user without privileges on the server (scripts/install-deps.sh creates it when run as
/// root), for "permission denied on the server".
pub const OTHER_USER: &str = "famsync-test";
/// A user whose login shell is fish, no POSIX shell (scripts/install-deps.sh creates it too).
pub const FISH_USER: &str = "famsync-fish";

pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Child,
}

/// The passphrase of the authorized key `locked` (the window's passphrase test).
pub const PASSPHRASE: &str = "correct horse battery staple";

fn keygen(path: &Path) {
    keygen_with(path, "");
}

fn keygen_with(path: &Path, passphrase: &str) {
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(path.with_extension("pub"));
    let ok = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            passphrase,
            "-C",
            "famsync-test",
            "-f",
        ])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "ssh-keygen");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Sshd {
    pub fn start() -> Sshd {
        let dir = tempfile::tempdir().unwrap();
        keygen(&dir.path().join("hostkey"));
        keygen(&dir.path().join("client"));
        keygen(&dir.path().join("stranger"));
        keygen_with(&dir.path().join("locked"), PASSPHRASE);
        let authorized = ["client.pub", "locked.pub"]
            .map(|k| std::fs::read_to_string(dir.path().join(k)).unwrap())
            .concat();
        std::fs::write(dir.path().join("authorized_keys"), authorized).unwrap();
        // sshd's privilege separation wants this folder (the Debian package makes it at boot).
        let _ = std::fs::create_dir_all("/run/sshd");
        let port = free_port();
        let child = spawn(dir.path(), port);
        let sshd = Sshd { dir, port, child };
        sshd.write_client_config("client");
        sshd
    }

    /// A server whose host key the client already accepted.
    pub fn accepted() -> Sshd {
        let sshd = Sshd::start();
        accept_host_key(ALIAS, &sshd.host_fingerprint(), &sshd.opts()).unwrap();
        sshd
    }

    /// A new connection to the server.
    pub fn host(&self) -> Host {
        Host::Ssh(std::sync::Arc::new(
            Session::connect(ALIAS, &self.opts()).unwrap(),
        ))
    }

    /// A copy of the sample installation on the server, opened over SSH and directly.
    pub fn both(&self) -> (Installation, Installation) {
        let bwdata = self.installation();
        let remote = install::open_on(&self.host(), Some(&bwdata)).unwrap();
        (remote, install::open(&bwdata).unwrap())
    }

    /// The listening sshd's process id (its children are the open connections).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The server goes away; its files stay.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The same server with a new host key, as after a reinstall (or an impostor).
    pub fn restart_with_new_host_key(&mut self) {
        self.stop();
        keygen(&self.dir.path().join("hostkey"));
        self.child = spawn(self.dir.path(), self.port);
    }

    /// An accepted server whose logins run `script` (sh) before their command, as a login
    /// script does (~/.bashrc printing a banner or reading stdin); the command is in
    /// $SSH_ORIGINAL_COMMAND, and `{dir}` in the script is the server's folder.
    pub fn with_login_script(script: &str) -> Sshd {
        let mut sshd = Sshd::accepted();
        let script = script.replace("{dir}", &sshd.dir.path().display().to_string());
        std::fs::write(sshd.dir.path().join("login.sh"), script).unwrap();
        sshd.stop();
        sshd.child = spawn(sshd.dir.path(), sshd.port);
        sshd
    }

    /// Clients use `key` (client: authorized; stranger: not).
    pub fn write_client_config(&self, key: &str) {
        let user = nix::unistd::User::from_uid(nix::unistd::geteuid())
            .unwrap()
            .unwrap()
            .name;
        self.write_client_config_as(key, &user);
    }

    /// Clients log in as `user` with `key`.
    pub fn write_client_config_as(&self, key: &str, user: &str) {
        let config = format!(
            "Host {ALIAS}\n  HostName 127.0.0.1\n  Port {}\n  User {user}\n  IdentityFile {}\n  IdentitiesOnly yes\n",
            self.port,
            self.dir.path().join(key).display()
        );
        std::fs::write(self.dir.path().join("ssh_config"), config).unwrap();
    }

    pub fn opts(&self) -> SshOptions {
        SshOptions {
            known_hosts: self.dir.path().join("famsync_known_hosts"),
            config: Some(self.dir.path().join("ssh_config")),
            interactive: false,
            identity: None,
            askpass: None,
            link: Default::default(),
            waits: Default::default(),
        }
    }

    /// A copy of famsync's sample installation, with the stand-in bitwarden.sh beside it, in
    /// the server's folder (the same machine here, so tests can look at the files directly).
    /// Returns the bwdata path.
    pub fn installation(&self) -> PathBuf {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = self.dir.path().join("opt bitwarden");
        std::fs::create_dir_all(&root).unwrap();
        let copied = Command::new("cp")
            .arg("-r")
            .arg(manifest.join("../famsync-core/sample/bwdata"))
            .arg(&root)
            .status()
            .unwrap();
        assert!(copied.success());
        let script = root.join("bitwarden.sh");
        std::fs::copy(manifest.join("../../tests/standin/bitwarden.sh"), &script).unwrap();
        root.join("bwdata")
    }

    /// Clients log in as OTHER_USER (needs root): the server's folder and the installation's
    /// folders become traversable for it; the files keep their owner.
    pub fn log_in_as_other_user(&self, bwdata: &Path) {
        self.log_in_as(bwdata, OTHER_USER);
    }

    /// Clients log in as `user` (needs root), as log_in_as_other_user.
    pub fn log_in_as(&self, bwdata: &Path, user: &str) {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        for dir in [
            self.dir.path(),
            bwdata.parent().unwrap(),
            bwdata,
            &bwdata.join("env"),
        ] {
            mode(dir, 0o755);
        }
        mode(&self.dir.path().join("authorized_keys"), 0o644);
        self.write_client_config_as("client", user);
    }

    /// Cuts every open connection (as a network failure would); the server keeps listening.
    pub fn drop_connections(&self) {
        let _ = Command::new("pkill")
            .args(["-KILL", "-P", &self.child.id().to_string()])
            .status();
    }

    /// How many times a client has logged in so far (sshd's own log says so).
    pub fn logins(&self) -> usize {
        let log = std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default();
        log.matches("Accepted publickey for ").count()
    }

    /// The server's open connections (each a child of the listening sshd).
    pub fn connections(&self) -> usize {
        let out = Command::new("pgrep")
            .args(["-P", &self.child.id().to_string()])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).lines().count()
    }

    /// The host key's fingerprint, as the server's admin would read it there.
    pub fn host_fingerprint(&self) -> String {
        let out = Command::new("ssh-keygen")
            .args(["-l", "-E", "sha256", "-f"])
            .arg(self.dir.path().join("hostkey.pub"))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    }
}

fn spawn(dir: &Path, port: u16) -> Child {
    let d = dir.display();
    let config = format!(
        "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/hostkey\nPidFile {d}/sshd.pid\nAuthorizedKeysFile {d}/authorized_keys\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\nPermitRootLogin prohibit-password\n"
    );
    let login = dir.join("login.sh");
    let config = match login.exists() {
        true => format!("{config}ForceCommand sh {}\n", login.display()),
        false => config,
    };
    let path: PathBuf = dir.join("sshd_config");
    std::fs::write(&path, config).unwrap();
    let child = Command::new("/usr/sbin/sshd")
        .args(["-D", "-E"])
        .arg(dir.join("sshd.log"))
        .arg("-f")
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("sshd (openssh-server) must be installed: make test installs it");
    let until = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < until, "sshd did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.stop();
    }
}
