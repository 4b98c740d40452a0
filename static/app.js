// playbook's page behaviour: the phone menu. Everything here enhances a page that already works
// without JavaScript.

const menuButton = document.querySelector(".menu-button");
const sidebar = document.getElementById("sidebar");

if (menuButton && sidebar) {
  // While the menu is open, the page behind it can be neither reached nor read: only the menu
  // and the button that closes it remain.
  const behind = [...document.querySelectorAll(".skip-link, .site-title, .header-tools, .main-column")];
  const setOpen = (open) => {
    document.body.classList.toggle("nav-open", open);
    menuButton.setAttribute("aria-expanded", String(open));
    for (const element of behind) element.inert = open;
    if (open) {
      (sidebar.querySelector("[aria-current=page]") || sidebar.querySelector("a"))?.focus();
    }
  };
  menuButton.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(!document.body.classList.contains("nav-open"));
  });
  sidebar.querySelector(".sidebar-close")?.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(false);
    menuButton.focus();
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
      setOpen(false);
      menuButton.focus();
    }
  });
  // A tap beside the open menu closes it.
  document.addEventListener("click", (event) => {
    const open = document.body.classList.contains("nav-open");
    if (open && !sidebar.contains(event.target) && !menuButton.contains(event.target)) setOpen(false);
  });
  // Keep the current page in view in a long sidebar.
  const current = sidebar.querySelector("[aria-current=page]");
  if (current && sidebar.scrollHeight > sidebar.clientHeight) {
    const offset = current.getBoundingClientRect().top - sidebar.getBoundingClientRect().top;
    const top = sidebar.scrollTop + offset - sidebar.clientHeight / 3;
    if (top > 0) sidebar.scrollTop = top;
  }
}

// GitBook tabs: each set of titled sections becomes an ARIA tab list (click, arrow keys, Home,
// End). Without JavaScript, and in print, every panel shows under its own heading.
const tabSets = [];
for (const set of document.querySelectorAll(".tabs")) {
  const panels = [...set.children].filter((el) => el.classList.contains("tab-panel"));
  if (panels.length === 0) continue;
  const list = document.createElement("div");
  list.className = "tab-list";
  list.setAttribute("role", "tablist");
  const tabs = panels.map((panel, i) => {
    const title = panel.querySelector(":scope > .tab-title");
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `${panel.id}-tab`;
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", panel.id);
    tab.textContent = title ? title.textContent : `Tab ${i + 1}`;
    panel.setAttribute("role", "tabpanel");
    panel.setAttribute("aria-labelledby", tab.id);
    panel.tabIndex = 0;
    if (title) title.hidden = true;
    list.append(tab);
    return tab;
  });
  const select = (index, focus) => {
    tabs.forEach((tab, i) => {
      const selected = i === index;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      panels[i].hidden = !selected;
    });
    if (focus) tabs[index].focus();
  };
  list.addEventListener("click", (event) => {
    const index = tabs.indexOf(event.target.closest("[role=tab]"));
    if (index >= 0) select(index, false);
  });
  list.addEventListener("keydown", (event) => {
    const current = tabs.indexOf(document.activeElement);
    if (current < 0) return;
    const last = tabs.length - 1;
    const next = {
      ArrowRight: current === last ? 0 : current + 1,
      ArrowLeft: current === 0 ? last : current - 1,
      Home: 0,
      End: last,
    }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    select(next, true);
  });
  set.prepend(list);
  set.classList.add("tabs-ready");
  select(0, false);
  tabSets.push({ panels, select });
}
// A link to an anchor inside a hidden panel opens that panel first.
const showTarget = () => {
  let id = "";
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return;
  }
  const target = id && document.getElementById(id);
  if (!target) return;
  for (const { panels, select } of tabSets) {
    const index = panels.findIndex((panel) => panel.contains(target));
    if (index >= 0) {
      select(index, false);
      target.scrollIntoView();
    }
  }
};
showTarget();
window.addEventListener("hashchange", showTarget);
// End of GitBook tabs

// Hidden lines of Rust examples: each block's button shows or hides them.
for (const toggle of document.querySelectorAll(".code-toggle")) {
  toggle.addEventListener("click", () => {
    const shown = toggle.getAttribute("aria-pressed") !== "true";
    toggle.setAttribute("aria-pressed", String(shown));
    toggle.closest(".code-block")?.classList.toggle("show-hidden", shown);
  });
}

// --- Reader: theme toggle, search, "on this page" marking, print button ---

