//! Decoding a list moves every item into place, so large models make large lists slow
//! (BENCHMARKS.md, decoding). The generator boxes optional objects in received types; these
//! bounds keep the biggest models small.

use seam_sdk::types::{ActionAttempt, ConnectedAccount, Device, Event};

#[test]
fn models_stay_small() {
    let sizes = [
        ("Device", std::mem::size_of::<Device>()),
        ("ConnectedAccount", std::mem::size_of::<ConnectedAccount>()),
        ("ActionAttempt", std::mem::size_of::<ActionAttempt>()),
        ("Event", std::mem::size_of::<Event>()),
    ];
    println!("{sizes:?}");
    for (name, size) in sizes {
        assert!(size <= 2048, "{name} is {size} bytes");
    }
}
