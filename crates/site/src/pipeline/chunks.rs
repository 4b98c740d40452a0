//! Every page rendered and indexed on every core, a chunk of consecutive pages at a time, and
//! handed to the writing thread in SUMMARY order while the workers go on. At most
//! [`CHUNKS_AHEAD`] chunks wait, so memory holds a few chunks rather than the whole site.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

use playbook_book::diagnostics::{Diagnostic, Diagnostics};
use playbook_markdown::Rendered;

use super::Loaded;
use crate::anchors::PageAnchors;
use crate::llms::PageSummary;
use crate::search::{IndexPart, Indexer};

/// How many chunks may be rendered ahead of the one being written.
const CHUNKS_AHEAD: usize = 8;

/// The pages in one chunk: a worker's unit of work. It depends on the page count only, never on
/// the cores, because the search index's document shards never span two chunks and the output
/// must be the same on every machine.
fn chunk_pages(pages: usize) -> usize {
    (pages / 32).clamp(1, 64)
}

/// The most page text one chunk holds, so that the chunks waiting in memory stay a few dozen
/// megabytes however large a book's pages are (a page may be 10 MB; 64 of them in each of the
/// chunks in flight would be gigabytes).
const CHUNK_BYTES: usize = 16 * 1024 * 1024;

/// The book's pages cut into chunks: [`chunk_pages`] pages each, or fewer where their text
/// passes [`CHUNK_BYTES`]. Like the page count, page sizes are the same on every machine.
fn chunk_ranges(texts: impl ExactSizeIterator<Item = usize>) -> Vec<Range<usize>> {
    let pages = texts.len();
    let size = chunk_pages(pages);
    let mut ranges = Vec::with_capacity(pages.div_ceil(size));
    let (mut start, mut bytes) = (0, 0);
    for (index, len) in texts.enumerate() {
        if index > start && (index - start == size || bytes + len > CHUNK_BYTES) {
            ranges.push(start..index);
            (start, bytes) = (index, 0);
        }
        bytes += len;
    }
    if start < pages {
        ranges.push(start..pages);
    }
    ranges
}

/// Consecutive pages rendered by one worker, with their part of the search index.
pub struct RenderedChunk {
    pub pages: Vec<RenderedPage>,
    pub index: IndexPart,
}

/// A page's number, its rendered markdown (without its sections, which went to the index),
/// title and HTML (or why the template failed), its markdown copy and what `llms.txt` says of
/// it, its anchors and links for the checks, and the problems its markdown had.
pub struct RenderedPage {
    pub index: usize,
    pub rendered: Rendered,
    pub title: String,
    pub html: Result<String, Diagnostic>,
    pub copy: String,
    pub summary: PageSummary,
    pub anchors: PageAnchors,
    pub problems: Vec<Diagnostic>,
}

/// Chunks consumed so far (`usize::MAX` once the consumer has stopped), and the signal that it
/// changed.
type Progress = (Mutex<usize>, Condvar);

/// Stops the other workers if this one panics, so that none waits for a chunk that never comes;
/// the scope then passes the panic on.
struct StopOnPanic<'a>(&'a Progress);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            publish(self.0, usize::MAX);
        }
    }
}

fn publish((lock, ready): &Progress, consumed: usize) {
    *lock.lock().unwrap_or_else(|e| e.into_inner()) = consumed;
    ready.notify_all();
}

