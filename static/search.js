// Search, loaded when the reader opens it (the header's button, `/`, or Ctrl+K): the dialog, its
// results and their order on screen. search-index.js reads the index; it is imported with this
// file's own version, which covers it (crates/site/src/pipeline/prepared.rs).

const version = new URL(import.meta.url).search;
const index = new URL(`search-index.js${version}`, import.meta.url).href;
const { byRank, find, loadMeta, section, spread } = await import(index);

const siteRoot = new URL("../", import.meta.url);
const LIMIT = 10;
const MORE = 100;
const LAST_QUERY = "playbook-search";

let dialog, input, results, status, more, opener;
let active = -1;
let generation = 0;
let timer = 0;
let current = null;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// About 180 characters of `text` around the first match, the matching words marked.
function snippet(text, list) {
  const pattern = new RegExp(
    `(?<![\\p{Alphabetic}\\p{N}])(?:${list.map(escapeRegExp).join("|")})[\\p{Alphabetic}\\p{N}]*`,
    "giu",
  );
  const phrase = new RegExp(
    `(?<![\\p{Alphabetic}\\p{N}])${list.map(escapeRegExp).join("[\\p{Alphabetic}\\p{N}]*[^\\p{Alphabetic}\\p{N}]+")}`,
    "iu",
  );
  const first = phrase.exec(text) || pattern.exec(text);
  pattern.lastIndex = 0;
  let start = first ? Math.max(0, first.index - 60) : 0;
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space !== -1 && space < first.index) start = space + 1;
  }
  let end = Math.min(text.length, start + 180);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > start + 100) end = space;
  }
  const piece = text.slice(start, end);
  const out = document.createDocumentFragment();
  if (start > 0) out.append("… ");
  let at = 0;
  for (const m of piece.matchAll(pattern)) {
    out.append(piece.slice(at, m.index));
    const mark = document.createElement("mark");
    mark.textContent = m[0];
    out.append(mark);
    at = m.index + m[0].length;
  }
  out.append(piece.slice(at));
  if (end < text.length) out.append(" …");
  return out;
}

// The result's address, with the words for its page to mark (`highlight`, read by app.js).
function address(url, anchor, words) {
  const path = url.split("/").map(encodeURIComponent).join("/");
  const link = new URL(path, siteRoot);
  link.searchParams.set("highlight", words.join(" "));
  if (anchor) link.hash = encodeURIComponent(anchor);
  return link.href;
}

function option(result, index, list) {
  const link = document.createElement("a");
  link.id = `search-result-${index}`;
  link.className = "search-result";
  link.href = address(result.url, result.anchor, list);
  link.tabIndex = -1;
  link.setAttribute("role", "option");
  link.setAttribute("aria-selected", "false");
  const title = document.createElement("span");
  title.className = "search-result-title";
  title.textContent = result.title;
  if (result.heading && result.heading !== result.title) {
    const heading = document.createElement("span");
    heading.className = "search-result-heading";
    heading.textContent = result.heading;
    title.append(" › ", heading);
  }
  const text = document.createElement("span");
  text.className = "search-result-snippet";
  text.append(snippet(result.text, list));
  link.append(title, text);
  link.addEventListener("click", () => dialog.close());
  return link;
}

// The sections of `hits` (consecutive, from the `from`th), put in order where ranks tie on all
// but closeness.
async function sections(hits, from, words) {
  const shown = await Promise.all(hits.map(async (hit) => ({ hit, ...(await section(hit.id)) })));
  for (const result of shown) result.hit.span = words.length > 1 ? spread(result.text, words) : 0;
  shown.sort((a, b) => byRank(a.hit, b.hit));
  return shown.map((result, i) => option(result, from + i, words));
}

function show(options, message) {
  results.replaceChildren(...options);
  results.hidden = options.length === 0;
  input.setAttribute("aria-expanded", String(options.length > 0));
  status.textContent = message;
  offerMore();
  select(-1);
}

function offerMore() {
  const left = current ? current.hits.length - results.children.length : 0;
  more.hidden = left <= 0;
  if (left > 0) {
    const total = current.hits.length;
    more.textContent = left <= MORE ? `Show all ${total} results` : `Show ${MORE} more of ${total} results`;
  }
}

async function showMore() {
  const from = results.children.length;
  const mine = generation;
  const options = await sections(current.hits.slice(from, from + MORE), from, current.words);
  if (mine !== generation) return;
  results.append(...options);
  offerMore();
  input.focus();
  select(from);
}

