//! Reading a file the user named: the one way lstm-tui opens a lesson, a model, weights, an
//! input or a vocabulary, and the file it writes a trace to; and the one way it replaces a state
//! file of its own ([`write_atomic`]).
//!
//! Only regular files are read. A FIFO, a device such as /dev/zero, a directory or a symlink
//! loop is refused by name before `open()` could block on it, and the file is opened
//! non-blocking on unix, so one swapped in between the check and the open cannot block either
//! (the open descriptor is checked again). Every read stops one byte past the limit for the
//! file's role, so a file that grows while it is read, or one whose size the system reports as 0
//! (as /proc files do), never fills memory: the size the file claims is used only to refuse
//! early and to reserve room.
//!
//! Most files are not read whole: [`open`] gives the checked file to a reader that takes only
//! the parts it needs (an .npy header before its data, a zip member, an HDF5 dataset), each
//! checked against what the model needs before it is read, so a file refused for what it holds
//! is refused without being held. Those readers never read past the size the opened file
//! reports.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use super::npy::MAX_BYTES;
use crate::error::{Error, Kind, Result};

/// What a file is for, which decides how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A lesson (.toml): real ones are a few kB.
    Lesson,
    /// A vocabulary, one token a line.
    Vocabulary,
    /// An .npy input.
    Input,
    /// A Keras model file (.keras, .h5).
    Model,
    /// A weights file (.npz, .weights.h5, .keras, .safetensors).
    Weights,
    /// The course's progress (progress.json): real ones are a few kB.
    State,
}

impl Role {
    /// The most bytes read for a file in this role. Models, weights and inputs may take as much as
    /// any one array lstm-tui holds ([`MAX_BYTES`]), well inside the memory the model's estimate
    /// allows for weights and trace together.
    pub fn limit(self) -> u64 {
        match self {
            Role::Lesson => 8 << 20,
            Role::Vocabulary => 64 << 20,
            Role::State => 1 << 20,
            Role::Input | Role::Model | Role::Weights => MAX_BYTES,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Role::Lesson => "a lesson",
            Role::Vocabulary => "a vocabulary",
            Role::Input => "an input",
            Role::Model => "a model file",
            Role::Weights => "a weights file",
            Role::State => "a progress file",
        }
    }
}

/// `n` bytes in the largest whole unit: 8 MiB, 1 GiB.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n => format!("{n} bytes"),
    }
}

/// What a file that is not a regular file is, for the message refusing it.
fn not_regular(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("is a directory, not a file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("is a named pipe (FIFO), not a regular file");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("is a device, not a regular file");
        }
        if t.is_socket() {
            return Some("is a socket, not a regular file");
        }
    }
    Some("is not a regular file")
}

/// Open `path` for reading without blocking, whatever it turns out to be.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// A regular file of some role, opened and checked but not read: its parts are read as they are
/// needed (a zip archive's members, an HDF5 file's datasets, an .npy file's header first), so a
/// file refused for what it holds is refused before its bytes are held.
pub struct Opened {
    pub file: File,
    /// The size the file reports, at most the role's limit.
    pub len: u64,
    /// The most bytes read from it.
    pub limit: u64,
}

impl Opened {
    /// The file as a stream that ends one byte past the limit, so a file that grows while it is
    /// read is still caught.
    pub fn stream(self) -> std::io::Take<std::io::BufReader<File>> {
        std::io::BufReader::new(self.file).take(self.limit + 1)
    }
}

/// The whole content of a regular file of `role`, refusing anything else and anything past the
/// limit for `role`, with the path named.
pub fn read(path: &Path, role: Role) -> Result<Vec<u8>> {
    read_at_most(path, role, role.limit(), "")
}

/// [`read`] with a lower limit than the role's, where what the file is for says how large it can
/// be; `why` says so in the message (`(enough for this model's 562 weights)`), or is empty.
pub fn read_at_most(path: &Path, role: Role, limit: u64, why: &str) -> Result<Vec<u8>> {
    let limit = limit.min(role.limit());
    let opened = open_at_most(path, role, limit, why)?;
    let claimed = opened.len;
    let mut out = Vec::with_capacity(usize::try_from(claimed).unwrap_or(0));
    let io = io_error(path, "read");
    opened.file.take(limit + 1).read_to_end(&mut out).map_err(io)?;
    if out.len() as u64 > limit {
        return Err(too_large(path, role, None, limit, why));
    }
    Ok(out)
}

