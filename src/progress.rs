//! Progress reporting without printing: the library calls a `Progress`, the
//! binary decides how (or whether) to draw it.

/// Receives progress of long operations. All methods have no-op defaults.
pub trait Progress: Sync {
    /// A new task of `total` units (bytes) starts.
    fn begin(&self, _label: &str, _total: u64) {}
    /// `done` units of the current task are done.
    fn update(&self, _done: u64) {}
    /// The current task is over.
    fn end(&self) {}
}

/// Reports nothing.
pub struct NoProgress;

impl Progress for NoProgress {}
