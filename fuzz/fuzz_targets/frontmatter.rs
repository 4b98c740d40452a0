//! The front matter splitter (`+++` TOML, `---` YAML): never panics; the body it returns is the
//! file's tail at a character boundary; an error's offset lies in the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook_book::diagnostics::line_column;
use playbook_book::frontmatter;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match frontmatter::split(text) {
        Ok(split) => {
            assert!(split.body_offset <= text.len());
            assert!(text.is_char_boundary(split.body_offset));
            assert_eq!(split.body, &text[split.body_offset..]);
        }
        Err(error) => {
            assert!(
                error.offset <= text.len(),
                "{} > {}",
                error.offset,
                text.len()
            );
            assert!(!error.message.is_empty());
            let (line, column) = line_column(text, error.offset);
            assert!(line >= 1 && column >= 1);
            assert!(line <= text.split('\n').count());
        }
    }
});
