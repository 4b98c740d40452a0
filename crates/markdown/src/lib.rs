//! One page of a playbook to HTML: [`render`] turns a page's markdown into HTML and collects its
//! headings, search sections, links, assets and calculator blocks ([`page`] holds those types
//! and the markdown dialect). GitBook's `{% … %}` block tags are cut out and rendered by
//! [`gitbook`] before the page's events reach the renderer; code blocks are coloured and
//! shown by `code`, for both; [`slug`] makes heading ids. `copy` makes the page's plain
//! markdown copy from what rendering found.

mod code;
mod copy;
pub mod escape;
pub mod gitbook;
pub mod page;
mod render;
pub mod slug;

pub use copy::{FILE as COPY_FILE, defuse_tag_openers, fill_slots as fill_copy_slots};
pub use page::{
    CalculatorBlock, Heading, LinkResolver, PageLines, PageLink, PageSource, PathMap, Rendered,
    Section, calculator_slot, fill_calculator_slots, options,
};
pub use render::{MAX_CALCULATORS, render};
