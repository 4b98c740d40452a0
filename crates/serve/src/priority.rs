//! The whole rebuild's place behind the saves: its threads, and the thread that frees what it
//! replaces, run only when no other thread wants the core, so that the partial rebuild for a
//! new save gets a core the moment it wakes instead of sharing it or waiting.

/// Puts the calling thread, and the threads it starts from now on, behind every other: Linux's
/// `SCHED_IDLE` policy, under which a waking ordinary thread always takes the core (a low nice
/// value only shares it less). Elsewhere nothing changes.
pub fn lower_this_thread() {
    // Best effort: a thread that keeps its priority only makes a save wait a little longer.
    #[cfg(target_os = "linux")]
    let _ = {
        use thread_priority::{
            NormalThreadSchedulePolicy, ThreadPriority, ThreadSchedulePolicy,
            set_thread_priority_and_policy, thread_native_id,
        };
        set_thread_priority_and_policy(
            thread_native_id(),
            ThreadPriority::Min,
            ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle),
        )
    };
}

/// Frees `value` on a thread of its own, behind every other: a whole build's memory takes
/// milliseconds to free, which a save should not wait for. Frees it here if no thread starts.
pub fn drop_behind<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new()
        .name("playbook-free".into())
        .spawn(move || {
            lower_this_thread();
            drop(value);
        });
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use thread_priority::unix::thread_schedule_policy;
    use thread_priority::{NormalThreadSchedulePolicy, ThreadSchedulePolicy};

    use super::*;

    const IDLE: ThreadSchedulePolicy =
        ThreadSchedulePolicy::Normal(NormalThreadSchedulePolicy::Idle);

    #[test]
    fn only_the_thread_and_those_it_starts_are_lowered() {
        let before = thread_schedule_policy().unwrap();
        assert_ne!(before, IDLE);
        let (own, started) = std::thread::spawn(|| {
            lower_this_thread();
            let own = thread_schedule_policy().unwrap();
            let started = std::thread::spawn(|| thread_schedule_policy().unwrap());
            (own, started.join().unwrap())
        })
        .join()
        .unwrap();
        assert_eq!((own, started), (IDLE, IDLE));
        assert_eq!(
            thread_schedule_policy().unwrap(),
            before,
            "the caller keeps its own"
        );
    }
}
