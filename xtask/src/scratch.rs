//! Temporary folders for commands, unique to the process and call, removed when dropped.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::ensure::with_path;
use crate::DynError;

/// A new empty folder under the system's temp folder, removed when dropped.
pub(crate) struct Scratch(PathBuf);

impl Scratch {
    /// `purpose` names the folder (`xtask-<purpose>-<process id>-<n>`), for whoever finds it.
    pub(crate) fn new(purpose: &str) -> Result<Scratch, DynError> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let name = format!("xtask-{purpose}-{}-{unique}", std::process::id());
        let path = std::env::temp_dir().join(name);
        // Left by an earlier process that had the same id and was killed.
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).map_err(|e| with_path(e, "creating", &path))?;
        Ok(Scratch(path))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::Scratch;

    #[test]
    fn each_folder_is_unique_and_removed_when_dropped() {
        let (a, b) = (Scratch::new("test").unwrap(), Scratch::new("test").unwrap());
        assert_ne!(a.path(), b.path());
        assert!(a.path().is_dir());
        let kept = a.path().to_path_buf();
        drop(a);
        assert!(!kept.exists());
    }
}
