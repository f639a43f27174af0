//! What several test files share: a view together with each node's JSON state, which the page's
//! views leave out (only the CLI's report prints it) but tests read.

use std::ops::Deref;

use serde_json::Value;
use synod_core::probe::probe;
use synod_core::simulation::Simulation;
use synod_core::view::WorldView;

/// A world's view and each node's state as the report prints it (`null` while crashed).
pub struct Seen {
    pub view: WorldView,
    pub states: Vec<Value>,
}

impl Deref for Seen {
    type Target = WorldView;

    fn deref(&self) -> &WorldView {
        &self.view
    }
}

/// What a world shows now.
pub trait Look {
    fn seen(&self) -> Seen;
}

impl Look for Box<dyn Simulation> {
    fn seen(&self) -> Seen {
        Seen {
            view: self.view(),
            states: probe(&**self).node_states(),
        }
    }
}
