use super::target::refuse_theme_folders;
use super::*;

/// A folder holding an empty source folder `src`, removed when dropped.
fn temp() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("src")).unwrap();
    dir
}

#[test]
fn an_output_inside_the_theme_folders_is_refused() {
    let temp = temp();
    let root = temp.path();
    for folder in ["static/site", "templates/out"] {
        let problem = refuse_theme_folders(root, &root.join(folder)).unwrap_err();
        assert!(
            problem.to_string().contains("inside the theme's"),
            "{problem}"
        );
    }
    assert!(refuse_theme_folders(root, &root.join("public")).is_ok());
}

#[test]
fn swaps_in_whole_and_cleans_up() {
    let temp = temp();
    let dir = temp.path();
    let out = dir.join("public");
    let mut first = Staging::begin(&out, &dir.join("src")).unwrap();
    first.file("a/index.html", b"one").unwrap();
    first.commit().unwrap();
    let mut second = Staging::begin(&out, &dir.join("src")).unwrap();
    second.file("b/index.html", b"two").unwrap();
    second.commit().unwrap();
    assert!(!out.join("a/index.html").exists());
    assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"two");
    let left: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn dropped_staging_leaves_previous_output() {
    let temp = temp();
    let dir = temp.path();
    let out = dir.join("public");
    let mut first = Staging::begin(&out, &dir.join("src")).unwrap();
    first.file("index.html", b"good").unwrap();
    first.commit().unwrap();
    {
        let mut failed = Staging::begin(&out, &dir.join("src")).unwrap();
        failed.file("index.html", b"half").unwrap();
    }
    assert_eq!(fs::read(out.join("index.html")).unwrap(), b"good");
    assert_eq!(fs::read_dir(dir).unwrap().count(), 2);
}

#[test]
fn a_killed_build_is_tidied_up_and_its_previous_site_put_back() {
    let temp = temp();
    let dir = temp.path();
    let out = dir.join("public");
    // No process has this id (Linux allows at most 2^22).
    let dead = 4_000_000_000u32;
    let stale = |kind: &str, page: &[u8]| {
        let folder = dir.join(format!(".public.playbook-{kind}-{dead}"));
        fs::create_dir_all(folder.join("a")).unwrap();
        fs::write(folder.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(folder.join("a/index.html"), page).unwrap();
        folder
    };
    // Killed between the two renames of a commit: the output is missing.
    let old = stale("old", b"previous");
    let new = stale("new", b"next");
    let foreign = dir.join(format!(".public.playbook-new-{}", dead - 1));
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("mine.txt"), "not the build's").unwrap();
    let staging = Staging::begin(&out, &dir.join("src")).unwrap();
    assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"previous");
    assert!(!old.exists() && !new.exists());
    assert!(foreign.join("mine.txt").is_file(), "no marker: not removed");
    // Killed between making its folder and writing the marker: an empty folder, removed.
    let unmarked = dir.join(format!(".public.playbook-new-{}", dead - 2));
    fs::create_dir(&unmarked).unwrap();
    drop(staging);
    let staging = Staging::begin(&out, &dir.join("src")).unwrap();
    assert!(
        !unmarked.exists(),
        "an empty folder of a killed build is removed"
    );
    drop(staging);
    // Killed while writing: the output stays, the stale folder goes.
    let new = stale("new", b"half");
    let mut next = Staging::begin(&out, &dir.join("src")).unwrap();
    assert!(!new.exists());
    next.file("a/index.html", b"done").unwrap();
    next.commit().unwrap();
    assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"done");
}

#[test]
fn refuses_foreign_and_source_folders() {
    let temp = temp();
    let dir = temp.path();
    fs::write(dir.join("src/notes.txt"), "mine").unwrap();
    assert!(Staging::begin(&dir.join("src"), &dir.join("src")).is_err());
    assert!(Staging::begin(dir, &dir.join("src")).is_err());
    let foreign = dir.join("foreign");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "keep").unwrap();
    let error = Staging::begin(&foreign, &dir.join("src")).err().unwrap();
    assert!(error.message.contains("did not write"));
    assert_eq!(fs::read(foreign.join("keep.txt")).unwrap(), b"keep");
    // An empty folder is fine.
    fs::create_dir(dir.join("empty")).unwrap();
    assert!(Staging::begin(&dir.join("empty"), &dir.join("src")).is_ok());
}

