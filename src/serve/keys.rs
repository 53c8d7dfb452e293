//! The server's files: its ed25519 host key (made on first start, kept with mode 0600, so students
//! see the same fingerprint every time), the students' public keys (an OpenSSH authorized_keys
//! file) and the class code (compared in constant time).

use std::io::Write;
use std::path::{Path, PathBuf};

use rand::TryRngCore;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::ssh_key::{LineEnding, PublicKey, public::KeyData};
use russh::keys::{HashAlg, PrivateKey};
use subtle::ConstantTimeEq;

use crate::error::{Error, Kind, Result, ServeMistake};

/// The error for a server key file, or for none when `path` is `None`.
fn mistake(path: Option<&Path>, mistake: ServeMistake) -> Error {
    let e = Error::new(Kind::Serve(mistake));
    match path {
        Some(path) => e.with_file(path.display()),
        None => e,
    }
}

/// `cannot action: e` about the file at `path`.
fn io(path: &Path, action: &'static str, e: &dyn std::fmt::Display) -> Error {
    Error::new(Kind::Io {
        action,
        detail: e.to_string(),
    })
    .with_file(path.display())
}

/// `$XDG_DATA_HOME/lstm-tui/host_key`, or `~/.local/share/lstm-tui/host_key`.
pub fn default_host_key_path() -> Result<PathBuf> {
    let data = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty() && Path::new(d).is_absolute())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|h| !h.is_empty())
                .map(|h| PathBuf::from(h).join(".local/share"))
        })
        .ok_or_else(|| mistake(None, ServeMistake::NoDataHome))?;
    Ok(data.join("lstm-tui").join("host_key"))
}

/// The host key at `path`, made there first if there is none. Returns the key and whether it was made.
pub fn host_key(path: &Path) -> Result<(PrivateKey, bool)> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            check_private(path)?;
            let key = PrivateKey::from_openssh(text.trim())
                .map_err(|e| mistake(Some(path), ServeMistake::NotPrivateKey { detail: e.to_string() }))?;
            if key.is_encrypted() {
                return Err(mistake(Some(path), ServeMistake::Encrypted));
            }
            Ok((key, false))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((make_host_key(path)?, true)),
        Err(e) => Err(io(path, "read the host key", &e)),
    }
}

fn make_host_key(path: &Path) -> Result<PrivateKey> {
    let fail = |action, e: &dyn std::fmt::Display| io(path, action, e);
    let mut seed = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut seed)
        .map_err(|e| mistake(Some(path), ServeMistake::NoRandomness { detail: e.to_string() }))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    seed.fill(0);
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| fail("encode the host key", &e))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(|e| fail("create the host key's folder", &e))?;
    }
    let mut file = create_private_file(path).map_err(|e| fail("create the host key", &e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| fail("write the host key", &e))?;
    Ok(key)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)
}

/// A key file others can read is refused, as OpenSSH does.
#[cfg(unix)]
fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|e| io(path, "read the host key", &e))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(mistake(
            Some(path),
            ServeMistake::ReadableByOthers { mode: mode & 0o777 },
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<()> {
    Ok(())
}

/// The SHA-256 fingerprint as `ssh` shows it: `SHA256:...`.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// The keys of an OpenSSH authorized_keys file (options such as `command=` are ignored: a key
/// only ever opens the debugger).
#[derive(Debug, Default)]
pub struct AuthorizedKeys {
    keys: Vec<KeyData>,
}

impl AuthorizedKeys {
    pub fn read(path: &Path) -> Result<AuthorizedKeys> {
        let text = std::fs::read_to_string(path).map_err(|e| io(path, "read", &e))?;
        AuthorizedKeys::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<AuthorizedKeys> {
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let key = public_key(line).map_err(|e| {
                Error::new(Kind::Serve(ServeMistake::KeyLine { detail: e.to_string() })).with_file(format!(
                    "{}:{}",
                    path.display(),
                    n + 1
                ))
            })?;
            keys.push(key.key_data().clone());
        }
        if keys.is_empty() {
            return Err(mistake(Some(path), ServeMistake::NoPublicKeys));
        }
        Ok(AuthorizedKeys { keys })
    }

    pub fn contains(&self, key: &PublicKey) -> bool {
        self.keys.iter().any(|k| k == key.key_data())
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

/// Why an authorized_keys line holds no key.
#[derive(Debug)]
enum KeyLineError {
    NoType,
    NoKey,
    /// The key after the type does not decode.
    Bad(russh::keys::ssh_key::Error),
}

impl std::fmt::Display for KeyLineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyLineError::NoType => f.write_str("no key type (such as ssh-ed25519)"),
            KeyLineError::NoKey => f.write_str("no key after the type"),
            KeyLineError::Bad(e) => write!(f, "{e}"),
        }
    }
}

/// The key of an authorized_keys line: its first `type base64` pair, after any options.
fn public_key(line: &str) -> std::result::Result<PublicKey, KeyLineError> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let is_type = |w: &&str| {
        ["ssh-", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-"]
            .iter()
            .any(|p| w.starts_with(p))
    };
    let at = words.iter().position(is_type).ok_or(KeyLineError::NoType)?;
    let data = words.get(at + 1).ok_or(KeyLineError::NoKey)?;
    PublicKey::from_openssh(&format!("{} {data}", words[at])).map_err(KeyLineError::Bad)
}

/// The class code students type, read from a file (its first line).
pub struct ClassCode(Vec<u8>);

impl std::fmt::Debug for ClassCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClassCode(..)")
    }
}

