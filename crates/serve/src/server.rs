//! The HTTP side: serves the current in-memory site (only its files, with their content types,
//! the site's 404 page for misses), injects the live-reload client into HTML, streams build
//! messages as server-sent events, and refuses requests whose Host header is not ours.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::Semaphore;
use tokio::sync::broadcast::error::RecvError;

use crate::host::AllowedHosts;
use crate::paths::{self, Resolved};
use crate::site::SiteFiles;
use crate::state::{Message, Shared, Status};

/// Where the server's own files live: outside the site's `_playbook/`, so no theme file can
/// take their place.
pub const SERVER_PREFIX: &str = "/__playbook/";
const EVENTS: &str = "/__playbook/events";
const CLIENT_JS: &str = "/__playbook/livereload.js";
const CLIENT_CSS: &str = "/__playbook/livereload.css";

static LIVERELOAD_JS: &str = include_str!("client/livereload.js");
static LIVERELOAD_CSS: &str = include_str!("client/livereload.css");

/// What is added to every HTML page served: the client, as a module (no inline script, so
/// pages keep working under a strict Content-Security-Policy).
const INJECTED: &str = "<link rel=\"stylesheet\" href=\"/__playbook/livereload.css\"><script type=\"module\" src=\"/__playbook/livereload.js\"></script>";

/// The page served while no build has succeeded yet: the client shows the error over it.
const NO_SITE: &str = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>No site yet</title></head><body><main><h1>No site yet</h1><p>The playbook has not built yet. Its errors are listed here; fix them and save, and the page loads by itself.</p></main></body></html>\n";

/// The most live-reload event streams open at once: each holds a connection, so without a
/// budget of their own they could take every connection the listener has and leave none for
/// pages.
pub const MAX_EVENT_STREAMS: usize = 32;

/// How often an idle event stream is written to: more often than the listener closes
/// connections nothing is written to.
const KEEP_ALIVE: Duration = Duration::from_secs(4);

/// Everything a request handler needs.
pub struct App {
    pub shared: Arc<Shared>,
    pub hosts: AllowedHosts,
    /// Places for event streams ([`MAX_EVENT_STREAMS`]).
    pub streams: Arc<Semaphore>,
}

impl App {
    pub fn new(shared: Arc<Shared>, hosts: AllowedHosts) -> Self {
        Self {
            shared,
            hosts,
            streams: Arc::new(Semaphore::new(MAX_EVENT_STREAMS)),
        }
    }
}

/// The server's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(EVENTS, get(events))
        .route(CLIENT_JS, get(client_js))
        .route(CLIENT_CSS, get(client_css))
        .fallback(site_file)
        .layer(middleware::from_fn_with_state(app.clone(), check_host))
        .with_state(app)
}

/// Refuses requests for another host name: protects against DNS rebinding.
async fn check_host(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let allowed = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|host| app.hosts.allows(host));
    if allowed {
        next.run(request).await
    } else {
        plain(
            StatusCode::FORBIDDEN,
            "This preview answers only to localhost and its own address.\n",
        )
    }
}

async fn client_js() -> Response {
    asset(LIVERELOAD_JS, "text/javascript; charset=utf-8")
}

async fn client_css() -> Response {
    asset(LIVERELOAD_CSS, "text/css; charset=utf-8")
}

fn asset(text: &'static str, content_type: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    set_common_headers(response.headers_mut(), content_type);
    response
}

/// A file of the current site, or its 404 page.
async fn site_file(State(app): State<Arc<App>>, method: Method, request: Request) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD.\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let site = app.shared.site();
    let uri = request.uri();
    let mut response = match paths::resolve(uri.path(), |key| site.contains(key)) {
        Resolved::File(key) => match site.get(&key) {
            Some(bytes) => file_response(StatusCode::OK, &key, bytes.clone()),
            None => not_found(&site),
        },
        Resolved::Redirect(location) => {
            let location = match uri.query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            let mut response = plain(StatusCode::TEMPORARY_REDIRECT, "");
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound => not_found(&site),
    };
    if method == Method::HEAD {
        *response.body_mut() = Body::empty();
    }
    response
}

fn not_found(site: &SiteFiles) -> Response {
    match site.get("404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes.clone()),
        None if site.is_empty() => file_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            Bytes::from_static(NO_SITE.as_bytes()),
        ),
        None => plain(StatusCode::NOT_FOUND, "Not found.\n"),
    }
}

fn file_response(status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let content_type = paths::content_type(key);
    let body = if content_type.starts_with("text/html") {
        Bytes::from(inject(&bytes))
    } else {
        bytes
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    set_common_headers(response.headers_mut(), content_type);
    response
}

/// Adds the live-reload client to an HTML page, before `</head>` (else at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = find_ignoring_case(html, b"</head>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + INJECTED.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(INJECTED.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_ignoring_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn set_common_headers(headers: &mut HeaderMap, content_type: &'static str) {
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    // A preview is never cached: every load shows the current build.
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut response = (status, text).into_response();
    set_common_headers(response.headers_mut(), "text/plain; charset=utf-8");
    response
}

/// The build messages as server-sent events: first `hello` (naming this run of the server), the
/// current error if the last build failed and the last whole build's warnings, then each
/// message as it comes. Past [`MAX_EVENT_STREAMS`], a stream is refused (503) rather than let it
/// hold a connection pages need.
async fn events(State(app): State<Arc<App>>) -> Response {
    let Ok(place) = app.streams.clone().try_acquire_owned() else {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many live-reload streams are open: close some preview tabs.\n",
        );
    };
    // Subscribe before reading the status, so nothing falls between the two.
    let receiver = app.shared.subscribe();
    let mut first = vec![
        Event::default()
            .event("hello")
            .data(serde_json::json!({ "server": app.shared.instance }).to_string()),
    ];
    if let Status::Failed(json) = app.shared.status() {
        first.push(to_event(&Message::Failed(json)));
    }
    first.push(to_event(&Message::Warnings(app.shared.warnings())));
    first.reverse();
    // The place is held as long as the stream is open.
    let stream = futures_util::stream::unfold(
        (first, receiver, place),
        |(mut first, mut receiver, place)| async move {
            if let Some(event) = first.pop() {
                return Some((Ok::<_, Infallible>(event), (first, receiver, place)));
            }
            let event = match receiver.recv().await {
                Ok(message) => to_event(&message),
                // Missed messages: a reload shows the current state whatever they were.
                Err(RecvError::Lagged(_)) => to_event(&Message::Reload { pages: None }),
                Err(RecvError::Closed) => return None,
            };
            Some((Ok(event), (first, receiver, place)))
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response()
}

fn to_event(message: &Message) -> Event {
    let (name, data) = message.event();
    Event::default().event(name).data(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_head_end() {
        let out = inject(b"<html><HEAD><title>x</title></HEAD><body></body></html>");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(&format!("{INJECTED}</HEAD>")), "{text}");
        let out = inject(b"<p>fragment</p>");
        assert!(String::from_utf8(out).unwrap().ends_with(INJECTED));
    }
}
