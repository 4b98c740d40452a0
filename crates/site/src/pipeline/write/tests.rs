//! A failed write stops the build and is its one problem.

use playbook_book::config::Project;

use super::*;
use crate::BuildOptions;

/// A sink that fails from its `fail_at`th file on.
struct FailingSink {
    written: usize,
    fail_at: usize,
}

impl Sink for FailingSink {
    fn file(&mut self, _path: &str, _bytes: &[u8]) -> std::io::Result<()> {
        self.written += 1;
        if self.written >= self.fail_at {
            return Err(std::io::Error::other("disk full"));
        }
        Ok(())
    }
}

#[test]
fn a_write_error_stops_the_workers_and_is_reported() {
    // Enough pages for many more chunks than may wait, so that workers are held back
    // when the writing stops.
    let root = tempfile::tempdir().unwrap();
    let mut summary = String::from("# Summary\n\n");
    for page in 0..600 {
        std::fs::write(
            root.path().join(format!("p{page}.md")),
            format!("# Page {page}\n\nText.\n"),
        )
        .unwrap();
        summary.push_str(&format!("- [Page {page}](p{page}.md)\n"));
    }
    std::fs::write(root.path().join("SUMMARY.md"), summary).unwrap();
    let project = Project::locate(root.path()).unwrap();
    for fail_at in [1, 40, 500] {
        let mut sink = FailingSink {
            written: 0,
            fail_at,
        };
        let output = root.path().join("public");
        let failure = crate::generate(&project, &BuildOptions::default(), &output, &mut sink)
            .expect_err("a write error fails the build");
        assert!(
            failure.diagnostics[0].to_string().contains("disk full"),
            "{:?}",
            failure.diagnostics
        );
        assert_eq!(sink.written, fail_at, "nothing is written after the error");
    }
}