impl Loaded {
    /// Renders and indexes every page on every core and hands the chunks to `consume` in
    /// SUMMARY order on this thread. Its first error stops the work.
    pub(super) fn render_chunks<E>(
        &self,
        mut consume: impl FnMut(RenderedChunk) -> Result<(), E>,
    ) -> Result<(), E> {
        let ranges = chunk_ranges(self.book.pages.iter().map(|page| page.text.len()));
        let chunks = ranges.len();
        let threads = playbook_book::parallel::threads().min(chunks.max(1));
        let claimed = AtomicUsize::new(0);
        let progress: Progress = (Mutex::new(0usize), Condvar::new());
        let (sender, receiver) = mpsc::channel();
        std::thread::scope(|scope| {
            for worker in 0..threads {
                let (sender, claimed, progress) = (sender.clone(), &claimed, &progress);
                let ranges = &ranges;
                scope.spawn(move || {
                    let _stop = StopOnPanic(progress);
                    let mut indexer = Indexer::new(worker);
                    while let Some(chunk) = next_chunk(claimed, chunks, progress) {
                        let rendered = self.render_chunk(ranges[chunk].clone(), &mut indexer);
                        if sender.send((chunk, rendered)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(sender);
            consume_in_order(receiver, &progress, &mut consume)
        })
    }

    /// Renders the pages of `range`, then indexes them with `indexer`: all of them after the
    /// rendering, so that the indexer's word tables stay in the processor's cache for the whole
    /// chunk instead of being pushed out by each page's rendering.
    fn render_chunk(&self, range: Range<usize>, indexer: &mut Indexer) -> RenderedChunk {
        let mut pages: Vec<RenderedPage> = range.map(|number| self.render_one(number)).collect();
        for page in &mut pages {
            let sections = std::mem::take(&mut page.rendered.sections);
            indexer.add_page(&page.title, &self.book.pages[page.index].url, sections);
        }
        RenderedChunk {
            pages,
            index: indexer.take_part(),
        }
    }

    fn render_one(&self, index: usize) -> RenderedPage {
        let mut diagnostics = Diagnostics::default();
        let rendered = self.render_markdown(index, &mut diagnostics);
        let html = self.page_html(index, &rendered);
        let title = self.book.pages[index].title(rendered.first_heading.as_deref());
        let copy = self.page_copy(index, &title, &rendered);
        let summary = PageSummary {
            title: title.clone(),
            description: self.own_description(index, &rendered),
        };
        RenderedPage {
            index,
            anchors: PageAnchors::of(&rendered),
            title,
            html,
            copy,
            summary,
            rendered,
            problems: diagnostics.into_sorted(),
        }
    }
}

/// The next chunk for a worker to render, once fewer than [`CHUNKS_AHEAD`] wait before it;
/// `None` when every chunk is claimed or the consumer has stopped.
fn next_chunk(claimed: &AtomicUsize, chunks: usize, (lock, ready): &Progress) -> Option<usize> {
    let chunk = claimed.fetch_add(1, Ordering::Relaxed);
    if chunk >= chunks {
        return None;
    }
    let mut done = lock.lock().unwrap_or_else(|e| e.into_inner());
    while *done != usize::MAX && chunk >= *done + CHUNKS_AHEAD {
        done = ready.wait(done).unwrap_or_else(|e| e.into_inner());
    }
    (*done != usize::MAX).then_some(chunk)
}

/// Hands the chunks to `consume` in their order as they arrive, telling the workers how far it
/// got; stops at its first error.
fn consume_in_order<E>(
    receiver: mpsc::Receiver<(usize, RenderedChunk)>,
    progress: &Progress,
    consume: &mut impl FnMut(RenderedChunk) -> Result<(), E>,
) -> Result<(), E> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    for (number, chunk) in receiver.iter() {
        waiting.insert(number, chunk);
        while let Some(chunk) = waiting.remove(&next) {
            next += 1;
            let outcome = consume(chunk);
            publish(progress, if outcome.is_ok() { next } else { usize::MAX });
            outcome?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_so_many_pages_or_so_much_text() {
        // Ordinary pages: the chunks of a page count alone.
        let small = chunk_ranges(std::iter::repeat_n(7_000, 10_000));
        assert_eq!(small.len(), 10_000 / 64 + 1);
        assert!(small.iter().all(|r| r.len() == 64 || r.end == 10_000));
        // Large pages end a chunk early; a page larger than a chunk is a chunk alone.
        let mb = 1024 * 1024;
        let sizes = (0..2_048).map(|page| match page {
            0 | 1 => 9 * mb,
            2 => 20 * mb,
            _ => 10,
        });
        let large = chunk_ranges(sizes.collect::<Vec<_>>().into_iter());
        assert_eq!(large[..4], [0..1, 1..2, 2..3, 3..67]);
        assert!(chunk_ranges(std::iter::empty()).is_empty());
    }
}