fn too_large(path: &Path, role: Role, size: Option<u64>, limit: u64, why: &str) -> Error {
    let limit = match why {
        "" => bytes(limit),
        why => format!("{} {why}", bytes(limit)),
    };
    Error::new(Kind::TooLarge {
        size,
        noun: role.noun(),
        limit,
    })
    .with_file(path.display())
}

fn io_error<'a>(path: &'a Path, action: &'static str) -> impl Fn(std::io::Error) -> Error + 'a {
    move |e: std::io::Error| {
        Error::new(Kind::Io {
            action,
            detail: e.to_string(),
        })
        .with_file(path.display())
    }
}

/// Open a regular file of `role` without reading it, refusing anything else and any file
/// larger than the role's limit, with the path named.
pub fn open(path: &Path, role: Role) -> Result<Opened> {
    open_at_most(path, role, role.limit(), "")
}

fn open_at_most(path: &Path, role: Role, limit: u64, why: &str) -> Result<Opened> {
    let check = |meta: &Metadata| -> Result<u64> {
        if let Some(what) = not_regular(meta) {
            return Err(Error::new(Kind::NotRegularFile {
                what: what.to_string(),
                noun: role.noun(),
            })
            .with_file(path.display()));
        }
        if meta.len() > limit {
            return Err(too_large(path, role, Some(meta.len()), limit, why));
        }
        Ok(meta.len())
    };
    check(&std::fs::metadata(path).map_err(io_error(path, "open"))?)?;
    let file = open_nonblocking(path).map_err(io_error(path, "open"))?;
    // The path may name something else by now: check what was opened.
    let len = check(&file.metadata().map_err(io_error(path, "read"))?)?;
    Ok(Opened { file, len, limit })
}

/// Where output goes: a regular file the user named, or standard output.
pub enum Output {
    File(File),
    Stdout,
}

/// Create (or truncate) the file `path` names for output; `-` is standard output. Anything
/// but a regular file is refused by name before it is opened: opening a FIFO for writing waits
/// for a reader, a device or a socket is not where a trace belongs. The file is opened
/// non-blocking on unix, so one swapped in between the check and the open cannot block either
/// (the open descriptor is checked again).
pub fn create(path: &Path) -> Result<Output> {
    if path.as_os_str() == "-" {
        return Ok(Output::Stdout);
    }
    let refuse = |meta: &Metadata| match not_regular(meta) {
        Some(what) => Err(Error::in_file(
            path.display(),
            Kind::NotRegularOutput { what: what.to_string() },
        )),
        None => Ok(()),
    };
    if let Ok(meta) = std::fs::metadata(path) {
        refuse(&meta)?;
    }
    let mut options = OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(io_error(path, "create"))?;
    refuse(&file.metadata().map_err(io_error(path, "create"))?)?;
    Ok(Output::File(file))
}

/// Write `bytes` to `path` whole or not at all: to a new temporary file beside it (readable and
/// writable by its owner only), synced to disk, then renamed over `path`, and the directory
/// synced (best effort: some file systems cannot), so that a reader or a crash finds the old
/// content or the new, never half of it. Each call has a temporary file of its own, so writers
/// to one path at once do not meet; a temporary file is removed when the write fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static TEMP: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let n = TEMP.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The content of a UTF-8 text file of `role`, as [`read`] reads it.
pub fn read_text(path: &Path, role: Role) -> Result<String> {
    String::from_utf8(read(path, role)?).map_err(|e| {
        Error::in_file(
            path.display(),
            Kind::NotUtf8 {
                valid_up_to: e.utf8_error().valid_up_to(),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_named_in_whole_units() {
        assert_eq!(bytes(8 << 20), "8 MiB");
        assert_eq!(bytes(1 << 30), "1 GiB");
        assert_eq!(bytes(1000), "1000 bytes");
    }

    #[test]
    fn write_atomic_replaces_the_file_whole_and_leaves_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write_atomic(&path, b"old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        // Nowhere to write: the error, and no temporary file left.
        assert!(write_atomic(&dir.path().join("gone/state.json"), b"x").is_err());
        std::fs::create_dir(dir.path().join("taken")).unwrap();
        assert!(write_atomic(&dir.path().join("taken"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    /// A file whose reported size is 0 but which holds more than the limit: the read stops
    /// there and says so.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_reporting_size_zero_is_still_capped() {
        let path = Path::new("/proc/self/maps");
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0, "a /proc file reports size 0");
        assert!(read(path, Role::Lesson).unwrap().len() > 16);
        let e = read_at_most(path, Role::Lesson, 16, "").unwrap_err();
        assert_eq!(
            e.to_string(),
            "/proc/self/maps: the file holds more than 16 bytes, the most lstm-tui reads for a lesson"
        );
    }
}
