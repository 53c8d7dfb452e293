//! The narrative at the cursor and guided mode: which notes apply where the student is (every
//! one that covers the step and the focused layer, the one `>` or `<` went to first), their
//! number in the lesson's order, and `>` / `<`, which go to the next or previous note's first
//! step and layer and focus that layer.

use super::App;

impl App {
    /// The notes (indices into the narrative) that apply at the cursor's step and focused layer:
    /// the one `>` or `<` went to first while it applies, then the most specific first.
    pub fn notes_in_view(&self) -> Vec<usize> {
        let Some(layer) = self.focused_layer() else {
            return vec![];
        };
        let name = &self.session.model.layers[layer].name;
        let mut notes = self.session.lesson.notes_at(self.cursor.t, self.steps, name);
        if let Some(k) = self.cursor.note
            && let Some(at) = notes.iter().position(|n| *n == k)
        {
            notes.remove(at);
            notes.insert(0, k);
        }
        notes
    }

    /// The first note in view as "note k of n" in guided order: (k counted from 1, n).
    pub fn note_number(&self) -> Option<(usize, usize)> {
        let first = *self.notes_in_view().first()?;
        let tour = self.session.lesson.tour(self.steps);
        let k = tour.iter().position(|n| *n == first)?;
        Some((k + 1, tour.len()))
    }

    /// `>` (forward) or `<`: the note after or before the first one in view, in guided order;
    /// from a step without a note, the first note starting at or after it (or the last at or
    /// before it).
    pub(super) fn step_note(&mut self, forward: bool) {
        let lesson = &self.session.lesson;
        let tour = lesson.tour(self.steps);
        if tour.is_empty() {
            self.error("this lesson has no notes");
            return;
        }
        let start = |k: usize| lesson.narrative[k].at.start(self.steps);
        let t = self.cursor.t;
        let here = self
            .notes_in_view()
            .first()
            .and_then(|first| tour.iter().position(|n| n == first));
        let next = match (here, forward) {
            (Some(p), true) => tour.get(p + 1).copied(),
            (Some(p), false) => p.checked_sub(1).map(|p| tour[p]),
            (None, true) => tour.iter().copied().find(|&k| start(k) >= t),
            (None, false) => tour.iter().rev().copied().find(|&k| start(k) <= t),
        };
        let Some(k) = next else {
            let n = tour.len();
            match forward {
                true => self.say(format!("that was the last note ({n}/{n}); < goes back")),
                false => self.say(format!("this is the first note (1/{n}); > goes on")),
            }
            return;
        };
        let note = &lesson.narrative[k];
        let layer = note
            .layer
            .as_ref()
            .and_then(|name| self.session.model.layers.iter().position(|l| &l.name == name));
        let t = start(k);
        self.playing = false;
        self.goto(t);
        if let Some(m) = layer {
            self.focus_model_layer(m);
        }
        self.cursor.note = Some(k);
        self.follow_note();
    }

    /// Apply the narrative's `look_at` when a new note leads the lesson pane.
    pub(super) fn follow_note(&mut self) {
        let first = self.notes_in_view().first().copied();
        if first != self.last_note {
            self.last_note = first;
            if let Some(q) = first.and_then(|k| self.session.lesson.narrative[k].look_at) {
                self.cursor.timeline = q;
            }
        }
    }
}
