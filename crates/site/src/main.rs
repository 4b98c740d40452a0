//! The `playbook` command line.
fn main() {}
