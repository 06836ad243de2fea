//! The allocator: mimalloc (the default feature `mimalloc`), or the
//! system's without it (heaptrack and memcheck follow only that one).
//!
//! mimalloc returns a freed page to the system only after a delay, a second
//! in its version 3. A lint run frees each run of documents' trees while it
//! builds the facts linking keeps, so with that delay the pages of trees
//! already freed were still counted when a run peaked: measured at one
//! millisecond instead, the peak RSS of 32,000 tiny apps fell from 186 to
//! 157 MB, of the 50 MB file from 651 to 593 MB and of 10k apps from 106 to
//! 102 MB, for no time that stood out of the noise of this machine (the
//! bench decides).

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t`, which
/// libmimalloc-sys 0.1.49 names no constant for (its names are version 2's).
#[cfg(feature = "mimalloc")]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The delay, in milliseconds, before a freed page goes back to the system.
#[cfg(feature = "mimalloc")]
const PURGE_DELAY_MS: std::ffi::c_long = 1;

/// Set the allocator up; call first thing in `main`. An environment's
/// `MIMALLOC_PURGE_DELAY` still wins, so the default can be measured.
pub fn configure() {
    #[cfg(feature = "mimalloc")]
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mimalloc's options are plain integers it reads atomically;
        // setting one is allowed at any time.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    }
}

#[cfg(all(test, feature = "mimalloc"))]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_is_the_option_it_names() {
        // mimalloc 3's default purge delay is 1000 ms and its neighbours'
        // (deprecated_eager_commit_delay, use_numa_nodes) are 0: reading 1000
        // at index 15 before it is set checks the index against the header.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
        }
        configure();
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, PURGE_DELAY_MS);
        }
    }
}
