//! A loaded playbook to a written site: [`site`] runs the pipeline (every page rendered through
//! the [`theme`] with its [`nav`], [`calculators`] computed natively, the [`search`] index, the
//! [`print`] page, [`redirects`]) into an [`output`] folder swapped in whole; [`check`] lists
//! what the build found wrong.

pub mod calculators;
pub mod check;
pub mod nav;
pub mod output;
pub mod print;
pub mod redirects;
pub mod search;
pub mod site;
pub mod theme;
