//! Work spread over the machine's cores: a list cut into small batches that each core takes as
//! it becomes free, with the results kept in the list's order.

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to work on: one per core, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// What a scoped thread returned; a panic in it is passed on.
pub fn joined<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Batches per thread: enough that a core finishing early takes more work instead of waiting
/// for the others (items cost unequal amounts: files of different sizes, folders of different
/// depths), few enough that taking a batch costs nothing beside its work.
const BATCHES_PER_THREAD: usize = 16;

/// `work` done on every item, on every core, each core taking the next batch of items when it
/// is free; the results in the items' order. A panic in `work` is passed on.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads();
    if threads == 1 || items.len() < 2 {
        return items.iter().map(work).collect();
    }
    let batch = items.len().div_ceil(threads * BATCHES_PER_THREAD).max(1);
    let batches: Vec<&[T]> = items.chunks(batch).collect();
    let next = AtomicUsize::new(0);
    let take_batches = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(batch) = batches.get(index) else {
                return done;
            };
            done.push((index, batch.iter().map(&work).collect::<Vec<_>>()));
        }
    };
    let mut done: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(batches.len()))
            .map(|_| scope.spawn(take_batches))
            .collect();
        workers.into_iter().flat_map(joined).collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    let mut results = Vec::with_capacity(items.len());
    for (_, batch) in done {
        results.extend(batch);
    }
    results
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..1000).collect();
        let doubled = super::map(&items, |n| n * 2);
        assert_eq!(doubled, (0..1000).map(|n| n * 2).collect::<Vec<_>>());
        assert!(super::map(&[] as &[u32], |n| *n).is_empty());
        assert_eq!(super::map(&[7u32], |n| n + 1), vec![8]);
    }

    #[test]
    fn unequal_items_keep_their_order_too() {
        // Early items cost far more than late ones, so the batches finish out of order.
        let items: Vec<u64> = (0..300).rev().collect();
        let work = |n: &u64| (0..n * 1000).fold(*n, |a, b| a.wrapping_add(b % 7)) % 1000 + n;
        let expected: Vec<u64> = items.iter().map(work).collect();
        assert_eq!(super::map(&items, work), expected);
    }

    #[test]
    #[should_panic(expected = "item 5")]
    fn a_panic_in_the_work_is_passed_on() {
        let items: Vec<u32> = (0..10).collect();
        super::map(&items, |&n| assert!(n != 5, "item {n}"));
    }
}
