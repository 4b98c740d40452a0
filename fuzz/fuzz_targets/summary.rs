//! The SUMMARY.md parser: never fails, never panics, and every entry's line and column lie in
//! the text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook_book::summary::{self, SummaryItem};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = summary::parse(&text);
    let lines = text.split('\n').count();
    for entry in parsed.entries() {
        assert!(
            entry.line >= 1 && entry.line <= lines,
            "line {} of {lines}",
            entry.line
        );
        assert!(entry.column >= 1);
        assert!(!entry.title.contains('\n'));
    }
    for item in &parsed.items {
        if let SummaryItem::Part { line, .. } = item {
            assert!(*line >= 1 && *line <= lines);
        }
    }
});
