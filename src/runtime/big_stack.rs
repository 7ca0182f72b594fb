//! A big stack on the caller's own thread for sync calls. The `aerospike` crate decodes
//! replies recursively with no depth guard, so a deeply nested record needs far more
//! stack than a Python thread has (see `WORKER_STACK`). Each thread keeps one mapping of
//! that size, address space only: pages are committed as a decode touches them and stay
//! for the thread's next call; the call switches onto it with `psm::on_stack`. Cost: a
//! stack switch (nanoseconds) instead of a hop to a runtime worker (two more cross-thread
//! wake-ups: ~12 µs of CPU per get on this VM, measured in perf/invivo.py).

use std::cell::Cell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// One thread's stack: `len` bytes at `base`, the lowest page a guard (no access).
struct Mapping {
    base: *mut u8,
    len: usize,
}

impl Mapping {
    fn new(len: usize) -> Option<Mapping> {
        let page = page_size();
        let len = len.next_multiple_of(page) + page;
        // SAFETY: an anonymous private mapping at an address the kernel picks; checked below.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE | libc::MAP_STACK,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return None;
        }
        let mapping = Mapping { base: base.cast(), len };
        // SAFETY: the first page of the mapping just made; an overflow faults there
        // instead of running into whatever lies below.
        if unsafe { libc::mprotect(base, page, libc::PROT_NONE) } != 0 {
            return None; // dropped: unmapped
        }
        Some(mapping)
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: `base`/`len` are exactly what mmap returned and nothing runs on it now.
        unsafe { libc::munmap(self.base.cast(), self.len) };
    }
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size).unwrap_or(4096).max(4096)
}

thread_local! {
    /// Taken while a call runs on it, so a nested call (none today) would map its own.
    static STACK: Cell<Option<Mapping>> = const { Cell::new(None) };
}

/// Runs `f(arg)` on this thread's big stack of `size` bytes, or gives `arg` back
/// unused when the system refuses the mapping (the caller then runs it elsewhere).
pub(crate) fn run<A, R>(size: usize, arg: A, f: impl FnOnce(A) -> R) -> Result<R, A> {
    let Some(mapping) = STACK.with(Cell::take).or_else(|| Mapping::new(size)) else {
        return Err(arg);
    };
    let page = page_size();
    // SAFETY: the region above the guard page is ours alone (taken out of the
    // thread-local) until it is put back below; mmap returns page-aligned memory and
    // `len - page` is a multiple of the page size, so base and size are aligned for any
    // target. The callback never unwinds: a panic is caught inside and resumed after.
    let outcome = unsafe {
        psm::on_stack(mapping.base.add(page), mapping.len - page, || catch_unwind(AssertUnwindSafe(|| f(arg))))
    };
    STACK.with(|slot| slot.set(Some(mapping)));
    match outcome {
        Ok(value) => Ok(value),
        Err(panic) => resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(n: u64) -> u64 {
        // Recursion that cannot be turned into a loop: a frame of 64+ bytes per level.
        let frame = std::hint::black_box([n; 8]);
        if n == 0 {
            0
        } else {
            1 + depth(std::hint::black_box(frame[7] - 1))
        }
    }

    #[test]
    fn recursion_far_deeper_than_a_thread_stack_runs_on_the_big_stack() {
        // 2 million levels would overflow an 8 MiB stack many times over.
        let result = run(2 << 30, 2_000_000, depth);
        assert_eq!(result.ok(), Some(2_000_000));
    }

    #[test]
    fn the_stack_is_reused_and_panics_come_back_out() {
        assert_eq!(run(1 << 20, 1, |n| n).ok(), Some(1));
        let caught = std::panic::catch_unwind(|| run(1 << 20, (), |()| panic!("inside")));
        assert!(caught.is_err());
        assert_eq!(run(1 << 20, 2, |n| n).ok(), Some(2));
    }
}
