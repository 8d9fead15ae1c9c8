//! The wasm entry point: `hydrate()` is what the page's hydration script calls once the
//! bundle has loaded. Everything it hydrates lives in the main crate.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(umsetzungsmonitor::app::App);
}
