//! The recurrent layers as the debugger counts them. A layer number anywhere in `app` and `ui`
//! (the cursor's, a breakpoint's, a pane's) means the k-th recurrent layer from the top, 0 first
//! (`layer=1` and the header's "layer 1/2" write it from 1); `recurrent[k]` is its index into the
//! model's layers, needed only to read the model and the trace.

use crate::model::cell::Direction;
use crate::model::trace::CellTrace;
use crate::session::Session;

/// A session's recurrent layers, numbered from the top.
#[derive(Debug, Clone, Copy)]
pub struct Layers<'a> {
    pub session: &'a Session,
    /// The model's recurrent layers (indices into its layers), top to bottom.
    pub recurrent: &'a [usize],
}

impl<'a> Layers<'a> {
    /// How many recurrent layers there are.
    pub fn count(&self) -> usize {
        self.recurrent.len()
    }

    /// The recorded cells of layer k (one, or two for Bidirectional); none past the last layer.
    pub fn cells(&self, k: usize) -> &'a [CellTrace] {
        self.recurrent
            .get(k)
            .map_or(&[][..], |&l| &self.session.trace.layers[l].cells[..])
    }

    /// The recorded cell of layer k that reads the sequence in `direction`, if it has one.
    pub fn cell(&self, k: usize, direction: Direction) -> Option<&'a CellTrace> {
        self.cells(k).get(direction.index())
    }

    /// Layer k's Keras name.
    pub fn name(&self, k: usize) -> &'a str {
        self.recurrent
            .get(k)
            .map_or("", |&l| self.session.model.layers[l].name.as_str())
    }
}
