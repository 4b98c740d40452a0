// Search, loaded when the reader opens it (the header's button, `/`, or Ctrl+K). It reads the
// index that `playbook build` writes (crates/site/src/search.rs) in pieces: index.json, the term
// shards the query's words need, then the document shards of the results shown.

const indexBase = new URL("search/", import.meta.url);
const siteRoot = new URL("../", import.meta.url);
const LIMIT = 10;
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const WORD = /[\p{Alphabetic}\p{N}]+/gu;

const files = new Map();
const postingsCache = new Map();
let meta = null;
let dialog, input, results, status, opener;
let active = -1;
let generation = 0;
let timer = 0;

function load(name) {
  if (!files.has(name)) {
    const url = new URL(name, indexBase);
    if (meta) url.search = "v=" + meta.h;
    files.set(name, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${response.status} ${url}`);
      return response.json();
    }));
  }
  return files.get(name);
}

async function loadMeta() {
  if (meta) return meta;
  const m = await load("index.json");
  let start = 0;
  m.starts = decode(m.d).map((delta) => (start += delta));
  m.terms = new Set(m.t.split(" "));
  m.stops = new Set(m.stop);
  meta = m;
  return m;
}

function decode(text) {
  const out = [];
  let value = 0;
  for (const c of text) {
    const digit = DIGITS.indexOf(c);
    if (digit >= 32) value = value * 32 + digit - 32;
    else { out.push(value * 32 + digit); value = 0; }
  }
  return out;
}

// [section, flags, section, flags, ...] for one term.
function postings(term, text) {
  let list = postingsCache.get(term);
  if (!list) {
    list = [];
    let id = 0;
    for (const value of decode(text)) {
      id += Math.floor(value / 4);
      list.push(id, value % 4);
    }
    postingsCache.set(term, list);
  }
  return list;
}

// The query's words, as the index cuts text into words.
function words(text) {
  return (text.toLowerCase().match(WORD) || []).filter((word) => {
    const n = [...word].length;
    return n >= 2 && n <= 30 && !meta.stops.has(word);
  });
}

function termFile(key) {
  const hex = Array.from(new TextEncoder().encode(key), (b) => b.toString(16).padStart(2, "0"));
  return `t-${hex.join("")}.json`;
}

// Section number to score, for the sections holding a word starting with `word`.
async function match(word) {
  const chars = [...word];
  const key = chars.slice(0, meta.k).join("");
  const scores = new Map();
  if (!meta.terms.has(key)) return scores;
  const shard = await load(termFile(key));
  const whole = chars.length < meta.k; // a short word's shard holds that word alone
  for (const term in shard) {
    if (whole ? term !== word : !term.startsWith(word)) continue;
    const list = postings(term, shard[term]);
    const weight = Math.log(1 + meta.n / (list.length / 2)) * (term === word ? 1.5 : 1);
    for (let i = 0; i < list.length; i += 2) {
      const flags = list[i + 1];
      const score = weight * (1 + (flags & 1 ? 2 : 0) + (flags & 2 ? 0.5 : 0));
      if (!(scores.get(list[i]) >= score)) scores.set(list[i], score);
    }
  }
  return scores;
}

// Sections matching every word, best first.
async function find(query) {
  const list = words(query);
  if (!list.length) return null;
  const each = await Promise.all(list.map(match));
  let scores = each[0];
  for (const other of each.slice(1)) {
    const both = new Map();
    for (const [id, score] of scores) {
      if (other.has(id)) both.set(id, score + other.get(id));
    }
    scores = both;
  }
  return { words: list, hits: [...scores].sort((a, b) => b[1] - a[1] || a[0] - b[0]) };
}

async function section(id) {
  const { starts } = meta;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= id) lo = mid;
    else hi = mid - 1;
  }
  const shard = await load(`d-${lo}.json`);
  const [page, heading, anchor, text] = shard.s[id - starts[lo]];
  const [title, url] = shard.p[page];
  return { title, url, heading, anchor, text };
}

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

function address(url, anchor) {
  const path = url.split("/").map(encodeURIComponent).join("/");
  return new URL(path + (anchor ? "#" + encodeURIComponent(anchor) : ""), siteRoot).href;
}

function option(result, index, list) {
  const link = document.createElement("a");
  link.id = `search-result-${index}`;
  link.className = "search-result";
  link.href = address(result.url, result.anchor);
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

function show(options, message) {
  results.replaceChildren(...options);
  results.hidden = options.length === 0;
  input.setAttribute("aria-expanded", String(options.length > 0));
  status.textContent = message;
  select(-1);
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

async function run() {
  const query = input.value;
  const mine = ++generation;
  if (!query.trim()) return show([], "");
  try {
    await loadMeta();
    const found = await find(query);
    if (mine !== generation) return;
    if (!found) return show([], "Type a longer word.");
    const { hits } = found;
    const shown = await Promise.all(hits.slice(0, LIMIT).map(([id]) => section(id)));
    if (mine !== generation) return;
    const message = hits.length === 0
      ? `No results for “${query.trim()}”.`
      : hits.length > LIMIT
        ? `The best ${LIMIT} of ${hits.length} results.`
        : `${hits.length} result${hits.length === 1 ? "" : "s"}.`;
    show(shown.map((result, i) => option(result, i, found.words)), message);
  } catch (error) {
    if (mine === generation) show([], "Search is not available: its index could not be loaded.");
    console.warn(error);
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
<div id="search-results" class="search-results" role="listbox" aria-label="Results" hidden></div>
<p id="search-help" class="search-help"><kbd>↑</kbd> <kbd>↓</kbd> to choose, <kbd>Enter</kbd> to open, <kbd>Esc</kbd> to close</p>
</div>`;
  document.body.append(dialog);
  input = dialog.querySelector("input");
  results = dialog.querySelector(".search-results");
  status = dialog.querySelector(".search-status");
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
  input.addEventListener("keydown", onKey);
  dialog.querySelector(".search-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close();
  });
  dialog.addEventListener("close", () => opener?.focus());
}

/** Opens the search dialog; focus returns to `from` when it closes. */
export function open(from) {
  if (!dialog) build();
  if (dialog.open) return;
  opener = from || document.activeElement;
  dialog.showModal();
  input.focus();
  input.select();
  loadMeta().catch(() => {});
}
