//! Playground share links: any fragment must decode (or be refused) without
//! a panic, inflating at most `MAX_STATE_BYTES`, and a decoded state must
//! encode and decode back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ordinal_playground::share::{encode, try_decode};

fuzz_target!(|data: &[u8]| {
    let fragment = String::from_utf8_lossy(data);
    if let Ok(state) = try_decode(&fragment) {
        let again = try_decode(&encode(&state)).expect("an encoded state decodes");
        assert_eq!(again, state);
    }
});
