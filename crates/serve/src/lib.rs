//! `playbook serve`: the live preview for editors. Builds the playbook into memory, serves it on
//! 127.0.0.1, watches its files and rebuilds what each save touches, then tells the open pages
//! to reload (or to swap a stylesheet, or to show the build's errors until they are fixed).
//!
//! The parts: [`watch`] reports changed paths; [`change`] classifies them into a plan;
//! [`builder`] applies the plan to the in-memory site ([`site`]), a partial rebuild through
//! [`update`]; [`rebuild`] runs that loop and publishes each complete site and message through
//! [`state`], its settling whole builds behind the saves ([`priority`]); [`server`] answers HTTP
//! requests from the current site only ([`paths`], [`host`], [`listener`]).

pub mod builder;
pub mod change;
pub mod coalesce;
pub mod console;
pub mod host;
pub mod listener;
pub mod paths;
pub mod priority;
pub mod rebuild;
pub mod server;
pub mod site;
pub mod state;
pub mod update;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

use tokio::net::TcpListener;
use tokio::runtime::Runtime;

pub use playbook_site::BuildOptions;

use self::builder::Builder;
pub use self::console::{Console, Silent};
use self::host::AllowedHosts;
use self::rebuild::{Input, Rebuilder, Reporter};
use self::server::App;
use self::state::Shared;
use self::watch::Watcher;

/// The port tried first; when it is taken, the system picks a free one.
pub const DEFAULT_PORT: u16 = 3000;

/// What the command line sets.
#[derive(Clone)]
pub struct ServeOptions {
    /// The playbook folder.
    pub dir: PathBuf,
    /// The port; `None` for [`DEFAULT_PORT`] or a free one; `Some(0)` for a free one.
    pub port: Option<u16>,
    /// The address to listen on.
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the file tree instead of waiting for the system's file events.
    pub poll: bool,
    /// Problems in the content are errors (`--strict`), whatever `playbook.toml` says.
    pub strict: bool,
    /// Where progress, warnings and build errors are reported.
    pub console: Arc<dyn Console>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            dir: PathBuf::from("."),
            port: None,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            open: false,
            poll: false,
            strict: false,
            console: Arc::new(Silent),
        }
    }
}

/// A running preview server. Dropping it stops it.
pub struct Server {
    /// The address to open, `http://127.0.0.1:PORT/`.
    pub url: String,
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
    runtime: Option<Runtime>,
    serving: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    stop: Sender<Input>,
    rebuilder: Option<JoinHandle<()>>,
}

/// Builds the playbook, starts watching it and serving it, and returns at once.
pub fn start(options: &ServeOptions) -> Result<Server, String> {
    let root = playbook_root(&options.dir)?;
    let runtime = runtime()?;
    let listener = runtime.block_on(bind(options.bind, options.port))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let url = url_of(addr);
    let shared = Arc::new(Shared::new(instance_name()));
    let (inputs, received) = mpsc::channel();
    let to_rebuilder = inputs.clone();
    let watcher = Watcher::start(options.poll, move |report| {
        let _ = to_rebuilder.send(Input::Watch(report));
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    let terminal = Reporter::new(options.console.clone());
    let build = BuildOptions {
        base_url: Some(url.clone()),
        strict: options.strict,
        ..BuildOptions::default()
    };
    let builder = Builder::new(&root, build);
    let mut rebuilder = Rebuilder::new(&root, builder, watcher, shared.clone(), terminal);
    // Watching starts before the first build reads anything, so no save is missed.
    rebuilder.build_all();
    let rebuilder = std::thread::Builder::new()
        .name("playbook-rebuild".into())
        .spawn({
            let inputs = inputs.clone();
            move || rebuilder.run(received, inputs)
        })
        .map_err(|e| format!("cannot start the rebuild thread: {e}"))?;
    let hosts = AllowedHosts {
        bound: options.bind,
        port: addr.port(),
    };
    let app = Arc::new(App::new(shared.clone(), hosts));
    let listener = listener::Limited::new(listener, listener::MAX_CONNECTIONS);
    let serving = runtime.spawn(async move { axum::serve(listener, server::router(app)).await });
    Ok(Server {
        url,
        addr,
        shared,
        runtime: Some(runtime),
        serving: Some(serving),
        stop: inputs,
        rebuilder: Some(rebuilder),
    })
}

impl Server {
    /// Blocks until the server stops (it stops only on an error).
    pub fn wait(&mut self) -> Result<(), String> {
        let (Some(runtime), Some(serving)) = (self.runtime.as_ref(), self.serving.take()) else {
            return Ok(());
        };
        match runtime.block_on(serving) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => Err(format!("the server stopped: {e}")),
            Err(e) => Err(format!("the server stopped: {e}")),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(Input::Stop);
        if let Some(rebuilder) = self.rebuilder.take() {
            let _ = rebuilder.join();
        }
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// The playbook folder as an absolute path, which must exist.
fn playbook_root(dir: &std::path::Path) -> Result<PathBuf, String> {
    let root = std::path::absolute(dir)
        .map(|root| change::lexical(&root))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    if !root.is_dir() {
        return Err(format!(
            "{}: this folder does not exist; give the folder that holds playbook.toml or SUMMARY.md",
            dir.display()
        ));
    }
    Ok(root)
}

/// The server's threads: two workers are plenty for one editor's browsers.
fn runtime() -> Result<Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("playbook-serve")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))
}

/// A name for this run of the server, different at every start, so that open pages can tell
/// a restarted server from the one they knew.
fn instance_name() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    )
}

/// Binds the listener: the given port, or [`DEFAULT_PORT`] and then any free port.
async fn bind(address: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    let describe = |port: u16, e: std::io::Error| {
        format!("cannot listen on {}: {e}", SocketAddr::new(address, port))
    };
    match port {
        Some(port) => TcpListener::bind((address, port))
            .await
            .map_err(|e| describe(port, e)),
        None => match TcpListener::bind((address, DEFAULT_PORT)).await {
            Ok(listener) => Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => TcpListener::bind((address, 0))
                .await
                .map_err(|e| describe(0, e)),
            Err(e) => Err(describe(DEFAULT_PORT, e)),
        },
    }
}

/// The address to open in a browser: loopback when listening on all interfaces.
fn url_of(addr: SocketAddr) -> String {
    match addr.ip() {
        ip if ip.is_unspecified() || ip.is_loopback() && ip.is_ipv4() => {
            format!("http://127.0.0.1:{}/", addr.port())
        }
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", addr.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", addr.port()),
    }
}

/// Opens `url` in the default browser.
pub fn open_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(drop)
}
