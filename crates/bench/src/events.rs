//! A minimal client of the preview's event stream, for the save-to-reload timer, the load run's
//! warm-up and the serve tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A minimal client of the server's event stream (HTTP/1.1, chunked, server-sent events): each
/// event's name and the moment it arrived, read on a thread of its own.
pub struct EventStream {
    received: Receiver<(String, String, Instant)>,
    stream: TcpStream,
}

impl EventStream {
    /// Connects to `/__playbook/events` on `addr`.
    pub fn connect(addr: SocketAddr) -> std::io::Result<Self> {
        let mut stream = TcpStream::connect(addr)?;
        write!(
            stream,
            "GET /__playbook/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            addr.port()
        )?;
        let reader = stream.try_clone()?;
        let (sender, received) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = read_events(reader, |name, data| {
                sender.send((name, data, Instant::now())).is_ok()
            });
        });
        Ok(Self { received, stream })
    }

    /// Waits for an event named `name`, skipping others; when it arrived, with its data.
    pub fn wait_for_data(&self, name: &str, timeout: Duration) -> Option<(String, Instant)> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            match self.received.recv_timeout(left) {
                Ok((event, data, at)) if event == name => return Some((data, at)),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Waits for an event named `name`; when it arrived.
    pub fn wait_for(&self, name: &str, timeout: Duration) -> Option<Instant> {
        self.wait_for_data(name, timeout).map(|(_, at)| at)
    }

    /// Forgets the events received so far.
    pub fn drain(&self) {
        while self.received.try_recv().is_ok() {}
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Reads the response's headers, then its chunked body as server-sent events, calling `each`
/// with every event's name and data until it returns `false` or the stream ends.
fn read_events(
    stream: TcpStream,
    mut each: impl FnMut(String, String) -> bool,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut text = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let size = usize::from_str_radix(line.trim(), 16)
            .map_err(|_| std::io::Error::other("bad chunk size"))?;
        if size == 0 {
            return Ok(());
        }
        let mut chunk = vec![0; size + 2];
        reader.read_exact(&mut chunk)?;
        chunk.truncate(size);
        text.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            if let Some((name, data)) = parse_event(&block)
                && !each(name, data)
            {
                return Ok(());
            }
        }
    }
}

/// The name and data of one event's block of lines, or `None` for a comment (the keep-alive).
fn parse_event(block: &str) -> Option<(String, String)> {
    if block.lines().all(|l| l.starts_with(':') || l.is_empty()) {
        return None;
    }
    let mut name = String::from("message");
    let mut data = String::new();
    for field in block.lines() {
        if let Some(value) = field.strip_prefix("event:") {
            name = value.trim().to_string();
        } else if let Some(value) = field.strip_prefix("data:") {
            data.push_str(value.strip_prefix(' ').unwrap_or(value));
        }
    }
    Some((name, data))
}
