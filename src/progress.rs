//! The student's progress through the course: for each lesson the timestep they were last at,
//! whether they reached its last step and the questions they answered, and the lesson they were
//! in last. Kept as JSON in the state directory (`$XDG_STATE_HOME/lstm-tui/progress.json`, else
//! `~/.local/state/lstm-tui/progress.json`).
//!
//! The file is written whole to a temporary file in the same directory, synced, and renamed over
//! the old one ([`file::write_atomic`]), so that a crash leaves the old file or the new one, never
//! half of one. It is read
//! as any file a user hands over is read: bounded, and checked. A file that cannot be understood
//! is set aside (renamed `progress.json.corrupt-<seconds since 1970>`) with a warning and the
//! course starts afresh; nothing about the state directory ever stops the debugger.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Kind};
use crate::io::file::{self, Role};
use crate::warning::{Warning, WarningKind};

/// The state file's name in the state directory.
pub const FILE_NAME: &str = "progress.json";

/// The only format of the state file this build writes and reads.
const FORMAT: u32 = 1;

/// The longest lesson or question id kept: longer ones make the file corrupt.
const MAX_ID: usize = 64;

/// One lesson's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The timestep the student was at when they left the lesson.
    pub t: usize,
    /// Whether they ever reached the lesson's last step.
    #[serde(default)]
    pub end_reached: bool,
    /// The questions answered (by question id): whether the answer was right.
    #[serde(default)]
    pub answers: BTreeMap<String, bool>,
}

/// Where a lesson stands, with its questions: how many it has, how many are answered (and, once
/// done, how many rightly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress {
        t: usize,
        answered: usize,
        questions: usize,
    },
    Done {
        right: usize,
        questions: usize,
    },
}

impl Status {
    pub fn is_done(&self) -> bool {
        matches!(self, Status::Done { .. })
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Status::NotStarted => f.write_str("not started"),
            Status::InProgress { t, questions: 0, .. } => write!(f, "in progress at t={t}"),
            Status::InProgress { t, answered, questions } => {
                write!(f, "in progress at t={t} · {answered}/{questions} questions answered")
            }
            Status::Done { questions: 0, .. } => f.write_str("done"),
            Status::Done { right, questions } => write!(f, "done · {questions}/{questions}, {right} right"),
        }
    }
}

/// The whole course's progress, as the state file holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    format: u32,
    /// The lesson the student was in last.
    #[serde(default)]
    pub last: Option<String>,
    /// By lesson id.
    #[serde(default)]
    pub lessons: BTreeMap<String, Record>,
}

impl Progress {
    /// No progress yet.
    pub fn new() -> Progress {
        Progress {
            format: FORMAT,
            ..Progress::default()
        }
    }

    /// Where lesson `id` stands: done once its last step was reached and every one of
    /// `questions` (its question ids) answered.
    pub fn status(&self, id: &str, questions: &[String]) -> Status {
        let Some(r) = self.lessons.get(id) else {
            return Status::NotStarted;
        };
        let answers: Vec<bool> = questions.iter().filter_map(|q| r.answers.get(q).copied()).collect();
        if r.end_reached && answers.len() == questions.len() {
            Status::Done {
                right: answers.iter().filter(|&&right| right).count(),
                questions: questions.len(),
            }
        } else {
            Status::InProgress {
                t: r.t,
                answered: answers.len(),
                questions: questions.len(),
            }
        }
    }

    /// The student left lesson `id` at timestep `t`, having reached its last step or not.
    pub fn visit(&mut self, id: &str, t: usize, end_reached: bool) {
        let record = self.lessons.entry(id.to_string()).or_default();
        record.t = t;
        record.end_reached |= end_reached;
        self.last = Some(id.to_string());
    }

