//! `playbook serve` as a browser sees it: the binary is started on a free port over a temporary
//! playbook, pages are fetched and the event stream read over plain HTTP/1.1, and files are
//! edited, broken, fixed, renamed and added. Every wait is bounded; the server is always killed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use playbook_bench::EventStream;

/// How long any one expected event may take (generous: CI machines are slow).
const WAIT: Duration = Duration::from_secs(20);

/// A temporary playbook, removed when dropped.
struct Playbook(tempfile::TempDir);

impl Playbook {
    fn new() -> Self {
        let playbook = Self(tempfile::tempdir().unwrap());
        playbook.write(
            "playbook.toml",
            "title = \"Serve test\"\nsource = \"content\"\n",
        );
        playbook.write(
            "content/SUMMARY.md",
            "# Summary\n\n- [Home](README.md)\n- [Alpha](alpha.md)\n- [Section](section/README.md)\n  - [Beta](section/beta.md)\n",
        );
        playbook.write("content/README.md", "# Home\n\nWelcome home.\n");
        playbook.write(
            "content/alpha.md",
            "+++\ntitle = \"Alpha\"\n+++\n# Alpha\n\nFirst version.\n",
        );
        playbook.write("content/section/README.md", "# Section\n\nSection text.\n");
        playbook.write("content/section/beta.md", "# Beta\n\nBeta text.\n");
        playbook
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.0.path().join(relative)
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// A running `playbook serve`, killed when dropped.
struct Serve {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Serve {
    fn start(playbook: &Playbook) -> Self {
        Self::start_with(playbook, &[])
    }

    fn start_with(playbook: &Playbook, options: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_playbook"))
            .arg("serve")
            .arg(playbook.0.path())
            .args(["--port", "0"])
            .args(options)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the playbook binary runs");
        let stdout = child.stdout.take().unwrap();
        let (sender, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let sink = stderr.clone();
        let mut pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n) = pipe.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        let mut serve = Self {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr,
        };
        let line = received.recv_timeout(WAIT).unwrap_or_else(|_| {
            panic!(
                "serve printed no address; its errors:\n{}",
                serve.stderr.lock().unwrap()
            )
        });
        let url = line.strip_prefix("serving ").expect("`serving URL`");
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let port: u16 = url
            .trim_start_matches("http://127.0.0.1:")
            .trim_end_matches('/')
            .parse()
            .unwrap();
        serve.addr.set_port(port);
        serve
    }

    fn events(&self) -> EventStream {
        let events = EventStream::connect(self.addr).unwrap();
        assert!(events.wait_for("hello", WAIT).is_some(), "hello on connect");
        events
    }

    fn get(&self, path: &str) -> Response {
        let host = format!("127.0.0.1:{}", self.addr.port());
        request(self.addr, "GET", path, &host)
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }
}

/// One HTTP/1.1 request with the path sent exactly as given.
fn request(addr: SocketAddr, method: &str, path: &str, host: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Waits for `name`, failing with the server's output if it never comes.
fn expect(serve: &Serve, events: &EventStream, name: &str) -> String {
    match events.wait_for_data(name, WAIT) {
        Some((data, _)) => data,
        None => panic!("no `{name}` event; the server said:\n{}", serve.stderr()),
    }
}

/// Waits until `path` is served with `text` in it. A save written in place can be read half
/// done when the test is held up between its writes for longer than the debounce: the server
/// then builds and reloads twice, and the first reload may come before the whole text.
fn served_soon(serve: &Serve, path: &str, text: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let body = serve.get(path).body;
        if body.contains(text) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "`{path}` never showed `{text}`; it shows:\n{body}\nthe server said:\n{}",
            serve.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn edits_reload_errors_show_and_clear() {
    let playbook = Playbook::new();
    // Under `--strict`, the mistakes below are errors the page shows until they are fixed.
    let serve = Serve::start_with(&playbook, &["--strict"]);
    let page = serve.get("/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First version."));
    assert!(
        page.body
            .contains("<script type=\"module\" src=\"/__playbook/livereload.js\"></script>"),
        "the client is injected into pages"
    );
    let client = serve.get("/__playbook/livereload.js");
    assert_eq!(client.status, 200);
    assert!(
        client
            .header("content-type")
            .unwrap()
            .starts_with("text/javascript")
    );
    let events = serve.events();

    // An edit reloads, and the new content is served.
    playbook.write(
        "content/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\n# Alpha\n\nSecond version.\n",
    );
    expect(&serve, &events, "reload");
    served_soon(&serve, "/alpha/", "Second version.");

    // Broken front matter: the error, with its file and line, reaches the browser; the last
    // good page is still served.
    let broken = "+++\ntitle = \"Alpha\nsecret = <script>\n+++\n# Alpha\n";
    playbook.write("content/alpha.md", broken);
    let error = expect(&serve, &events, "build-error");
    let report: serde_json::Value = serde_json::from_str(&error).unwrap();
    let first = &report["errors"][0];
    assert_eq!(first["file"], "alpha.md", "{report}");
    assert!(first["line"].as_u64().unwrap() >= 2, "{report}");
    assert!(
        first["message"].as_str().unwrap().contains("front matter"),
        "{report}"
    );
    assert!(serve.get("/alpha/").body.contains("Second version."));

    // A browser that connects now sees the error at once.
    let late = serve.events();
    expect(&serve, &late, "build-error");

    // The same mistake saved again is not shown twice in the terminal.
    playbook.write("content/alpha.md", &format!("{broken}\nMore.\n"));
    playbook.write("content/section/beta.md", "# Beta\n\nBeta text, again.\n");
    // Fixing it clears the error and reloads.
    playbook.write(
        "content/alpha.md",
        "+++\ntitle = \"Alpha\"\n+++\n# Alpha\n\nFixed version.\n",
    );
    expect(&serve, &events, "build-ok");
    expect(&serve, &events, "reload");
    expect(&serve, &late, "build-ok");
    served_soon(&serve, "/alpha/", "Fixed version.");
    assert!(
        serve
            .get("/section/beta/")
            .body
            .contains("Beta text, again.")
    );
    let terminal = serve.stderr();
    assert_eq!(
        terminal.matches("front matter is not valid TOML").count(),
        1,
        "{terminal}"
    );
}

#[test]
fn editors_saves_new_pages_and_deletions_are_seen() {
    let playbook = Playbook::new();
    playbook.write("static/style.css", "body { color: black; }\n");
    let serve = Serve::start_with(&playbook, &["--strict"]);
    let events = serve.events();

    // An editor that writes a new file and renames it over the page.
    let temporary = playbook.path("content/.alpha.md.tmp1234");
    std::fs::write(&temporary, "# Alpha\n\nRenamed into place.\n").unwrap();
    std::fs::rename(&temporary, playbook.path("content/alpha.md")).unwrap();
    expect(&serve, &events, "reload");
    served_soon(&serve, "/alpha/", "Renamed into place.");

    // Vim: a test file, a backup by rename, a new file, the backup removed.
    let page = playbook.path("content/section/beta.md");
    std::fs::write(playbook.path("content/section/4913"), "").unwrap();
    std::fs::remove_file(playbook.path("content/section/4913")).unwrap();
    std::fs::rename(&page, playbook.path("content/section/beta.md~")).unwrap();
    std::fs::write(&page, "# Beta\n\nSaved by vim.\n").unwrap();
    std::fs::remove_file(playbook.path("content/section/beta.md~")).unwrap();
    expect(&serve, &events, "reload");
    served_soon(&serve, "/section/beta/", "Saved by vim.");

    // A new page added to SUMMARY.md.
    playbook.write("content/gamma.md", "# Gamma\n\nA new page.\n");
    let summary = std::fs::read_to_string(playbook.path("content/SUMMARY.md")).unwrap();
    playbook.write(
        "content/SUMMARY.md",
        &format!("{summary}- [Gamma](gamma.md)\n"),
    );
    expect(&serve, &events, "reload");
    served_soon(&serve, "/gamma/", "A new page.");

    // A listed page deleted is an error until it is back.
    let text = std::fs::read_to_string(playbook.path("content/gamma.md")).unwrap();
    std::fs::remove_file(playbook.path("content/gamma.md")).unwrap();
    let error = expect(&serve, &events, "build-error");
    assert!(error.contains("gamma.md"), "{error}");
    playbook.write("content/gamma.md", &text);
    expect(&serve, &events, "build-ok");

    // A stylesheet of the theme is swapped in place, without a reload.
    playbook.write("static/style.css", "body { color: rebeccapurple; }\n");
    let css = expect(&serve, &events, "css");
    let files: serde_json::Value = serde_json::from_str(&css).unwrap();
    assert_eq!(files["files"][0], "_playbook/style.css", "{css}");
    served_soon(&serve, "/_playbook/style.css", "rebeccapurple");
    let sheet = serve.get("/_playbook/style.css");
    assert!(
        sheet
            .header("content-type")
            .unwrap()
            .starts_with("text/css")
    );

    // A template change rebuilds every page.
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../templates/base.html"),
    )
    .unwrap();
    playbook.write(
        "templates/base.html",
        &base.replace("<body>", "<body data-test=\"from-template\">"),
    );
    expect(&serve, &events, "reload");
    served_soon(&serve, "/section/beta/", "from-template");
}

#[test]
fn problems_in_the_content_publish_and_show_as_warnings() {
    let playbook = Playbook::new();
    playbook.write("content/alpha.md", "# Alpha\n\nSee [gone](gone.md).\n");
    let serve = Serve::start(&playbook);
    let events = serve.events();
    // A browser that connects is told the last whole build's warnings.
    let warnings = expect(&serve, &events, "build-warnings");
    assert!(warnings.contains("alpha.md:3:5"), "{warnings}");
    assert!(warnings.contains("gone.md"), "{warnings}");
    let page = serve.get("/alpha/");
    assert_eq!(page.status, 200, "the page is published");
    assert!(page.body.contains("href=\"gone.md\""));
    assert!(serve.stderr().contains("warning: alpha.md:3:5: "));
    // The fix clears them.
    playbook.write("content/alpha.md", "# Alpha\n\nNo links.\n");
    loop {
        let (data, _) = events
            .wait_for_data("build-warnings", WAIT)
            .expect("the warnings are cleared");
        if data.contains("\"warnings\":[]") {
            break;
        }
    }
}

#[test]
fn only_site_files_are_served_to_our_own_host() {
    let playbook = Playbook::new();
    playbook.write("static/calc.wasm", "\0asm");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", playbook.path("content/leak.txt")).unwrap();
    let serve = Serve::start(&playbook);
    let host = format!("127.0.0.1:{}", serve.addr.port());
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/section/..%2f..%2f..%2fetc%2fpasswd",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/..%5c..%5cetc%5cpasswd",
        "/C:/Windows/win.ini",
        "/leak.txt",
        "/content/alpha.md",
        "/playbook.toml",
        "/_playbook/",
        "/nope/",
    ] {
        let response = request(serve.addr, "GET", path, &host);
        assert_eq!(response.status, 404, "{path}");
        assert!(!response.body.contains("root:"), "{path}");
        assert!(
            response.body.contains("<html"),
            "{path}: the site's 404 page"
        );
    }
    // Folders redirect to their slash form, relative links then resolve.
    let folder = serve.get("/section");
    assert_eq!(folder.status, 307);
    assert_eq!(folder.header("location").as_deref(), Some("/section/"));
    // Content types.
    let wasm = serve.get("/_playbook/calc.wasm");
    assert_eq!(wasm.status, 200);
    assert_eq!(
        wasm.header("content-type").as_deref(),
        Some("application/wasm")
    );
    assert_eq!(
        serve.get("/").header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    // The Host header: our names only (DNS rebinding).
    let port = serve.addr.port();
    for allowed in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            request(serve.addr, "GET", "/", &allowed).status,
            200,
            "{allowed}"
        );
    }
    for refused in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        "localhost:1".to_string(),
    ] {
        assert_eq!(
            request(serve.addr, "GET", "/", &refused).status,
            403,
            "{refused}"
        );
    }
    assert_eq!(request(serve.addr, "POST", "/", &host).status, 405);
}

