//! Surviving `fork()`: a child process inherits the parent's memory but none of its
//! threads, so the tokio runtime, the clusters' tend tasks and the sockets they drive
//! are dead copies there. Waiting on any of them hangs for ever.
//!
//! The `pthread_atfork` child handler only bumps [`generation`] and forgets the
//! runtime pointer (atomic stores: nothing else is safe between fork and exec in a
//! process that had threads). Everything fork-sensitive compares the generation it
//! was made in with the current one, lazily, on its next use: the runtime is rebuilt
//! on demand, inherited clients refuse with a clear error, and their state is leaked
//! rather than dropped (dropping would wait for threads that do not exist).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

static GENERATION: AtomicU64 = AtomicU64::new(0);

/// How many forks separate this process from the one that loaded the module; each
/// child starts a new generation.
#[inline]
pub(crate) fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Installs the child handler once per process (children inherit the registration).
pub(crate) fn watch() {
    static WATCH: Once = Once::new();
    WATCH.call_once(|| {
        // SAFETY: `in_child` is an `extern "C"` function without arguments, as
        // pthread_atfork requires, and it only performs atomic stores.
        let failed = unsafe { libc::pthread_atfork(None, None, Some(in_child)) };
        if failed != 0 {
            log::warn!(target: "aerospike_py", "pthread_atfork failed ({failed}): fork() children may hang");
        }
    });
}

extern "C" fn in_child() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
    super::forget_runtime();
}
