//! A seat's part in a class with a presenter. A student follows the presenter (lesson, timestep,
//! focused layer and unit, tab, timeline quantity) until `f` lets them explore alone, and `f`
//! again snaps them back to where the presenter is now; one who joins late starts there. The
//! presenter's every move is published; their header counts who follows. Students' keys never
//! reach the presenter.

use std::sync::Arc;

use tokio::sync::watch;

use super::stage::{Roster, Stage};
use crate::app::Position;
use crate::keys::{Action, CLASS_BINDINGS, Key, binding_in};
use crate::tui::debugger::{Debugger, Event};

/// The key that switches between following and exploring.
fn follow_key() -> Key {
    binding_in(CLASS_BINDINGS, Action::Follow).key
}

/// The presenter's badge: who follows.
pub fn presenting(r: Roster) -> String {
    format!("presenting · {} following · {} exploring", r.following, r.exploring)
}

/// What a seat is in its class.
pub enum Part {
    /// There is no presenter in this class.
    Solo,
    Student {
        stage: Arc<dyn Stage>,
        id: u64,
        following: bool,
        presenter: watch::Receiver<Option<Position>>,
    },
    Presenter {
        stage: Arc<dyn Stage>,
        roster: watch::Receiver<Roster>,
        last: Option<Position>,
    },
}

impl Part {
    pub fn student(stage: Arc<dyn Stage>) -> Part {
        let id = stage.join();
        let presenter = stage.presenter();
        Part::Student {
            stage,
            id,
            following: true,
            presenter,
        }
    }

    /// The presenter's part, or `None` when another presenter holds it.
    pub fn presenter(stage: Arc<dyn Stage>) -> Option<Part> {
        if !stage.take_lead() {
            return None;
        }
        let roster = stage.roster();
        Some(Part::Presenter {
            stage,
            roster,
            last: None,
        })
    }

    /// The badge, and for a student who follows, where the presenter is.
    pub fn guide(&self) -> Option<Event> {
        match self {
            Part::Solo => None,
            Part::Student {
                following: true,
                presenter,
                ..
            } => {
                let at = presenter.borrow().clone();
                let badge = if at.is_some() {
                    "following"
                } else {
                    "following · no presenter yet"
                };
                Some(Event::Guide {
                    badge: Some(badge.into()),
                    to: at,
                })
            }
            Part::Student { following: false, .. } => Some(Event::Guide {
                badge: Some(format!(
                    "exploring · {} {}",
                    follow_key(),
                    binding_in(CLASS_BINDINGS, Action::Follow).hint()
                )),
                to: None,
            }),
            Part::Presenter { roster, .. } => {
                let r = *roster.borrow();
                Some(Event::Guide {
                    badge: Some(format!(
                        "presenting · {} following · {} exploring",
                        r.following, r.exploring
                    )),
                    to: None,
                })
            }
        }
    }

    /// A key from this seat's client: a student's `f` switches following and exploring (and is
    /// not passed on); every other event is.
    pub fn key(&mut self, event: Event) -> Option<Event> {
        match (self, &event) {
            (
                Part::Student {
                    stage, id, following, ..
                },
                Event::Key(k),
            ) if *k == follow_key() => {
                *following = !*following;
                stage.student(*id, Some(*following));
                None
            }
            _ => Some(event),
        }
    }

    /// Resolves when something on the stage changed for this seat (never for a solo seat).
    pub async fn changed(&mut self) {
        let gone = match self {
            Part::Solo => return std::future::pending().await,
            Part::Student { presenter, .. } => presenter.changed().await.is_err(),
            Part::Presenter { roster, .. } => roster.changed().await.is_err(),
        };
        if gone {
            std::future::pending::<()>().await;
        }
    }

    /// Whether a change on the stage concerns this seat now (an exploring student ignores the
    /// presenter's moves).
    pub fn wants(&self) -> bool {
        !matches!(self, Part::Solo | Part::Student { following: false, .. })
    }

    /// After each event: the presenter publishes where they are, when it changed.
    pub fn handled(&mut self, debugger: &Debugger) {
        if let Part::Presenter { stage, last, .. } = self {
            let now = debugger.app.position();
            if last.as_ref() != Some(&now) {
                stage.present(Some(now.clone()));
                *last = Some(now);
            }
        }
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        match self {
            Part::Solo => {}
            Part::Student { stage, id, .. } => stage.student(*id, None),
            Part::Presenter { stage, .. } => stage.leave_lead(),
        }
    }
}