#[test]
fn a_playbook_that_never_built_shows_its_error_and_recovers() {
    let playbook = Playbook::new();
    playbook.write(
        "content/SUMMARY.md",
        "- [Home](README.md)\n- [Alpha](alpha.md)\n- [Section](section/README.md)\n  - [Beta](section/beta.md)\n- [Missing](missing.md)\n",
    );
    let serve = Serve::start_with(&playbook, &["--strict"]);
    let home = serve.get("/");
    assert_eq!(home.status, 503);
    assert!(home.body.contains("/__playbook/livereload.js"));
    let events = serve.events();
    let error = expect(&serve, &events, "build-error");
    assert!(error.contains("missing.md"), "{error}");
    playbook.write("content/missing.md", "# Found\n");
    expect(&serve, &events, "build-ok");
    expect(&serve, &events, "reload");
    assert_eq!(serve.get("/missing/").status, 200);
}

#[test]
fn polling_sees_saves_too() {
    let playbook = Playbook::new();
    let serve = Serve::start_with(&playbook, &["--poll"]);
    let events = serve.events();
    playbook.write("content/section/beta.md", "# Beta\n\nSeen by polling.\n");
    expect(&serve, &events, "reload");
    assert!(
        serve
            .get("/section/beta/")
            .body
            .contains("Seen by polling.")
    );
}

