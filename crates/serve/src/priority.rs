//! The whole rebuild's place behind the saves: its threads run at the lowest priority, so that
//! the partial rebuild for a new save gets the cores at once instead of sharing them.

/// The nice value of a background thread: the lowest priority.
#[cfg(target_os = "linux")]
const BACKGROUND_NICE: i32 = 19;

/// Lowers the calling thread to the lowest priority, and with it the threads it starts from
/// now on. Linux keeps a nice value per thread and a new thread takes its creator's; elsewhere
/// the value is the whole process's, so nothing changes there.
pub fn lower_this_thread() {
    // Best effort: a thread that keeps its priority only makes a save wait a little longer.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::setpriority_process(None, BACKGROUND_NICE);
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::process::getpriority_process;

    use super::*;

    #[test]
    fn only_the_thread_and_those_it_starts_are_lowered() {
        let before = getpriority_process(None).unwrap();
        let (own, started) = std::thread::spawn(|| {
            lower_this_thread();
            let own = getpriority_process(None).unwrap();
            let started = std::thread::spawn(|| getpriority_process(None).unwrap());
            (own, started.join().unwrap())
        })
        .join()
        .unwrap();
        assert_eq!((own, started), (BACKGROUND_NICE, BACKGROUND_NICE));
        assert_eq!(
            getpriority_process(None).unwrap(),
            before,
            "the caller keeps its own"
        );
    }
}
