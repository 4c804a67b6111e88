//! A case's history with its folds kept beside it: the full state, which commands are decided
//! on, and each viewer's fold, which views and versions are read from. New events advance
//! them (`extend`), so neither a command nor a read folds the whole history again. Every
//! viewer's fold still takes in only the events that viewer may see (`ViewFold`). What was
//! rendered from a viewer's fold (the API's answer) is kept with it until the history moves.

use accord_core::case::{Case, Recorded, ViewError, ViewFold, Viewer};
use bytes::Bytes;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Folded {
    events: Vec<Recorded>,
    /// The case folded from every event.
    pub state: Case,
    /// Each viewer's fold, made on first read and advanced with every extension.
    views: Mutex<HashMap<Viewer, Arc<ViewFold>>>,
    /// What was rendered for each viewer from this very history (`rendered`); dropped when it
    /// is extended, so a rendering never outlives the events it was made from.
    rendered: Mutex<HashMap<Viewer, Bytes>>,
}

impl Folded {
    pub fn new(events: Vec<Recorded>) -> Self {
        let state = Case::fold(events.iter());
        Self {
            events,
            state,
            views: Mutex::default(),
            rendered: Mutex::default(),
        }
    }

    /// Appends `new` events (which follow the last one) and advances every fold by them.
    pub fn extend(&mut self, new: Vec<Recorded>) {
        let mut state = std::mem::take(&mut self.state);
        for r in &new {
            state = accord_core::case::evolve(state, r);
        }
        self.state = state;
        let views = self.views.get_mut().unwrap_or_else(|e| e.into_inner());
        for fold in views.values_mut() {
            Arc::make_mut(fold).advance(&new);
        }
        self.events.extend(new);
        self.rendered
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// `viewer`'s fold of the case, made now if no read asked for it before.
    pub fn view_fold(&self, viewer: Viewer) -> Result<Arc<ViewFold>, ViewError> {
        if let Some(fold) = self.lock().get(&viewer) {
            return Ok(Arc::clone(fold));
        }
        let fold = Arc::new(ViewFold::new(&self.events, viewer)?);
        self.lock().insert(viewer, Arc::clone(&fold));
        Ok(fold)
    }

    /// The version `viewer` has seen: how many of the events it may see.
    pub fn version_for(&self, viewer: Viewer) -> Result<u64, ViewError> {
        // Even the mediator's version counts only what it may see: a figure a party entered
        // for itself alone must not show as a step of the mediator's version.
        Ok(self.view_fold(viewer)?.seen)
    }

    /// The names of the events `viewer` may see after its version `seen`: what changed for
    /// it meanwhile (a stale form shows them).
    pub fn changed_since(&self, viewer: Viewer, seen: u64) -> Result<Vec<&'static str>, ViewError> {
        Ok(
            accord_core::case::view::visible_after(&self.events, viewer, seen)?
                .into_iter()
                .map(|r| r.event.name())
                .collect(),
        )
    }

    /// A page of `viewer`'s timeline (see `accord_core::case::timeline`).
    pub fn timeline(
        &self,
        viewer: Viewer,
        before: Option<u64>,
        limit: usize,
    ) -> Result<accord_core::case::timeline::TimelinePage, ViewError> {
        accord_core::case::timeline::timeline(&self.events, viewer, before, limit)
    }

    /// What `render` makes for `viewer` from this history, made once: a repeated read of an
    /// unchanged case renders nothing again. (A viewer's fold, and so anything rendered from
    /// it, depends only on the history and the viewer.)
    pub fn rendered<E>(
        &self,
        viewer: Viewer,
        render: impl FnOnce() -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        let kept = |s: &Self| {
            s.rendered
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(&viewer)
                .cloned()
        };
        if let Some(bytes) = kept(self) {
            return Ok(bytes);
        }
        let bytes = render()?;
        self.rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(viewer, bytes.clone());
        Ok(bytes)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Viewer, Arc<ViewFold>>> {
        self.views.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Clone for Folded {
    fn clone(&self) -> Self {
        Self {
            events: self.events.clone(),
            state: self.state.clone(),
            views: Mutex::new(self.lock().clone()),
            // A copy is made to be extended: its renderings would be dropped at once.
            rendered: Mutex::default(),
        }
    }
}

impl std::ops::Deref for Folded {
    type Target = [Recorded];
    fn deref(&self) -> &[Recorded] {
        &self.events
    }
}

impl std::fmt::Debug for Folded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Folded")
            .field("events", &self.events.len())
            .finish_non_exhaustive()
    }
}
