//! Work on a large data set split into contiguous runs, one per core, with the results joined in
//! order: parsing entry by entry, and resolving image by image, give the same output and the same
//! problems in the same order on any number of threads.

/// Below this many bytes of data, work stays on the calling thread: starting threads would cost
/// more than they save (the built-in catalog is about 120 KB).
pub const PARALLEL_BYTES: usize = 1024 * 1024;

/// How many threads work on data of this size.
pub fn threads_for(bytes: usize) -> usize {
    if bytes < PARALLEL_BYTES {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    }
}

/// `work` applied to up to `threads` contiguous runs of `items`, each of about the same total
/// `weight`; the results come back in the order of the runs. The calling thread takes the last
/// run rather than wait idle.
pub fn in_runs<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return vec![work(items)];
    }
    let total: usize = items.iter().map(&weight).sum();
    let share = total.div_ceil(threads).max(1);
    let mut runs: Vec<&[T]> = Vec::with_capacity(threads);
    let (mut from, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        bytes += weight(item);
        if bytes >= share && runs.len() + 1 < threads && i + 1 < items.len() {
            runs.push(&items[from..=i]);
            (from, bytes) = (i + 1, 0);
        }
    }
    runs.push(&items[from..]);
    let Some((last, others)) = runs.split_last() else {
        return Vec::new();
    };
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = others
            .iter()
            .map(|run| scope.spawn(move || work(run)))
            .collect();
        let mine = work(last);
        let mut all = Vec::with_capacity(runs.len());
        for handle in handles {
            // A panic in a run goes on as it would have on this thread.
            all.push(
                handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        all.push(mine);
        all
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_every_item_once_in_order_whatever_the_thread_count() {
        let items: Vec<usize> = (0..23).collect();
        for threads in [1, 2, 3, 8, 40] {
            let runs = in_runs(&items, threads, |i| 1 + i % 7, <[usize]>::to_vec);
            assert!(runs.len() <= threads.max(1), "{threads} threads");
            assert!(runs.iter().all(|r| !r.is_empty()), "{threads} threads");
            assert_eq!(runs.concat(), items, "{threads} threads");
        }
        assert_eq!(in_runs(&[] as &[usize], 4, |_| 1, <[usize]>::len), [0]);
    }

    #[test]
    fn runs_are_about_equal_in_weight() {
        // One heavy item first: it makes a run of its own, and the rest share the other.
        let items = [90, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        let runs = in_runs(&items, 2, |&w| w, <[usize]>::to_vec);
        assert_eq!(runs, [vec![90], vec![1; 10]]);
    }
}
