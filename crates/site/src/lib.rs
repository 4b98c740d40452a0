//! playbook: renders GitBook and mdBook style playbooks into fast, accessible static sites with
//! calculators. See ARCHITECTURE.md at the repository root for the code map.

pub mod book;
pub mod calc;
pub mod calculators;
pub mod check;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod gitbook;
pub mod links;
pub mod markdown;
pub mod nav;
pub mod output;
pub mod parallel;
pub mod print;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod summary;
pub mod theme;
pub mod watch_filter;
