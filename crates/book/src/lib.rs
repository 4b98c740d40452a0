//! A playbook before any HTML: where it is and its settings ([`config`], [`gitbook_yaml`],
//! [`models_settings`]), its table of contents ([`summary`]), its pages with their front matter
//! ([`pages`], [`frontmatter`]), where each page and file lands in the site ([`links`]), and the
//! problems found on the way, with file and line ([`diagnostics`]). [`parallel`] spreads a list's
//! work over the cores; [`litter`] tells editors' swap and backup files from content.

pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod gitbook_yaml;
pub mod links;
pub mod litter;
pub mod mdbook;
pub mod models_settings;
pub mod nesting;
pub mod pages;
pub mod parallel;
pub mod summary;

pub use pages::{
    Book, Exclusions, Layout, MAX_TEXT_BYTES, NavLink, NavNode, Page, SUMMARY_FILE, index_file,
    load, load_with, read_text, real_path_inside,
};
