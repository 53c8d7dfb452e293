//! The lessons shipped inside the binary, so `lstm-tui run lesson3` works from any folder.

/// (id, TOML text), in teaching order.
pub const LESSONS: &[(&str, &str)] = &[
    ("lesson1", include_str!("../../lessons/lesson1.toml")),
    ("lesson2", include_str!("../../lessons/lesson2.toml")),
    ("lesson3", include_str!("../../lessons/lesson3.toml")),
    ("lesson4", include_str!("../../lessons/lesson4.toml")),
    ("lesson5", include_str!("../../lessons/lesson5.toml")),
    ("lesson6", include_str!("../../lessons/lesson6.toml")),
];

/// The TOML text of a built-in lesson.
pub fn get(id: &str) -> Option<&'static str> {
    LESSONS.iter().find(|(k, _)| *k == id).map(|(_, text)| *text)
}