    /// Keep `answers` (question id, whether right) to lesson `id`, whose question ids are
    /// `questions`: merged with the answers kept before, a new answer replacing an old one to
    /// the same question; answers to questions the lesson does not have (any more) are dropped.
    pub fn answer<'a>(&mut self, id: &str, answers: impl IntoIterator<Item = (&'a str, bool)>, questions: &[String]) {
        let record = self.lessons.entry(id.to_string()).or_default();
        record
            .answers
            .extend(answers.into_iter().map(|(q, right)| (q.to_string(), right)));
        record.answers.retain(|q, _| questions.contains(q));
    }

    /// The answers kept to lesson `id`'s questions: question id, whether right.
    pub fn answers(&self, id: &str) -> impl Iterator<Item = (&str, bool)> {
        self.lessons
            .get(id)
            .into_iter()
            .flat_map(|r| r.answers.iter().map(|(q, &right)| (q.as_str(), right)))
    }

    /// Forget lesson `id`'s progress, or every lesson's; true when there was some to forget.
    pub fn forget(&mut self, id: Option<&str>) -> bool {
        match id {
            None => {
                let had = !self.lessons.is_empty();
                *self = Progress::new();
                had
            }
            Some(id) => {
                if self.last.as_deref() == Some(id) {
                    self.last = None;
                }
                self.lessons.remove(id).is_some()
            }
        }
    }

    /// Where `run` with no lesson goes on, among `course` (the lesson ids in order, each with its
    /// question ids): the lesson the student was in last if it is not done, at its timestep; else
    /// the first lesson not done, at its timestep (0 if never started); `None` when all are done.
    pub fn resume(&self, course: &[(&str, Vec<String>)]) -> Option<(String, usize)> {
        let open = |(id, questions): &&(&str, Vec<String>)| !self.status(id, questions).is_done();
        let last = self
            .last
            .as_deref()
            .and_then(|l| course.iter().find(|(id, _)| *id == l))
            .filter(open);
        let (id, _) = last.or_else(|| course.iter().find(open))?;
        Some((id.to_string(), self.lessons.get(*id).map_or(0, |r| r.t)))
    }

    /// Whether a parsed file holds only what this build writes: its format, and ids that are
    /// short and printable.
    fn check(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!(
                "format {} is not known (this lstm-tui writes format {FORMAT})",
                self.format
            ));
        }
        let ids = self
            .lessons
            .iter()
            .flat_map(|(id, r)| std::iter::once(id).chain(r.answers.keys()));
        for id in ids.chain(self.last.iter()) {
            if id.is_empty() || id.chars().count() > MAX_ID || id.chars().any(char::is_control) {
                return Err(format!(
                    "an id must be 1 to {MAX_ID} printable characters, got {}",
                    crate::printable::printable(id)
                ));
            }
        }
        Ok(())
    }
}