#[test]
fn a_bare_folder_with_summary_is_watched_whole() {
    let playbook = Playbook::new();
    std::fs::remove_file(playbook.path("playbook.toml")).unwrap();
    for file in ["SUMMARY.md", "README.md", "alpha.md"] {
        std::fs::rename(
            playbook.path(&format!("content/{file}")),
            playbook.path(file),
        )
        .unwrap();
    }
    playbook.write("SUMMARY.md", "- [Home](README.md)\n- [Alpha](alpha.md)\n");
    let serve = Serve::start(&playbook);
    let events = serve.events();
    playbook.write("alpha.md", "# Alpha\n\nAt the root.\n");
    expect(&serve, &events, "reload");
    served_soon(&serve, "/alpha/", "At the root.");
    // Half-typed settings: an error in the page, and the fix is seen.
    playbook.write("playbook.toml", "title = \"Unclosed\n");
    let error = expect(&serve, &events, "build-error");
    assert!(error.contains("playbook.toml"), "{error}");
    playbook.write("playbook.toml", "title = \"Closed\"\n");
    expect(&serve, &events, "build-ok");
}

/// Opens `count` connections to `addr` that each send `sent` and then wait.
fn hold_open(addr: SocketAddr, count: usize, sent: &str) -> Vec<TcpStream> {
    (0..count)
        .map(|_| {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream.write_all(sent.as_bytes()).unwrap();
            stream
        })
        .collect()
}

