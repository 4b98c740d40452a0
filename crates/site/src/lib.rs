//! A loaded playbook to a written site: the [`pipeline`] renders every page through the
//! [`theme`] with its [`nav`], [`calculators`] computed natively, the [`search`] index, the
//! [`print`] page and the [`redirects`], with [`llms`]'s `llms.txt` and markdown copies, into an
//! [`output`] folder swapped in whole; [`check`] lists what the build found wrong.

pub mod anchors;
pub mod calculators;
pub mod check;
pub mod llms;
pub mod nav;
pub mod output;
pub mod pipeline;
pub mod print;
pub mod redirects;
pub mod search;
pub mod theme;

pub use pipeline::{
    BuildOptions, BuildReport, Findings, Generated, Loaded, PageOutput, Progress, build, generate,
};
