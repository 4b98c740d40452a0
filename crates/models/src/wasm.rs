//! The WebAssembly entry point: one function the page's script calls on every input.

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs the calculator `name` on lines of `key=value` and returns lines of `key<TAB>text` (and
/// `!field<TAB>message` for what could not be used).
#[wasm_bindgen]
pub fn calculate(name: &str, inputs: &str) -> String {
    crate::calculator::calculate_encoded(name, inputs)
}