/// The state directory lstm-tui keeps its progress in, from the environment: an absolute
/// `XDG_STATE_HOME`, else `HOME/.local/state` (a relative XDG_STATE_HOME is ignored, as the XDG
/// base directory specification says); `None` when neither is set.
pub fn state_dir(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let xdg = var("XDG_STATE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
    let base = xdg.or_else(|| {
        var("HOME")
            .filter(|h| !h.is_empty())
            .map(|h| Path::new(&h).join(".local/state"))
    })?;
    Some(base.join("lstm-tui"))
}

/// The progress file in a state directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// What reading the store gave: the progress, and whether it may be written back (not when the
/// file was there but could not be read, so that it is not overwritten unseen).
#[derive(Debug)]
pub struct Loaded {
    pub progress: Progress,
    pub writable: bool,
    pub warnings: Vec<Warning>,
}

impl Store {
    /// The store in directory `dir` (made when first written).
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// The state file's path.
    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Read the progress: none when there is no file yet; a file that cannot be parsed or holds
    /// what this build does not write is set aside with a warning.
    pub fn load(&self) -> Loaded {
        let path = self.path();
        let fresh = |writable, warnings| Loaded {
            progress: Progress::new(),
            writable,
            warnings,
        };
        // No directory (or a file in its place, which saving reports): no progress yet.
        if !self.dir.is_dir() || matches!(path.try_exists(), Ok(false)) {
            return fresh(true, Vec::new());
        }
        let problem = match file::read(&path, Role::State) {
            Ok(bytes) => match serde_json::from_slice::<Progress>(&bytes) {
                Ok(progress) => match progress.check() {
                    Ok(()) => {
                        return Loaded {
                            progress,
                            writable: true,
                            warnings: Vec::new(),
                        };
                    }
                    Err(why) => why,
                },
                Err(e) => format!("not the JSON this lstm-tui writes: {e}"),
            },
            // The system refused (permissions): leave the file alone.
            Err(e) if matches!(e.innermost(), Kind::Io { .. }) => {
                return fresh(
                    false,
                    vec![self.warning(WarningKind::ProgressNotRead { detail: e.message() })],
                );
            }
            Err(e) => e.message(),
        };
        let warning = match self.set_aside() {
            Ok(moved_to) => WarningKind::ProgressSetAside {
                detail: problem,
                moved_to: moved_to.display().to_string(),
            },
            Err(e) => {
                return fresh(
                    false,
                    vec![self.warning(WarningKind::ProgressNotRead {
                        detail: format!("{problem}; and it cannot be set aside: {e}"),
                    })],
                );
            }
        };
        fresh(true, vec![self.warning(warning)])
    }

    fn warning(&self, kind: WarningKind) -> Warning {
        Warning::new(Some(&self.path().display().to_string()), kind)
    }

    /// Rename the state file out of the way, to `progress.json.corrupt-<seconds>` (with a number
    /// after it if that is taken).
    fn set_aside(&self) -> std::io::Result<PathBuf> {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut target = self.dir.join(format!("{FILE_NAME}.corrupt-{secs}"));
        let mut n = 1;
        while target.exists() {
            target = self.dir.join(format!("{FILE_NAME}.corrupt-{secs}-{n}"));
            n += 1;
        }
        std::fs::rename(self.path(), &target)?;
        Ok(target)
    }

    /// Write the progress atomically ([`file::write_atomic`]), making the state directory first.
    pub fn save(&self, progress: &Progress) -> Result<(), Warning> {
        let refused = |action: &'static str| {
            move |e: std::io::Error| {
                self.warning(WarningKind::ProgressNotSaved {
                    detail: Error::new(Kind::Io {
                        action,
                        detail: e.to_string(),
                    })
                    .message(),
                })
            }
        };
        std::fs::create_dir_all(&self.dir).map_err(refused("make the state directory"))?;
        let mut text = serde_json::to_vec_pretty(progress).expect("progress is plain data");
        text.push(b'\n');
        file::write_atomic(&self.path(), &text).map_err(refused("write the progress"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> Vec<(&'static str, Vec<String>)> {
        vec![("a", vec![]), ("b", vec!["q1".to_string()]), ("c", vec![])]
    }

    #[test]
    fn status_follows_visits_and_answers() {
        let mut p = Progress::new();
        let q = vec!["q1".to_string(), "q2".to_string()];
        let at = |t, answered| Status::InProgress {
            t,
            answered,
            questions: 2,
        };
        assert_eq!(p.status("b", &q), Status::NotStarted);
        p.visit("b", 4, false);
        assert_eq!(p.status("b", &q), at(4, 0));
        p.answer("b", [("q1", true)], &q);
        assert_eq!(p.status("b", &q), at(4, 1));
        p.visit("b", 9, true);
        // The last step is reached, but a question is not answered yet.
        assert_eq!(p.status("b", &q), at(9, 1));
        p.answer("b", [("q2", false)], &q);
        assert_eq!(p.status("b", &q), Status::Done { right: 1, questions: 2 });
        // Going back does not undo reaching the end.
        p.visit("b", 0, false);
        assert_eq!(p.status("b", &q), Status::Done { right: 1, questions: 2 });
        let texts = [
            at(3, 2).to_string(),
            Status::InProgress {
                t: 3,
                answered: 0,
                questions: 0,
            }
            .to_string(),
            Status::Done { right: 2, questions: 3 }.to_string(),
            Status::Done { right: 0, questions: 0 }.to_string(),
        ];
        assert_eq!(
            texts,
            [
                "in progress at t=3 · 2/2 questions answered",
                "in progress at t=3",
                "done · 3/3, 2 right",
                "done"
            ]
        );
    }

    #[test]
    fn answers_merge_and_keep_only_the_lessons_questions() {
        let mut p = Progress::new();
        let q = vec!["a".to_string(), "b".to_string()];
        p.answer("l", [("a", false), ("gone", true)], &q);
        p.answer("l", [("b", true)], &q);
        assert_eq!(p.answers("l").collect::<Vec<_>>(), [("a", false), ("b", true)]);
        // A new answer to the same question replaces the old one.
        p.answer("l", [("a", true)], &q);
        assert_eq!(p.answers("l").collect::<Vec<_>>(), [("a", true), ("b", true)]);
        // A question the lesson no longer has is forgotten with its answer.
        p.answer("l", [], &q[1..]);
        assert_eq!(p.answers("l").collect::<Vec<_>>(), [("b", true)]);
        assert_eq!(p.answers("other").count(), 0);
    }

    #[test]
    fn resume_goes_on_in_the_last_lesson_then_the_first_not_done() {
        let mut p = Progress::new();
        assert_eq!(p.resume(&course()), Some(("a".into(), 0)));
        p.visit("c", 5, false);
        assert_eq!(p.resume(&course()), Some(("c".into(), 5)));
        p.visit("c", 7, true);
        assert_eq!(p.resume(&course()), Some(("a".into(), 0)));
        p.visit("a", 2, true);
        p.visit("b", 3, true);
        // b's question is not answered: not done.
        assert_eq!(p.resume(&course()), Some(("b".into(), 3)));
        p.lessons.get_mut("b").unwrap().answers.insert("q1".into(), true);
        assert_eq!(p.resume(&course()), None);
        // A last lesson that is not in the course is passed over.
        p.last = Some("gone".into());
        p.forget(Some("a"));
        assert_eq!(p.resume(&course()), Some(("a".into(), 0)));
    }

    #[test]
    fn forget_one_or_all() {
        let mut p = Progress::new();
        p.visit("a", 1, false);
        p.visit("b", 2, false);
        assert!(p.forget(Some("b")));
        assert_eq!(p.last, None);
        assert!(!p.forget(Some("b")));
        assert_eq!(
            p.status("a", &[]),
            Status::InProgress {
                t: 1,
                answered: 0,
                questions: 0
            }
        );
        assert!(p.forget(None));
        assert_eq!(p, Progress::new());
        assert!(!p.forget(None));
    }

    #[test]
    fn state_dir_from_xdg_or_home() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| (*v).into())
        };
        assert_eq!(
            state_dir(env(&[("XDG_STATE_HOME", "/x/state"), ("HOME", "/home/s")])),
            Some(PathBuf::from("/x/state/lstm-tui"))
        );
        assert_eq!(
            state_dir(env(&[("XDG_STATE_HOME", "relative"), ("HOME", "/home/s")])),
            Some(PathBuf::from("/home/s/.local/state/lstm-tui"))
        );
        assert_eq!(state_dir(env(&[("HOME", "")])), None);
        assert_eq!(state_dir(env(&[])), None);
    }

    #[test]
    fn save_then_load_round_trips_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("deep/lstm-tui"));
        let mut p = Progress::new();
        p.visit("lesson3", 12, false);
        p.lessons
            .get_mut("lesson3")
            .unwrap()
            .answers
            .insert("shape".into(), true);
        store.save(&p).unwrap();
        let loaded = store.load();
        assert_eq!((loaded.progress, loaded.writable, loaded.warnings), (p, true, vec![]));
        let names: Vec<String> = std::fs::read_dir(dir.path().join("deep/lstm-tui"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec![FILE_NAME.to_string()]);
    }

    #[test]
    fn a_corrupt_file_is_set_aside_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        for (text, says) in [
            (&b"{\"format\": 1, \"lessons\": {\"a\": {\"t\": 3"[..], "not the JSON"),
            (b"{\"format\": 2}", "format 2 is not known"),
            (
                b"{\"format\": 1, \"last\": \"\\u001b[2J\"}",
                "printable characters, got \\x1b[2J",
            ),
            (b"{\"format\": 1, \"lessons\": {\"a\": {\"t\": -1}}}", "not the JSON"),
            (b"\xff\xfe", "not the JSON"),
        ] {
            std::fs::write(store.path(), text).unwrap();
            let loaded = store.load();
            assert_eq!((&loaded.progress, loaded.writable), (&Progress::new(), true));
            let [w] = loaded.warnings.as_slice() else {
                panic!("{:?}", loaded.warnings)
            };
            let WarningKind::ProgressSetAside { detail, moved_to } = &w.kind else {
                panic!("{w:?}")
            };
            assert!(detail.contains(says), "{detail}");
            assert!(!store.path().exists());
            assert_eq!(std::fs::read(moved_to).unwrap(), text);
            assert!(moved_to.contains(".corrupt-"), "{moved_to}");
        }
        // Each was kept under its own name.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 5);
    }

    #[test]
    fn a_file_too_large_is_set_aside_unread() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        std::fs::write(store.path(), vec![b' '; Role::State.limit() as usize + 1]).unwrap();
        let loaded = store.load();
        let [w] = loaded.warnings.as_slice() else { panic!() };
        assert!(
            matches!(&w.kind, WarningKind::ProgressSetAside { detail, .. } if detail.contains("at most 1 MiB")),
            "{w}"
        );
    }

    #[test]
    fn a_state_directory_that_cannot_be_made_is_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the directory should be: refused to everyone, root too.
        std::fs::write(dir.path().join("lstm-tui"), b"").unwrap();
        let w = Store::new(dir.path().join("lstm-tui"))
            .save(&Progress::new())
            .unwrap_err();
        assert!(
            matches!(&w.kind, WarningKind::ProgressNotSaved { detail } if detail.contains("cannot make the state directory")),
            "{w}"
        );
    }
}
