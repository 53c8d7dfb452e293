//! The lessons shipped inside the binary, so `lstm-tui run lesson3` works from any folder, and
//! the files they name (their trained weights), shipped with them.

/// (id, TOML text), in teaching order.
pub const LESSONS: &[(&str, &str)] = &[
    ("lesson1", include_str!("../../lessons/lesson1.toml")),
    ("lesson2", include_str!("../../lessons/lesson2.toml")),
    ("lesson3", include_str!("../../lessons/lesson3.toml")),
    ("lesson4", include_str!("../../lessons/lesson4.toml")),
    ("lesson5", include_str!("../../lessons/lesson5.toml")),
    ("lesson6", include_str!("../../lessons/lesson6.toml")),
    ("lesson7", include_str!("../../lessons/lesson7.toml")),
    ("lesson8", include_str!("../../lessons/lesson8.toml")),
    ("lesson9", include_str!("../../lessons/lesson9.toml")),
];

/// (name, bytes) of the files beside the lessons that a built-in lesson may name, as its
/// `weights`: made by tools/train_lessons.py.
const FILES: &[(&str, &[u8])] = &[
    ("lesson1.npz", include_bytes!("../../lessons/lesson1.npz")),
    ("lesson2.npz", include_bytes!("../../lessons/lesson2.npz")),
    ("lesson3.npz", include_bytes!("../../lessons/lesson3.npz")),
    ("lesson4.npz", include_bytes!("../../lessons/lesson4.npz")),
    ("lesson5.npz", include_bytes!("../../lessons/lesson5.npz")),
    ("lesson6.npz", include_bytes!("../../lessons/lesson6.npz")),
    ("lesson7.npz", include_bytes!("../../lessons/lesson7.npz")),
    ("lesson8.npz", include_bytes!("../../lessons/lesson8.npz")),
    ("lesson9.npz", include_bytes!("../../lessons/lesson9.npz")),
];

/// The TOML text of a built-in lesson.
pub fn get(id: &str) -> Option<&'static str> {
    LESSONS.iter().find(|(k, _)| *k == id).map(|(_, text)| *text)
}

/// A file shipped beside the built-in lessons, by the name a lesson gives it.
pub fn file(name: &str) -> Option<&'static [u8]> {
    FILES.iter().find(|(k, _)| *k == name).map(|(_, bytes)| *bytes)
}
