//! Browser tests: this repository's playbook and fixture playbooks, built and served on
//! 127.0.0.1, driven in Debian's Chromium. One test binary; each module covers one feature.

mod axe;
mod calculators;
mod estate;
mod field_errors;
mod reader;
mod search;
mod selector_grid;
mod serve;
mod site;
