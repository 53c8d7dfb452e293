//! Where each student was, kept in the server's state directory (`--state-dir`) so that one who
//! disconnects and comes back — the same user name with the same key, or with the class code —
//! goes on there: the lesson, the timestep, whether they were following, and their answers to
//! the lessons' questions (not asked again).
//!
//! One small JSON file per student, named by the server (never by a client): the user name
//! made safe for a file name and cut short, then a hash of the name and the way they logged in,
//! so that two names made alike stay apart. A file is written whole to a temporary file beside
//! it and renamed over the old one, so a reader sees the old or the new, never half; it is read
//! only when it is a regular file and small, and only for a lesson the class has (both as
//! `crate::io::file` writes and reads every state file). At most [`MAX_STUDENTS`] files.

use std::collections::BTreeMap;
use std::fs::{self, DirBuilder};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::io::file::{self, Role};

/// The largest file read back; anything bigger is not ours.
pub const MAX_FILE: u64 = 4096;
/// The most students kept; a new one past this is not saved.
pub const MAX_STUDENTS: usize = 10_000;
/// The longest part of a file name taken from a user name.
const NAME: usize = 32;

/// Who a student is, for keeping their place: the user name they gave and how they logged in
/// (a key's fingerprint, the class code, or nothing with `--open`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub name: String,
    pub how: String,
}

/// Where a student was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The lesson's source (a built-in id, a file the teacher named).
    pub lesson: String,
    pub t: usize,
    pub following: bool,
    /// Their answers, by lesson source, then question id: whether right.
    #[serde(default)]
    pub answers: BTreeMap<String, BTreeMap<String, bool>>,
}

/// The state directory's students.
#[derive(Debug)]
pub struct Store {
    dir: PathBuf,
}

/// `$XDG_STATE_HOME/lstm-tui/serve`, else `~/.local/state/lstm-tui/serve`.
pub fn default_dir() -> Option<PathBuf> {
    let state = std::env::var_os("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".local/state")))?;
    Some(state.join("lstm-tui").join("serve"))
}

/// The file name for a student: `ana-0123456789abcdef.json`.
pub fn file_name(who: &Who) -> String {
    let safe: String = who
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(NAME)
        .collect();
    // FNV-1a: the same on every machine and every build.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in who.name.bytes().chain([0]).chain(who.how.bytes()) {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{safe}-{hash:016x}.json")
}

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where `who` was, if it was kept (and is a regular file, small and well formed).
    pub fn load(&self, who: &Who) -> Option<Place> {
        let path = self.dir.join(file_name(who));
        let bytes = file::read_at_most(&path, Role::State, MAX_FILE, "").ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Keep where `who` is now ([`file::write_atomic`]).
    pub fn save(&self, who: &Who, place: &Place) -> std::io::Result<()> {
        let mut dir = DirBuilder::new();
        dir.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut dir, 0o700);
        dir.create(&self.dir)?;
        let path = self.dir.join(file_name(who));
        if !path.exists() && fs::read_dir(&self.dir)?.count() >= MAX_STUDENTS {
            return Err(std::io::Error::other(format!(
                "{} already keeps {MAX_STUDENTS} students",
                self.dir.display()
            )));
        }
        let json = |p: &Place| serde_json::to_vec(p).map_err(std::io::Error::other);
        let mut bytes = json(place)?;
        if bytes.len() as u64 > MAX_FILE {
            // Too many answers to be read back: the place is kept without them.
            bytes = json(&Place {
                answers: BTreeMap::new(),
                ..place.clone()
            })?;
        }
        file::write_atomic(&path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(name: &str, how: &str) -> Who {
        Who {
            name: name.into(),
            how: how.into(),
        }
    }

    fn place(t: usize) -> Place {
        Place {
            lesson: "lesson3".into(),
            t,
            following: false,
            answers: BTreeMap::new(),
        }
    }

    #[test]
    fn a_place_kept_is_found_again_by_the_same_name_and_way_in_only() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("serve"));
        let ana = who("ana", "SHA256:abc");
        assert_eq!(store.load(&ana), None);
        store.save(&ana, &place(3)).unwrap();
        store.save(&ana, &place(5)).unwrap();
        assert_eq!(store.load(&ana), Some(place(5)));
        assert_eq!(store.load(&who("ana", "SHA256:other")), None);
        assert_eq!(store.load(&who("ana", "class code")), None);
        assert_eq!(store.load(&who("ben", "SHA256:abc")), None);
        // Nothing is left behind but the one file.
        let files: Vec<_> = fs::read_dir(store.dir()).unwrap().collect();
        assert_eq!(files.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(store.dir()), 0o700);
            assert_eq!(mode(&store.dir().join(file_name(&ana))), 0o600);
        }
    }

    #[test]
    fn names_are_made_safe_for_a_file_name_and_kept_apart() {
        let a = file_name(&who("../../etc/passwd", "open"));
        assert!(a.starts_with("______etc_passwd-"), "{a}");
        assert!(!a.contains('/'));
        let b = file_name(&who("\u{1b}[2J\nname", "open"));
        assert!(b.starts_with("__2J_name-"), "{b}");
        assert_ne!(file_name(&who("a b", "open")), file_name(&who("a_b", "open")));
        let long = file_name(&who(&"x".repeat(10_000), "open"));
        assert_eq!(long.len(), NAME + 1 + 16 + 5);
        assert_eq!(file_name(&who("", "open")).len(), 1 + 16 + 5);
    }

    #[test]
    fn a_big_or_broken_file_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf());
        let ana = who("ana", "class code");
        let path = dir.path().join(file_name(&ana));
        fs::write(&path, "not json").unwrap();
        assert_eq!(store.load(&ana), None);
        let padded = format!("{}{}", serde_json::to_string(&place(2)).unwrap(), " ".repeat(5000));
        fs::write(&path, padded).unwrap();
        assert_eq!(store.load(&ana), None);
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        assert_eq!(store.load(&ana), None);
    }

    #[test]
    fn answers_are_kept_with_the_place_unless_too_many_to_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf());
        let ana = who("ana", "class code");
        let mut with = place(3);
        with.answers
            .insert("lesson3".into(), [("lstm-output".to_string(), true)].into());
        store.save(&ana, &with).unwrap();
        assert_eq!(store.load(&ana), Some(with.clone()));
        // A file from before answers were kept still reads.
        let old = r#"{"lesson":"lesson3","t":3,"following":false}"#;
        fs::write(dir.path().join(file_name(&ana)), old).unwrap();
        assert_eq!(store.load(&ana), Some(place(3)));
        let many = (0..500).map(|k| (format!("question-{k}"), k % 2 == 0)).collect();
        with.answers.insert("lesson4".into(), many);
        store.save(&ana, &with).unwrap();
        assert_eq!(store.load(&ana), Some(place(3)), "the place without its answers");
    }
}
