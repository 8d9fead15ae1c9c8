//! The wasm entry point: `hydrate()` is what the page's hydration script calls once the
//! bundle has loaded. Pages are rendered on the server only; this hydrates the islands
//! (the components marked `#[island]` in the main crate, the editing forms) and nothing else.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    umsetzungsmonitor::hydrate_islands();
}
