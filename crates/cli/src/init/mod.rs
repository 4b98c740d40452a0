//! `playbook init [DIR]`: a new playbook to start from, as mdBook, Zola and Hugo each give: a
//! `playbook.toml`, a `SUMMARY.md` with a part, a README and two pages (one with a calculator),
//! and a `.gitignore` for the output. Only an empty or missing folder is written into, so
//! nothing an author wrote is ever overwritten.

use std::path::Path;

use anyhow::{Context, bail};

/// The files of a new playbook, by path: the text of each is in this folder.
const FILES: [(&str, &str); 6] = [
    ("playbook.toml", include_str!("playbook.toml")),
    ("SUMMARY.md", include_str!("SUMMARY.md")),
    ("README.md", include_str!("README.md")),
    ("practices/README.md", include_str!("practices.md")),
    ("practices/availability.md", include_str!("availability.md")),
    (".gitignore", "/public/\n"),
];

/// Writes a new playbook into `dir` and says what to run next.
pub fn run(dir: &Path) -> anyhow::Result<String> {
    refuse_unless_empty(dir)?;
    for (path, text) in FILES {
        let file = dir.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("could not create {}", parent.display()))?;
        }
        std::fs::write(&file, text)
            .with_context(|| format!("could not write {}", file.display()))?;
    }
    let shown = shell_word(dir);
    Ok(format!(
        "Wrote a new playbook in {}. Next:\n  playbook serve {shown}   # preview it as you edit, on 127.0.0.1\n  playbook build {shown}   # write the site into {}\n",
        dir.display(),
        dir.join("public").display()
    ))
}

/// An error unless `dir` is missing or an empty folder.
fn refuse_unless_empty(dir: &Path) -> anyhow::Result<()> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty: playbook init writes only into an empty or new folder, so nothing there is overwritten (name a new folder: playbook init my-playbook)",
                    dir.display()
                );
            }
            Ok(())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::NotADirectory => {
            bail!(
                "{} is a file: name a new folder for the playbook",
                dir.display()
            )
        }
        Err(error) => Err(error).with_context(|| format!("could not read {}", dir.display())),
    }
}

/// `dir` as it can be pasted into a shell: quoted when it holds anything but plain characters.
fn shell_word(dir: &Path) -> String {
    let text = dir.display().to_string();
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_folder_gets_a_playbook_that_builds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("my playbook");
        let said = run(&root).unwrap();
        assert!(said.contains("playbook serve '"), "{said}");
        for (path, _) in FILES {
            assert!(root.join(path).is_file(), "{path}");
        }
        let site = dir.path().join("site");
        let reported = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let record = std::sync::Arc::clone(&reported);
        let options = playbook_site::BuildOptions {
            out: Some(site.clone()),
            progress: Some(playbook_site::Progress(std::sync::Arc::new(
                move |done, all| {
                    record.lock().unwrap().push((done, all));
                },
            ))),
            ..Default::default()
        };
        let report = playbook_site::build(&root, &options).expect("the new playbook builds");
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        // The build says how far its pages are written, ending with all of them.
        assert_eq!(reported.lock().unwrap().last(), Some(&(3, 3)));
        let page = std::fs::read_to_string(site.join("practices/availability/index.html")).unwrap();
        assert!(page.contains("data-calculator=\"availability\""));
    }

    #[test]
    fn a_folder_with_anything_in_it_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
        let error = run(dir.path()).unwrap_err().to_string();
        assert!(error.contains("is not empty"), "{error}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.md")).unwrap(),
            "mine"
        );
    }
}
