//! The saves during a load run: the pages edited, the thread that saves them in turn, and the
//! markers each save writes, by which a page read half-saved is told.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use playbook_book::Page;

/// The pages edited during a load run, and the marker each save writes at both ends of a
/// page's added text: a page served with one marker but not the other was read half-saved.
pub(super) const EDITED_PAGES: usize = 8;

fn marker_text(page: usize, save: usize) -> String {
    let filler = "Text added while the preview was under load, to make the save long enough to be seen half-written. ".repeat(40);
    format!("\n\nload-marker-top-{page}-{save}\n\n{filler}\n\nload-marker-bottom-{page}-{save}\n")
}

/// The save number of page `page` in an HTML answer: `Ok(None)` for the original, `Err` when its
/// two markers disagree.
pub(super) fn served_save(html: &str, page: usize) -> Result<Option<usize>, String> {
    let find = |end: &str| -> Option<usize> {
        let prefix = format!("load-marker-{end}-{page}-");
        let at = html.find(&prefix)? + prefix.len();
        let digits: String = html[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    match (find("top"), find("bottom")) {
        (None, None) => Ok(None),
        (Some(top), Some(bottom)) if top == bottom => Ok(Some(top)),
        (top, bottom) => Err(format!(
            "page {page} served with markers from saves {top:?} and {bottom:?}"
        )),
    }
}

/// A page edited during the run: its file, its address and its text before the run.
#[derive(Clone)]
pub(super) struct EditedPage {
    pub(super) file: PathBuf,
    pub(super) url: String,
    pub(super) original: Vec<u8>,
}

/// [`EDITED_PAGES`] pages spread over the book, `pages` (at least twice as many).
pub(super) fn edited_pages(source: &Path, pages: &[Page]) -> Result<Vec<EditedPage>, String> {
    let step = pages.len() / EDITED_PAGES;
    (0..EDITED_PAGES)
        .map(|i| {
            let page = &pages[i * step + 1];
            let file = source.join(&page.source);
            let original = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            Ok(EditedPage {
                file,
                url: format!("/{}", page.url),
                original,
            })
        })
        .collect()
}

/// Saves the pages in turn until `done`, a pause of `gap` after each save (every third pause
/// four times as long); the number of saves.
pub(super) fn start_editor(
    done: Arc<AtomicBool>,
    pages: Vec<EditedPage>,
    gap: Duration,
) -> JoinHandle<Result<usize, String>> {
    std::thread::spawn(move || -> Result<usize, String> {
        let mut saves = 0;
        while !done.load(Ordering::Relaxed) {
            let page = saves % EDITED_PAGES;
            save(&pages[page], &marker_text(page, saves))?;
            saves += 1;
            // Every third pause outlasts the settling time, so whole rebuilds run too.
            let pause = if saves % 3 == 0 { gap * 4 } else { gap };
            std::thread::sleep(pause);
        }
        Ok(saves)
    })
}

/// Saves `page` with `added` after its original text, in place in two writes, as some editors
/// do: the watcher may see the file half-written, and must not publish it so.
fn save(page: &EditedPage, added: &str) -> Result<(), String> {
    let mut text = page.original.clone();
    text.extend_from_slice(added.as_bytes());
    let half = page.original.len() + text[page.original.len()..].len() / 2;
    let mut out = std::fs::File::create(&page.file).map_err(|e| e.to_string())?;
    out.write_all(&text[..half]).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    std::thread::sleep(Duration::from_millis(2));
    out.write_all(&text[half..]).map_err(|e| e.to_string())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_tell_a_half_saved_page() {
        let whole = format!("<p>x</p>{}</html>", marker_text(3, 12));
        assert_eq!(served_save(&whole, 3), Ok(Some(12)));
        assert_eq!(served_save(&whole, 4), Ok(None));
        let half = &whole[..whole.len() / 2];
        assert!(served_save(half, 3).is_err());
        let mixed = whole.replace("bottom-3-12", "bottom-3-11");
        assert!(served_save(&mixed, 3).is_err());
    }
}
