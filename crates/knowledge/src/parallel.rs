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
    let mut runs = Vec::with_capacity(threads);
    let mut rest = items;
    for len in run_lengths(items, threads, weight) {
        let (run, after) = rest.split_at(len);
        runs.push(run);
        rest = after;
    }
    on_threads(runs, work)
}

/// [`in_runs`] over items the work may change: resolving moves text out of parsed entries
/// instead of copying it.
pub fn in_runs_mut<T: Send, R: Send>(
    items: &mut [T],
    threads: usize,
    weight: impl Fn(&T) -> usize,
    work: impl Fn(&mut [T]) -> R + Sync,
) -> Vec<R> {
    let lengths = run_lengths(items, threads, weight);
    let mut runs = Vec::with_capacity(lengths.len());
    let mut rest = items;
    for len in lengths {
        let (run, after) = rest.split_at_mut(len);
        runs.push(run);
        rest = after;
    }
    on_threads(runs, work)
}

/// The lengths of up to `threads` contiguous runs covering `items`, of about equal weight; one
/// run, possibly empty, when there is nothing to share.
fn run_lengths<T>(items: &[T], threads: usize, weight: impl Fn(&T) -> usize) -> Vec<usize> {
    if threads <= 1 || items.len() < 2 {
        return vec![items.len()];
    }
    let total: usize = items.iter().map(&weight).sum();
    let share = total.div_ceil(threads).max(1);
    let mut lengths = Vec::with_capacity(threads);
    let (mut from, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        bytes += weight(item);
        if bytes >= share && lengths.len() + 1 < threads && i + 1 < items.len() {
            lengths.push(i + 1 - from);
            (from, bytes) = (i + 1, 0);
        }
    }
    lengths.push(items.len() - from);
    lengths
}

/// `work` on each part, all but the last on threads of their own, the results in part order.
fn on_threads<P: Send, R: Send>(mut parts: Vec<P>, work: impl Fn(P) -> R + Sync) -> Vec<R> {
    let Some(last) = parts.pop() else {
        return Vec::new();
    };
    if parts.is_empty() {
        return vec![work(last)];
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        let mine = work(last);
        let mut all = Vec::with_capacity(handles.len() + 1);
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
    fn runs_that_change_their_items_change_each_once() {
        for threads in [1, 2, 3, 40] {
            let mut items: Vec<usize> = (0..23).collect();
            let sums = in_runs_mut(
                &mut items,
                threads,
                |_| 1,
                |run| {
                    for i in run.iter_mut() {
                        *i *= 10;
                    }
                    run.iter().sum::<usize>()
                },
            );
            assert_eq!(items, (0..23).map(|i| i * 10).collect::<Vec<_>>());
            assert_eq!(sums.iter().sum::<usize>(), 2530, "{threads} threads");
            assert!(sums.len() <= threads.max(1), "{threads} threads");
        }
    }

    #[test]
    fn runs_are_about_equal_in_weight() {
        // One heavy item first: it makes a run of its own, and the rest share the other.
        let items = [90, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
        let runs = in_runs(&items, 2, |&w| w, <[usize]>::to_vec);
        assert_eq!(runs, [vec![90], vec![1; 10]]);
    }
}
