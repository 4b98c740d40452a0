// Live reload for `playbook serve`. The preview server adds this module to the pages it serves;
// it is never part of a built site. It listens to the server's events: `reload` loads the page
// again when it is among the pages rebuilt (keeping the scroll position), `css` swaps the
// changed stylesheets in place, `build-error` shows the build's errors over the page and
// `build-ok` takes them away, `build-warnings` lists the last build's warnings in a panel that
// covers nothing until opened. When the
// server stops it reconnects by itself, and reloads if the server was restarted meanwhile.
// Every text from the server goes into the page as text (textContent), never as HTML.

const EVENTS = "/__playbook/events";
const SCROLL_KEY = "playbook-serve-scroll";
const OVERLAY_ID = "playbook-serve-errors";
const WARNINGS_ID = "playbook-serve-warnings";
const FIRST_DELAY = 250;
const LONGEST_DELAY = 5000;

let server = null;
let delay = FIRST_DELAY;
let hidden = false;
let warningsHidden = false;

function here() {
  return location.pathname + location.search;
}

// This page's file in the site: `/a/b/` is `a/b/index.html`.
function siteKey() {
  let path = location.pathname.replace(/^\/+/, "");
  try {
    path = decodeURIComponent(path);
  } catch {
    // Keep it as written.
  }
  return path === "" || path.endsWith("/") ? path + "index.html" : path;
}

function onReload(event) {
  const pages = JSON.parse(event.data).pages;
  if (!Array.isArray(pages) || pages.includes(siteKey())) {
    reload();
  }
}

function reload() {
  try {
    sessionStorage.setItem(
      SCROLL_KEY,
      JSON.stringify({ page: here(), x: window.scrollX, y: window.scrollY }),
    );
  } catch {
    // Storage may be off: the page still reloads, at the top.
  }
  location.reload();
}

function restoreScroll() {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
    sessionStorage.removeItem(SCROLL_KEY);
  } catch {
    return;
  }
  if (!saved || saved.page !== here()) {
    return;
  }
  const scroll = () => window.scrollTo(saved.x, saved.y);
  scroll();
  // Images and fonts may still change the page's height: scroll again once they are in.
  if (document.readyState !== "complete") {
    window.addEventListener("load", scroll, { once: true });
  }
}

function swapStylesheets(data) {
  const changed = new Set(data.files.map((file) => "/" + file));
  for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !changed.has(url.pathname)) {
      continue;
    }
    url.searchParams.set("v", String(data.version));
    const next = link.cloneNode();
    next.href = url.href;
    // The old sheet stays until the new one is in, so the page never shows unstyled.
    const done = () => link.remove();
    next.addEventListener("load", done, { once: true });
    next.addEventListener("error", done, { once: true });
    link.after(next);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

function hideErrors() {
  document.getElementById(OVERLAY_ID)?.remove();
}

function showErrors(report) {
  hideErrors();
  if (hidden) {
    return;
  }
  const errors = Array.isArray(report.errors) ? report.errors : [];
  const box = element("section", "pbs-overlay");
  box.id = OVERLAY_ID;
  box.setAttribute("role", "alert");
  box.setAttribute("aria-labelledby", OVERLAY_ID + "-title");
  const header = element("div", "pbs-header");
  const title = element(
    "h2",
    "pbs-title",
    errors.length === 1
      ? "The playbook could not be built: 1 error"
      : `The playbook could not be built: ${errors.length} errors`,
  );
  title.id = OVERLAY_ID + "-title";
  const close = element("button", "pbs-close", "Hide");
  close.type = "button";
  close.addEventListener("click", () => {
    hidden = true;
    hideErrors();
  });
  header.append(title, close);
  box.append(header);
  box.append(
    element(
      "p",
      "pbs-note",
      "You are reading the last good build. Fix the file and save: this message goes away by itself.",
    ),
  );
  box.append(problemList(errors));
  document.body.append(box);
}

// Each problem with its place, what is wrong and the help.
function problemList(problems) {
  const list = element("ol", "pbs-list");
  for (const problem of problems) {
    const item = element("li", "pbs-item");
    item.append(element("code", "pbs-location", String(problem.location ?? problem.file ?? "")));
    item.append(element("p", "pbs-message", String(problem.message ?? "")));
    if (problem.help) {
      item.append(element("p", "pbs-help", "Help: " + String(problem.help)));
    }
    list.append(item);
  }
  return list;
}

function hideWarnings() {
  document.getElementById(WARNINGS_ID)?.remove();
}

// The warnings of the last whole build, in a panel at the foot of the window that covers
// nothing until opened: the site is published with them.
function showWarnings(report) {
  hideWarnings();
  const warnings = Array.isArray(report.warnings) ? report.warnings : [];
  if (warningsHidden || warnings.length === 0) {
    return;
  }
  const box = element("aside", "pbs-warnings");
  box.id = WARNINGS_ID;
  box.setAttribute("aria-label", "Warnings of the last build");
  const details = element("details", "pbs-details");
  const count = warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`;
  details.append(
    element("summary", "pbs-summary", `${count}: the playbook is built; fix these at your pace`),
  );
  details.append(problemList(warnings));
  const close = element("button", "pbs-close", "Hide");
  close.type = "button";
  close.addEventListener("click", () => {
    warningsHidden = true;
    hideWarnings();
  });
  box.append(close, details);
  document.body.append(box);
}

function connect() {
  const source = new EventSource(EVENTS);
  source.addEventListener("open", () => {
    delay = FIRST_DELAY;
  });
  source.addEventListener("hello", (event) => {
    const id = JSON.parse(event.data).server;
    if (server !== null && server !== id) {
      // The server was restarted while we were away: show what it serves now.
      reload();
      return;
    }
    server = id;
    // Lets tests (and the curious) see that the page is listening.
    document.documentElement.dataset.livereload = "connected";
  });
  source.addEventListener("reload", onReload);
  source.addEventListener("css", (event) => swapStylesheets(JSON.parse(event.data)));
  source.addEventListener("build-error", (event) => {
    hidden = false;
    showErrors(JSON.parse(event.data));
  });
  source.addEventListener("build-ok", hideErrors);
  source.addEventListener("build-warnings", (event) => showWarnings(JSON.parse(event.data)));
  source.addEventListener("error", () => {
    // The server stopped or restarted: try again, waiting longer each time.
    source.close();
    document.documentElement.dataset.livereload = "reconnecting";
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, LONGEST_DELAY);
  });
}

restoreScroll();
connect();
