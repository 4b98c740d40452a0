//! A TCP listener that cannot be starved. It holds at most [`MAX_CONNECTIONS`] open; when a new
//! connection comes past that, the connection that has gone longest without an answer written
//! to it is closed to make room, so that connections left idle, or sending their headers a byte
//! at a time, cannot keep a reader's page from loading. A connection with nothing written to it
//! for [`IDLE_TIMEOUT`] is closed too. The event streams of live reload are written to at least
//! every few seconds (their keep-alive), so they count as busy; the server holds them to a budget
//! of their own.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::task::AtomicWaker;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// The most connections served at once (browsers open about six per page, plus one for live
/// reload).
pub const MAX_CONNECTIONS: usize = 128;

/// How long a connection may go without an answer written to it: enough for a browser to send
/// its next request on a kept-alive connection, short for one that never finishes its headers.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(10);

/// What the listener and a connection share: whether it must close, and when it last had an
/// answer written to it.
struct Shared {
    close: AtomicBool,
    waker: AtomicWaker,
    /// Milliseconds from the listener's start.
    last_written: AtomicU64,
}

/// Accepts connections, closing the least busy one when too many are open.
pub struct Limited {
    listener: TcpListener,
    limit: usize,
    idle_timeout: Duration,
    open: Mutex<Vec<Weak<Shared>>>,
    started: Instant,
}

impl Limited {
    pub fn new(listener: TcpListener, limit: usize) -> Self {
        Self::with_idle_timeout(listener, limit, IDLE_TIMEOUT)
    }

    pub fn with_idle_timeout(listener: TcpListener, limit: usize, idle_timeout: Duration) -> Self {
        Self {
            listener,
            limit: limit.max(1),
            idle_timeout,
            open: Mutex::new(Vec::new()),
            started: Instant::now(),
        }
    }

    /// Registers a new connection, asking the one longest without an answer to close when the
    /// limit is reached.
    fn admit(&self) -> Arc<Shared> {
        let shared = Arc::new(Shared {
            close: AtomicBool::new(false),
            waker: AtomicWaker::new(),
            last_written: AtomicU64::new(self.now()),
        });
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        open.retain(|c| c.strong_count() > 0);
        let live: Vec<Arc<Shared>> = open
            .iter()
            .filter_map(Weak::upgrade)
            .filter(|c| !c.close.load(Ordering::Relaxed))
            .collect();
        if live.len() >= self.limit
            && let Some(oldest) = live
                .iter()
                .min_by_key(|c| c.last_written.load(Ordering::Relaxed))
        {
            oldest.close.store(true, Ordering::Relaxed);
            oldest.waker.wake();
        }
        open.push(Arc::downgrade(&shared));
        shared
    }

    fn now(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }
}

impl axum::serve::Listener for Limited {
    type Io = Counted;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            match self.listener.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    let connection = Counted {
                        stream,
                        shared: self.admit(),
                        idle: Box::pin(tokio::time::sleep(self.idle_timeout)),
                        idle_timeout: self.idle_timeout,
                        started: self.started,
                    };
                    return (connection, addr);
                }
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.listener.local_addr()
    }
}

/// A connection that ends, as if the other side had closed it, when asked to make room or when
/// nothing is written to it for the idle timeout.
pub struct Counted {
    stream: TcpStream,
    shared: Arc<Shared>,
    idle: Pin<Box<Sleep>>,
    idle_timeout: Duration,
    started: Instant,
}

impl Counted {
    /// Whether the connection must end now.
    fn must_close(&mut self, cx: &mut Context<'_>) -> bool {
        self.shared.waker.register(cx.waker());
        self.shared.close.load(Ordering::Relaxed) || self.idle.as_mut().poll(cx).is_ready()
    }

    /// An answer was written: the connection is busy, and its idle time starts again.
    fn written(&mut self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.shared.last_written.store(now, Ordering::Relaxed);
        let deadline = Instant::now() + self.idle_timeout;
        self.idle.as_mut().reset(deadline);
    }
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.must_close(cx) {
            // Read as the end of the stream: the server closes the connection.
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.written();
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.written();
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};

    use super::*;

    /// A server answering `ok` on a port of its own, with `limit` connections and `idle`.
    fn server(limit: usize, idle: Duration) -> (tokio::runtime::Runtime, SocketAddr) {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let addr = runtime.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let limited = Limited::with_idle_timeout(listener, limit, idle);
            let router = axum::Router::new().fallback(|| async { "ok" });
            tokio::spawn(async move { axum::serve(limited, router).await });
            addr
        });
        (runtime, addr)
    }

    fn get(addr: SocketAddr) -> String {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn a_connection_nothing_is_written_to_is_closed() {
        let (_runtime, addr) = server(8, Duration::from_millis(200));
        let mut idle = std::net::TcpStream::connect(addr).unwrap();
        idle.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        idle.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        let started = std::time::Instant::now();
        let mut rest = Vec::new();
        idle.read_to_end(&mut rest).unwrap();
        assert!(rest.is_empty(), "{rest:?}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn past_the_limit_the_least_busy_connection_makes_room() {
        let (_runtime, addr) = server(2, Duration::from_secs(60));
        let held: Vec<std::net::TcpStream> = (0..4)
            .map(|_| std::net::TcpStream::connect(addr).unwrap())
            .collect();
        assert!(get(addr).ends_with("ok"));
        drop(held);
    }
}
