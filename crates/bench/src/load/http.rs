//! The load's HTTP client: one `GET` at a time on a kept-alive connection, its answer read
//! whole (by its `Content-Length`, or chunked).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A connection to the server on 127.0.0.1:`port`, ready for [`get`].
pub(super) fn connect(port: u16) -> std::io::Result<BufReader<TcpStream>> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let _ = stream.set_nodelay(true);
    Ok(BufReader::new(stream))
}

/// One answer: its status, whether it is HTML, and its body.
pub(super) struct Answer {
    pub(super) status: u16,
    pub(super) html: bool,
    pub(super) body: Vec<u8>,
}

/// Sends `GET path` on a kept-alive connection and reads the whole answer (by its
/// `Content-Length`, or chunked).
pub(super) fn get(
    reader: &mut BufReader<TcpStream>,
    port: u16,
    path: &str,
) -> std::io::Result<Answer> {
    // One write: in pieces, Nagle's algorithm and delayed acknowledgements add 40 ms.
    let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    reader.get_mut().write_all(request.as_bytes())?;
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::Error::other("the connection closed"));
    }
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let (mut length, mut chunked, mut html) = (None, false, false);
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("the headers were cut short"));
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse::<usize>().ok();
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        } else if lower.starts_with("content-type:") && lower.contains("text/html") {
            html = true;
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim(), 16)
                .map_err(|_| std::io::Error::other("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        let length = length.ok_or_else(|| std::io::Error::other("no Content-Length"))?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    }
    Ok(Answer { status, html, body })
}