function select(index) {
  const options = results.children;
  if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
  active = index;
  if (index >= 0 && options[index]) {
    options[index].setAttribute("aria-selected", "true");
    options[index].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", options[index].id);
  } else {
    input.removeAttribute("aria-activedescendant");
  }
}

function quoted(words) {
  const list = words.map((word) => `‘${word}’`);
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list[0];
}

function summary(found, query) {
  const { hits, corrected } = found;
  const count = hits.length === 1 ? "1 result" : `${hits.length} results`;
  if (corrected && hits.length) return `Showing results for “${corrected}”: ${count}.`;
  if (!hits.length) return `No results for “${query.trim()}”.`;
  return hits.length > LIMIT ? `The best ${LIMIT} of ${count}.` : `${count}.`;
}

async function run() {
  const query = input.value;
  const mine = ++generation;
  current = null;
  if (!query.trim()) return show([], "");
  remember(query);
  try {
    await loadMeta();
    const found = await find(query);
    if (mine !== generation) return;
    if (found.common) {
      const { common } = found;
      if (!common.length) return show([], "Type a longer word.");
      return show([], `${quoted(common)} ${common.length > 1 ? "are" : "is"} too common to search for.`);
    }
    const options = await sections(found.hits.slice(0, LIMIT), 0, found.words);
    if (mine !== generation) return;
    current = found;
    show(options, summary(found, query));
  } catch (error) {
    if (mine === generation) show([], "Search is not available: its index could not be loaded.");
    console.warn(error);
  }
}

function remember(query) {
  try {
    sessionStorage.setItem(LAST_QUERY, query);
  } catch {
    // Storage may be off: the query is remembered on this page only.
  }
}

function lastQuery() {
  try {
    return sessionStorage.getItem(LAST_QUERY) || "";
  } catch {
    return "";
  }
}

function onKey(event) {
  const count = results.children.length;
  if (event.key === "ArrowDown" && count) {
    event.preventDefault();
    select((active + 1) % count);
  } else if (event.key === "ArrowUp" && count) {
    event.preventDefault();
    select(active <= 0 ? count - 1 : active - 1);
  } else if (event.key === "Enter") {
    event.preventDefault();
    const target = results.children[Math.max(active, 0)];
    if (target) {
      dialog.close();
      location.href = target.href;
    }
  } else if (event.key === "Escape") {
    event.preventDefault();
    dialog.close();
  }
}

function build() {
  dialog = document.createElement("dialog");
  dialog.className = "search-dialog";
  dialog.setAttribute("aria-label", "Search");
  dialog.innerHTML = `<div class="search-panel">
<form class="search-form" role="search" method="dialog">
<svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="m15.5 15.5 5 5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
<label class="visually-hidden" for="search-input">Search the playbook</label>
<input id="search-input" class="search-input" type="search" role="combobox" aria-expanded="false" aria-controls="search-results" aria-autocomplete="list" aria-describedby="search-help" autocomplete="off" spellcheck="false" placeholder="Search the playbook">
<button type="button" class="search-close">Close</button>
</form>
<p class="search-status" role="status"></p>
<div class="search-scroll">
<div id="search-results" class="search-results" role="listbox" aria-label="Results" hidden></div>
<button type="button" class="search-more" hidden></button>
</div>
<p id="search-help" class="search-help"><kbd>↑</kbd> <kbd>↓</kbd> to choose, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close</p>
</div>`;
  document.body.append(dialog);
  input = dialog.querySelector("input");
  results = dialog.querySelector(".search-results");
  status = dialog.querySelector(".search-status");
  more = dialog.querySelector(".search-more");
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("keydown", onKey);
  more.addEventListener("click", () => showMore().catch((error) => console.warn(error)));
  dialog.querySelector(".search-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  // The close event comes a moment after the dialog closes: if it has opened again since, the
  // focus stays in it.
  dialog.addEventListener("close", () => {
    if (!dialog.open) opener?.focus();
  });
}

/** Opens the search dialog with the last query chosen; focus returns to `from` when it closes. */
export function open(from) {
  if (!dialog) build();
  if (dialog.open) return;
  opener = from || document.activeElement;
  dialog.showModal();
  const last = input.value || lastQuery();
  if (last && last !== input.value) {
    input.value = last;
    run();
  }
  input.focus();
  input.select();
  loadMeta().catch(() => {});
}