#[test]
fn an_output_through_a_link_is_published_where_the_link_points_and_the_link_kept() {
    let temp = temp();
    let dir = temp.path();
    let deployed = dir.join("www/site");
    let link = dir.join("public");
    std::os::unix::fs::symlink(&deployed, &link).unwrap();
    for text in [&b"one"[..], b"two"] {
        let mut staging = Staging::begin(&link, &dir.join("src")).unwrap();
        staging.file("index.html", text).unwrap();
        staging.commit().unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(deployed.join("index.html")).unwrap(), text);
    }
}

#[test]
fn stale_links_named_like_a_builds_folders_are_removed_not_followed() {
    let temp = temp();
    let dir = temp.path();
    let elsewhere = dir.join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join(MARKER), MARKER_TEXT).unwrap();
    fs::write(elsewhere.join("keep.html"), "keep").unwrap();
    let link = dir.join(".public.playbook-old-4000000000");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    let staging = Staging::begin(&dir.join("public"), &dir.join("src")).unwrap();
    drop(staging);
    assert!(fs::symlink_metadata(&link).is_err(), "the link is gone");
    assert!(
        elsewhere.join("keep.html").is_file(),
        "what it named is kept"
    );
    assert!(
        !dir.join("public").exists(),
        "the link was not put in the output's place"
    );
}

#[test]
fn mount_points_are_told_from_folders() {
    assert!(super::target::is_mount_point(Path::new("/proc")));
    let temp = temp();
    assert!(!super::target::is_mount_point(&temp.path().join("src")));
}

#[test]
fn an_output_inside_a_source_folder_of_its_own_is_refused() {
    let temp = temp();
    let root = temp.path();
    let source = root.join("src");
    let problem = super::refuse_inside_source(root, &source, &source.join("site")).unwrap_err();
    assert!(
        problem.to_string().contains("inside the source folder"),
        "{problem}"
    );
    assert!(super::refuse_inside_source(root, &source, &root.join("public")).is_ok());
    // A bare playbook's source is its root: its output lives inside.
    assert!(super::refuse_inside_source(root, root, &root.join("public")).is_ok());
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_a_failed_one_leaves_them_as_they_were() {
    use std::os::unix::fs::MetadataExt;
    let temp = temp();
    let dir = temp.path();
    let (out, src) = (dir.join("public"), dir.join("src"));
    let inode = |path: &str| fs::metadata(out.join(path)).unwrap().ino();
    let mut first = Staging::begin(&out, &src).unwrap();
    first.file("same.html", b"unchanged").unwrap();
    first.file("edited.html", b"before").unwrap();
    first.commit().unwrap();
    let (same, edited) = (inode("same.html"), inode("edited.html"));
    let mut second = Staging::begin(&out, &src).unwrap();
    second.file("same.html", b"unchanged").unwrap();
    second.file("edited.html", b"after").unwrap();
    second.commit().unwrap();
    assert_eq!(inode("same.html"), same);
    assert_ne!(inode("edited.html"), edited);
    assert_eq!(fs::read(out.join("edited.html")).unwrap(), b"after");
    {
        let mut failed = Staging::begin(&out, &src).unwrap();
        failed.file("same.html", b"unchanged").unwrap();
        failed.file("edited.html", b"half").unwrap();
    }
    assert_eq!(fs::read(out.join("same.html")).unwrap(), b"unchanged");
    assert_eq!(fs::read(out.join("edited.html")).unwrap(), b"after");
    assert_eq!(fs::metadata(out.join("same.html")).unwrap().nlink(), 1);
}