impl ClassCode {
    pub fn read(path: &Path) -> Result<ClassCode> {
        let text = std::fs::read_to_string(path).map_err(|e| io(path, "read", &e))?;
        let code = text.lines().next().unwrap_or_default().trim();
        if code.is_empty() {
            return Err(mistake(Some(path), ServeMistake::EmptyClassCode));
        }
        Ok(ClassCode(code.as_bytes().to_vec()))
    }

    pub fn new(code: &str) -> ClassCode {
        ClassCode(code.as_bytes().to_vec())
    }

    /// Whether `typed` is the code, in time that does not depend on where they differ.
    pub fn matches(&self, typed: &[u8]) -> bool {
        let typed = typed.strip_suffix(b"\n").unwrap_or(typed);
        let typed = typed.strip_suffix(b"\r").unwrap_or(typed);
        self.0.ct_eq(typed).into()
    }

    /// Shorter codes are easy to guess.
    pub fn is_short(&self) -> bool {
        self.0.len() < 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn student() -> PublicKey {
        PrivateKey::from(Ed25519Keypair::from_seed(&[1; 32]))
            .public_key()
            .clone()
    }

    #[test]
    fn host_key_is_made_once_private_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/host_key");
        let (first, made) = host_key(&path).unwrap();
        assert!(made);
        let (again, made) = host_key(&path).unwrap();
        assert!(!made);
        assert_eq!(fingerprint(first.public_key()), fingerprint(again.public_key()));
        assert!(fingerprint(first.public_key()).starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_host_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host_key");
        host_key(&path).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = host_key(&path).unwrap_err();
        assert_eq!(*e.kind, Kind::Serve(ServeMistake::ReadableByOthers { mode: 0o644 }));
        assert!(e.to_string().contains("readable by others (mode 644)"), "{e}");
    }

    #[test]
    fn a_garbage_host_key_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("host_key");
        create_private_file(&path).unwrap().write_all(b"not a key").unwrap();
        let e = host_key(&path).unwrap_err().to_string();
        assert!(e.contains("not an OpenSSH private key"), "{e}");
    }

    #[test]
    fn authorized_keys_skip_comments_and_options() {
        let line = student().to_openssh().unwrap();
        let text = format!("# the class\n\n{line} student@lab\nrestrict,command=\"x\" {line}\n");
        let keys = AuthorizedKeys::parse(Path::new("keys"), &text).unwrap();
        assert_eq!(keys.len(), 2);
        assert!(keys.contains(&student()));
        let other = PrivateKey::from(Ed25519Keypair::from_seed(&[7; 32]));
        assert!(!keys.contains(other.public_key()));
    }

    #[test]
    fn a_bad_authorized_keys_line_is_named() {
        let text = format!("{}\nssh-ed25519 notbase64!\n", student().to_openssh().unwrap());
        let e = AuthorizedKeys::parse(Path::new("keys"), &text).unwrap_err().to_string();
        assert!(e.starts_with("keys:2: expected an OpenSSH public key line"), "{e}");
        let e = AuthorizedKeys::parse(Path::new("keys"), "# none\n")
            .unwrap_err()
            .to_string();
        assert_eq!(e, "keys: no public keys in this file");
    }

    #[test]
    fn class_code_matches_exactly() {
        let code = ClassCode::new("maple-42");
        assert!(code.matches(b"maple-42"));
        assert!(code.matches(b"maple-42\r\n"));
        assert!(!code.matches(b"maple-4"));
        assert!(!code.matches(b"maple-421"));
        assert!(!code.matches(b""));
        assert!(!code.is_short());
        assert!(ClassCode::new("abc").is_short());
    }
}
