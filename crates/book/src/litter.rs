//! Which files are editors' litter (swap, backup and lock files) rather than content.

use std::path::Path;

/// Swap, backup and lock files that editors write beside the files being edited.
pub fn is_editor_litter(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_litter() {
        for name in ["a.md~", ".a.md.swp", ".#a.md", "#a.md#", "4913", "x.tmp"] {
            assert!(is_editor_litter(Path::new(name)), "{name}");
        }
        for name in ["a.md", "style.css", "4913.md"] {
            assert!(!is_editor_litter(Path::new(name)), "{name}");
        }
    }
}