// The theme: light or dark, following the system until the reader picks one. A pick that matches
// the system setting is forgotten, so the page follows the system again (the default is never
// stored). theme.js applies a stored pick before the first paint.
const THEME_KEY = "playbook-theme";
const darkQuery = matchMedia("(prefers-color-scheme: dark)");
const themeButton = document.querySelector(".theme-toggle");
const root = document.documentElement;
const isDark = () => (root.dataset.theme || (darkQuery.matches ? "dark" : "light")) === "dark";
const showTheme = () => themeButton?.setAttribute("aria-pressed", String(isDark()));
const applyPick = (pick) => {
  if (pick === "light" || pick === "dark") root.dataset.theme = pick;
  else delete root.dataset.theme;
  showTheme();
};
if (themeButton) {
  // theme.js is `async`, so it may run after this module: apply the stored pick here too, so
  // that the button never shows the system's theme while the page shows the pick.
  let stored = null;
  try {
    stored = localStorage.getItem(THEME_KEY);
  } catch {}
  applyPick(stored);
  darkQuery.addEventListener("change", showTheme);
  addEventListener("storage", (event) => {
    if (event.key === THEME_KEY) applyPick(event.newValue);
  });
  themeButton.addEventListener("click", () => {
    const pick = isDark() ? "light" : "dark";
    const stored = pick === (darkQuery.matches ? "dark" : "light") ? null : pick;
    try {
      if (stored) localStorage.setItem(THEME_KEY, stored);
      else localStorage.removeItem(THEME_KEY);
    } catch {
      // Storage may be off: the pick holds for this page only.
    }
    applyPick(stored);
  });
}

// Search: its script and index load only when the reader opens it.
const searchButton = document.querySelector(".search-button");
if (searchButton) {
  let module;
  const openSearch = () => {
    module ??= import(new URL(searchButton.dataset.search, document.baseURI).href);
    module.then((search) => search.open(searchButton));
  };
  searchButton.addEventListener("click", openSearch);
  // Other buttons that open it, such as the 404 page's.
  for (const button of document.querySelectorAll("[data-open-search]")) button.addEventListener("click", openSearch);
  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const typing = target?.closest("input, textarea, select, [contenteditable]");
    const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
    const chord = event.key === "k" && (event.ctrlKey || event.metaKey) && !event.altKey;
    if (slash || chord) {
      event.preventDefault();
      openSearch();
    }
  });
}

// Arriving from a search result (`?highlight=words`): the words are marked in the page until
// the reader presses Escape, which also takes them out of the address.
const highlighted = new URLSearchParams(location.search).get("highlight");
const content = document.querySelector("#content article.page") || document.getElementById("content");
if (highlighted && content) {
  const words = highlighted.toLowerCase().split(/\s+/).filter(Boolean);
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\p{Alphabetic}\\p{N}])(?:${escaped.join("|")})[\\p{Alphabetic}\\p{N}]*`, "giu");
  const marks = words.length ? markWords(content, pattern) : [];
  const clear = () => {
    for (const mark of marks) mark.replaceWith(...mark.childNodes);
    content.normalize();
    marks.length = 0;
    const address = new URL(location.href);
    address.searchParams.delete("highlight");
    history.replaceState(history.state, "", address);
  };
  if (marks.length) {
    document.addEventListener("keydown", (event) => {
      const busy = document.querySelector("dialog[open]") || document.body.classList.contains("nav-open");
      if (event.key === "Escape" && marks.length && !busy) clear();
    });
  }
  // The marks may have moved the section the address names: bring it back into view.
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

function markWords(root, pattern) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement.closest("script, style, textarea, svg, .visually-hidden")
      ? NodeFilter.FILTER_REJECT
      : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  const marks = [];
  for (const node of nodes) {
    const text = node.data;
    const found = [...text.matchAll(pattern)];
    if (!found.length) continue;
    const pieces = document.createDocumentFragment();
    let at = 0;
    for (const m of found) {
      pieces.append(text.slice(at, m.index));
      const mark = document.createElement("mark");
      mark.className = "search-highlight";
      mark.textContent = m[0];
      pieces.append(mark);
      marks.push(mark);
      at = m.index + m[0].length;
    }
    pieces.append(text.slice(at));
    node.replaceWith(pieces);
  }
  return marks;
}

// "On this page": mark the heading being read.
const tocLinks = [...document.querySelectorAll(".page-toc a[href^='#']")];
const tocTargets = tocLinks.map((link) => document.getElementById(decodeURIComponent(link.hash.slice(1))));
if (tocLinks.length) {
  const toc = document.querySelector(".page-toc");
  let queued = false;
  let marked = -1;
  const markCurrent = () => {
    queued = false;
    const line = (parseFloat(getComputedStyle(root).scrollPaddingTop) || 0) + 16;
    let current = 0;
    tocTargets.forEach((target, i) => {
      if (target && target.getBoundingClientRect().top <= line) current = i;
    });
    if (scrollY > 0 && innerHeight + scrollY >= root.scrollHeight - 2) current = tocLinks.length - 1;
    if (current === marked) return;
    tocLinks[marked]?.removeAttribute("aria-current");
    tocLinks[current].setAttribute("aria-current", "location");
    marked = current;
    if (toc && toc.scrollHeight > toc.clientHeight) {
      const offset = tocLinks[current].getBoundingClientRect().top - toc.getBoundingClientRect().top;
      if (offset < 0 || offset > toc.clientHeight - 40) toc.scrollTop += offset - toc.clientHeight / 3;
    }
  };
  addEventListener("scroll", () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(markCurrent);
    }
  }, { passive: true });
  markCurrent();
}

// The print page's button.
document.querySelector("[data-print]")?.addEventListener("click", () => print());
// --- end reader ---
