//! What a frame is drawn from: the debugger's state and the screen's presentation of it (its
//! look and the ends of the scales), borrowed together for the panes.

use super::look::Look;
use super::scale::Extent;
use crate::app::App;
use crate::model::cell::Direction;

/// The app as one screen presents it.
#[derive(Debug, Clone, Copy)]
pub struct View<'a> {
    pub app: &'a App,
    pub look: &'a Look,
    /// Per recurrent layer and cell, the largest |x| and |c| of the run (the scales' ends).
    pub extents: &'a [Vec<Extent>],
    /// [`super::Screen::badge`].
    pub badge: Option<&'a str>,
    /// [`super::Screen::class`].
    pub class: bool,
}

impl View<'_> {
    /// The largest |x| and |c| over the run of a cell of a recurrent layer (counted as
    /// `app::layers` does).
    pub fn extent(&self, layer: usize, cell: Direction) -> Extent {
        self.extents
            .get(layer)
            .and_then(|cells| cells.get(cell.index()))
            .copied()
            .unwrap_or_default()
    }
}
