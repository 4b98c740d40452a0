// Search's reading of the index that `playbook build` writes (crates/site/src/search/): the
// index.json, the term shards a query's words need, the typo files for a mistyped word, and the
// document shards of the results shown. Loaded by search.js, which shows what it finds.

const indexBase = new URL("search/", import.meta.url);
const DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
const WORD = /[\p{Alphabetic}\p{N}]+/gu;
// Where a word is in a section (the postings' two low bits), and what each place adds.
const TITLE = 3;
const HEADING = 2;
const PLACE_WEIGHT = [1, 1.5, 3, 4];

const files = new Map();
const postingsCache = new Map();
const typoCache = new Map();
let meta = null;

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

export async function loadMeta() {
  if (meta) return meta;
  const m = await load("index.json");
  let start = 0;
  m.starts = decode(m.d).map((delta) => (start += delta));
  m.terms = new Set(m.t.split(" "));
  m.stops = new Set(m.stop);
  m.lengths = new Set(m.f);
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

// [section, place, section, place, ...] for one term.
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

/**
 * The words of `text` as the index cuts them (crates/site/src/search/words.rs): runs of letters
 * and digits of 2 to 30 characters, each lower-cased after it is cut, without `stops`.
 */
export function tokens(text, stops = new Set()) {
  const out = [];
  for (const [word] of text.matchAll(WORD)) {
    const n = [...word].length;
    if (n < 2 || n > 30) continue;
    const lower = word.toLowerCase();
    if (!stops.has(lower)) out.push(lower);
  }
  return out;
}

function termFile(key) {
  const hex = Array.from(new TextEncoder().encode(key), (b) => b.toString(16).padStart(2, "0"));
  return `t-${hex.join("")}.json`;
}

// Section number to [score, place], for the sections holding a word starting with `word`.
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
      const place = list[i + 1];
      const score = weight * PLACE_WEIGHT[place];
      const best = scores.get(list[i]);
      if (!best) scores.set(list[i], [score, place]);
      else scores.set(list[i], [Math.max(best[0], score), Math.max(best[1], place)]);
    }
  }
  return scores;
}

// Whether `a` becomes `b` by one insert, delete, replace or swap of neighbours.
function oneEdit(a, b) {
  const [x, y] = a.length <= b.length ? [[...a], [...b]] : [[...b], [...a]];
  if (y.length - x.length > 1) return false;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  if (x.length < y.length) return x.slice(i).join("") === y.slice(i + 1).join("");
  if (i === x.length) return false; // the same word
  const rest = (from) => x.slice(from).join("") === y.slice(from).join("");
  return rest(i + 1) || (x[i] === y[i + 1] && x[i + 1] === y[i] && rest(i + 2));
}

async function typoWords(length) {
  if (!typoCache.has(length)) {
    typoCache.set(length, load(`f-${length}.json`).then((shard) => ({
      words: shard.w.split(" "),
      counts: decode(shard.c),
    })));
  }
  return typoCache.get(length);
}

// The commonest indexed word one edit from `word`, or null. Each typo file is commonest first.
async function correct(word) {
  const n = [...word].length;
  const lengths = [n - 1, n, n + 1].filter((length) => meta.lengths.has(length));
  let best = null;
  for (const { words, counts } of await Promise.all(lengths.map(typoWords))) {
    const i = words.findIndex((candidate) => oneEdit(word, candidate));
    if (i >= 0 && (!best || counts[i] > best.count)) best = { word: words[i], count: counts[i] };
  }
  return best && best.word;
}

// A word's sections; a word of five letters or more that is in none is corrected once.
async function lookUp(word) {
  const scores = await match(word);
  if (scores.size || [...word].length < 5) return { word, scores };
  const corrected = await correct(word);
  return corrected ? { word: corrected, scores: await match(corrected), corrected: true } : { word, scores };
}

// Sections matching any word: first those whose page title holds every word, then those whose
// heading does, then the rest; within each, more words matched first, then the higher score.
export async function find(query) {
  const all = tokens(query);
  const list = all.filter((word) => !meta.stops.has(word));
  if (!list.length) return { common: all };
  const each = await Promise.all(list.map(lookUp));
  const hits = new Map();
  for (const { scores } of each) {
    for (const [id, [score, place]] of scores) {
      const hit = hits.get(id) || { id, count: 0, score: 0, lowest: TITLE, span: 0 };
      hit.count += 1;
      hit.score += score;
      hit.lowest = Math.min(hit.lowest, place);
      hits.set(id, hit);
    }
  }
  const tier = (hit) => (hit.count < list.length ? 2 : hit.lowest === TITLE ? 0 : hit.lowest === HEADING ? 1 : 2);
  for (const hit of hits.values()) hit.tier = tier(hit);
  const words = each.map((found) => found.word);
  const corrected = each.some((found) => found.corrected) ? words.join(" ") : null;
  return { words, corrected, hits: [...hits.values()].sort(byRank) };
}

export function byRank(a, b) {
  return a.tier - b.tier || b.count - a.count || a.span - b.span || b.score - a.score || a.id - b.id;
}

// How many words apart the query's words are in `text`: the shortest run holding each word
// matched (0 for one word).
export function spread(text, words) {
  const last = new Map();
  let best = Infinity;
  tokens(text).forEach((token, at) => {
    const i = words.findIndex((word) => token.startsWith(word));
    if (i < 0) return;
    last.set(i, at);
    if (last.size === words.length) best = Math.min(best, at - Math.min(...last.values()));
  });
  return best === Infinity ? words.length * 50 : best;
}

export async function section(id) {
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