#[test]
fn idle_slow_and_streaming_connections_cannot_keep_pages_from_loading() {
    let playbook = Playbook::new();
    let serve = Serve::start(&playbook);
    let host = format!("127.0.0.1:{}", serve.addr.port());
    // More than the server holds at once: idle ones, ones stuck in their headers, and event
    // streams past their own budget.
    let idle = hold_open(serve.addr, 100, "");
    let slow = hold_open(
        serve.addr,
        60,
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
    );
    let streams = hold_open(
        serve.addr,
        40,
        &format!(
            "GET /__playbook/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
        ),
    );
    // The streams within their budget are answered; those past it are refused.
    let statuses: Vec<String> = streams
        .iter()
        .map(|stream| {
            stream.set_read_timeout(Some(WAIT)).unwrap();
            let mut line = String::new();
            BufReader::new(stream).read_line(&mut line).unwrap();
            line.split(' ').nth(1).unwrap_or_default().to_string()
        })
        .collect();
    let answered = statuses.iter().filter(|s| *s == "200").count();
    let refused = statuses.iter().filter(|s| *s == "503").count();
    assert_eq!(
        (answered, refused),
        (32, 8),
        "{statuses:?} {}",
        serve.stderr()
    );
    let started = std::time::Instant::now();
    let page = request(serve.addr, "GET", "/alpha/", &host);
    assert_eq!(page.status, 200, "{}", serve.stderr());
    assert!(page.body.contains("First version."));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the page took {:?}",
        started.elapsed()
    );
    drop((idle, slow, streams));
}

#[test]
fn an_mdbook_book_is_served_from_its_root_and_its_listings_watched() {
    let playbook = Playbook(tempfile::tempdir().unwrap());
    playbook.write("book.toml", "[book]\ntitle = \"Listings\"\n");
    playbook.write(
        "src/SUMMARY.md",
        "# Summary\n\n[Intro](intro.md)\n- [Code](code.md)\n",
    );
    playbook.write("src/intro.md", "# Intro\n\nSee [the code](code.html).\n");
    playbook.write(
        "src/code.md",
        "# Code\n\n```rust\n{{#include ../listings/main.rs}}\n```\n",
    );
    playbook.write("listings/main.rs", "fn first_version() {}\n");
    let serve = Serve::start(&playbook);
    assert!(serve.get("/").body.contains("<title>Listings</title>"));
    served_soon(&serve, "/code/", "first_version");
    let events = serve.events();
    // The listing is outside `src/`: saving it renders the page that includes it.
    playbook.write("listings/main.rs", "fn second_version() {}\n");
    expect(&serve, &events, "reload");
    served_soon(&serve, "/code/", "second_version");
}
