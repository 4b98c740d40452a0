//! The build pipeline: a playbook located and read ([`Loaded`], with what rendering needs
//! prepared once), its pages rendered on every core ([`chunks`], [`page`]) and written with the
//! rest of the site ([`write`], [`extras`]) into a sink; [`build`] stages the output folder and
//! swaps it in whole.

mod chunks;
mod extras;
mod guard;
mod loaded;
mod page;
mod prepared;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use playbook_book::config::Project;
use playbook_book::diagnostics::{BuildFailure, Diagnostic, Diagnostics};

use crate::output::{Sink, Staging};

pub(crate) use loaded::load_book;
pub use loaded::{Loaded, PageOutput};
pub use write::{Findings, Generated};

/// What the command line may change about a build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The output folder, instead of the configured one.
    pub out: Option<PathBuf>,
    /// The address the site is published at, instead of the configured one.
    pub base_url: Option<String>,
    /// Problems in the content are errors (`--strict`), whatever `playbook.toml` says.
    pub strict: bool,
    /// Told how far the pages are written, as the build goes.
    pub progress: Option<Progress>,
}

/// Called with the pages written so far and the pages in all, after each chunk of pages: the
/// command line shows a progress line with it.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub output: PathBuf,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the playbook at `root` into its output folder.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let project = Project::locate(root).map_err(single)?;
    let output = project.output_dir(options.out.as_deref());
    crate::output::refuse_theme_folders(&project.root, &output).map_err(single)?;
    crate::output::refuse_inside_source(&project.root, &project.source, &output).map_err(single)?;
    let mut staging = Staging::begin(&output, &project.source).map_err(single)?;
    let generated = generate(&project, options, &output, &mut staging)?;
    staging.commit().map_err(single)?;
    Ok(BuildReport {
        pages: generated.pages,
        output,
        warnings: generated.warnings,
    })
}

/// Renders the whole site into `sink`. `output` is excluded from the pages read.
pub fn generate(
    project: &Project,
    options: &BuildOptions,
    output: &Path,
    sink: &mut dyn Sink,
) -> Result<Generated, BuildFailure> {
    let mut diagnostics = Diagnostics::default();
    let Some(loaded) = Loaded::read(project.clone(), options, output, &mut diagnostics) else {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    };
    loaded.generate(sink, diagnostics)
}

fn single(diagnostic: Diagnostic) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![diagnostic],
    }
}
