// The calculators in a page: loads the models' WebAssembly module once, recomputes a calculator
// on every input, shows the model's message at a field it cannot use, and keeps the inputs in
// the address so a result can be shared and survives a reload. Only pages with calculators load
// this file. It displays what the module returns; it computes nothing itself. A calculator with
// its own layout script (`data-script`, such as the estate's) is handed to that script instead.

const sections = [...document.querySelectorAll("section.calculator[data-glue]")];

if (sections.length > 0) {
  for (const wrap of document.querySelectorAll(".calculator .table-wrap")) cueScrolling(wrap);
  // Inputs from the address go in at once, before the module arrives.
  const params = new URLSearchParams(location.search);
  const restored = sections.map((section) => !section.dataset.script && restore(section, params));
  const first = sections[0];
  const glue = await import(new URL(first.dataset.glue, document.baseURI).href);
  await glue.default({ module_or_path: new URL(first.dataset.module, document.baseURI) });
  for (const [i, section] of sections.entries()) {
    if (section.dataset.script) {
      const own = await import(new URL(section.dataset.script, document.baseURI).href);
      own.setUp(section, glue.calculate);
    } else setUp(section, glue.calculate, restored[i]);
  }
}

function inputsOf(section) {
  const form = section.querySelector("form");
  return form ? [...form.elements].filter((el) => el.name) : [];
}

function restore(section, params) {
  let restored = false;
  for (const field of inputsOf(section)) {
    const value = params.get(section.id + "." + field.name);
    if (value !== null) {
      field.value = value;
      restored = true;
    }
  }
  return restored;
}

function setUp(section, calculate, restored) {
  const form = section.querySelector("form");
  const grid = section.querySelector("[data-grid-wrap]");
  if (grid) setUpGrid(section, grid);
  section.dataset.ready = "true";
  if (!form) return;
  const fields = inputsOf(section);
  const run = () => {
    const lines = fields.map((f) => f.name + "=" + f.value.replace(/[\r\n]+/g, " ")).join("\n");
    show(section, fields, calculate(section.dataset.calculator, lines));
    remember(section, fields);
  };
  form.addEventListener("input", run);
  form.addEventListener("change", run);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    for (const field of fields) field.value = field.dataset.initial;
    run();
  });
  if (restored) run();
}

function show(section, fields, text) {
  const values = new Map();
  const errors = new Map();
  for (const line of text.split("\n")) {
    if (!line) continue;
    const tab = line.indexOf("\t");
    const key = line.slice(0, tab);
    const value = line.slice(tab + 1);
    if (key.startsWith("!")) errors.set(key.slice(1), value);
    else values.set(key, value);
  }
  for (const field of fields) {
    const message = errors.get(field.name);
    const slot = section.querySelector("#" + CSS.escape(field.id + "-error"));
    if (slot) slot.textContent = message || "";
    if (message) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
    if (message && field.closest("details")) field.closest("details").open = true;
  }
  // A result waiting for a fix keeps its values and says so, in the result's live region.
  const result = section.querySelector(".calculator-result");
  const stale = result.querySelector("[data-stale]");
  result.classList.toggle("is-stale", errors.size > 0);
  stale.textContent = errors.size > 0 ? stale.dataset.stale : "";
  if (errors.size > 0) return;
  for (const el of section.querySelectorAll("[data-out]")) {
    const value = values.get(el.dataset.out);
    if (value !== undefined) el.textContent = value;
  }
  for (const el of section.querySelectorAll("[data-out-d]")) {
    const value = values.get(el.dataset.outD);
    if (value !== undefined) el.setAttribute("d", value);
  }
  for (const list of section.querySelectorAll("[data-out-list]")) {
    const items = (values.get(list.dataset.outList) || "").split("|").filter(Boolean);
    list.replaceChildren(...items.map((item) => {
      const li = document.createElement("li");
      li.textContent = item;
      return li;
    }));
    list.hidden = items.length === 0;
  }
  const grid = section.querySelector("[data-grid-wrap]");
  if (grid) markCell(grid, values.get("cell"));
}

function remember(section, fields) {
  const url = new URL(location.href);
  const prefix = section.id + ".";
  for (const field of fields) {
    if (field.value === field.dataset.initial) url.searchParams.delete(prefix + field.name);
    else url.searchParams.set(prefix + field.name, field.value);
  }
  history.replaceState(history.state, "", url);
}

// A table wider than its calculator scrolls sideways; `data-scroll` says which way there is more
// to see, and the stylesheet fades that edge.
function cueScrolling(wrap) {
  const update = () => {
    const more = wrap.scrollWidth - wrap.clientWidth;
    if (more <= 1) wrap.dataset.scroll = "";
    else if (wrap.scrollLeft <= 1) wrap.dataset.scroll = "start";
    else wrap.dataset.scroll = wrap.scrollLeft >= more - 1 ? "end" : "middle";
  };
  const observer = new ResizeObserver(update);
  observer.observe(wrap);
  if (wrap.firstElementChild) observer.observe(wrap.firstElementChild);
  wrap.addEventListener("scroll", update, { passive: true });
}

// The selector's grid: every cell a button (one tab stop, the arrow keys move between cells)
// that says, under the grid, which exposure and demand lead there.
function setUpGrid(section, wrap) {
  const table = wrap.querySelector("table");
  const explain = section.querySelector("[data-grid-explain]");
  for (const td of table.querySelectorAll("td[data-cell]")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "grid-button";
    button.tabIndex = td.classList.contains("is-selected") ? 0 : -1;
    button.append(...td.childNodes);
    td.append(button);
  }
  if (!table.querySelector(".grid-button[tabindex='0']")) table.querySelector(".grid-button").tabIndex = 0;
  // The buttons take the focus, and scroll the grid to it: the wrapper needs no tab stop.
  wrap.removeAttribute("tabindex");
  table.addEventListener("click", (event) => {
    const button = event.target.closest(".grid-button");
    if (!button) return;
    focusCell(wrap, button);
    explain.textContent = describeCell(section, button.closest("td"));
  });
  table.addEventListener("keydown", (event) => moveFocus(wrap, event));
  markCell(wrap, table.querySelector("td.is-selected")?.dataset.cell);
}

const STEPS = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

function moveFocus(wrap, event) {
  const step = STEPS[event.key];
  const td = event.target.closest("td");
  if (!step || !td) return;
  const rows = [...wrap.querySelector("tbody").rows];
  const row = rows[rows.indexOf(td.parentElement) + step[0]];
  const button = row?.cells[td.cellIndex + step[1]]?.querySelector(".grid-button");
  if (!button) return;
  event.preventDefault();
  focusCell(wrap, button);
}

function focusCell(wrap, button) {
  for (const other of wrap.querySelectorAll(".grid-button")) other.tabIndex = -1;
  button.tabIndex = 0;
  button.focus({ preventScroll: true });
  reveal(wrap, button.closest("td"));
}

// Scrolls the grid sideways so that `td` is clear of the sticky row headers.
function reveal(wrap, td) {
  const head = td.parentElement.cells[0].offsetWidth;
  if (td.offsetLeft - head < wrap.scrollLeft) wrap.scrollLeft = td.offsetLeft - head;
  else if (td.offsetLeft + td.offsetWidth > wrap.scrollLeft + wrap.clientWidth) {
    wrap.scrollLeft = td.offsetLeft + td.offsetWidth - wrap.clientWidth;
  }
}

// Marks the service's cell (its words, "Your service", are shown by the stylesheet) and, unless
// the reader is in the grid, makes it the grid's tab stop and scrolls it into the grid's view.
function markCell(wrap, cell) {
  let marked = null;
  for (const td of wrap.querySelectorAll("td[data-cell]")) {
    const selected = td.dataset.cell === cell;
    td.classList.toggle("is-selected", selected);
    if (selected) td.setAttribute("aria-current", "true");
    else td.removeAttribute("aria-current");
    if (selected) marked = td;
  }
  if (!marked || wrap.contains(document.activeElement)) return;
  const button = marked.querySelector(".grid-button");
  if (button) {
    for (const other of wrap.querySelectorAll(".grid-button")) other.tabIndex = -1;
    button.tabIndex = 0;
  }
  reveal(wrap, marked);
}

// "99.0% and monthly: an exposure over $7,000 and up to $250,000 an hour, with low product
// feature demand. Ops Run It for a foundational system." The level and the deployment target
// are the cell's headers; the demand is the form's choice in the cell's column (the columns
// follow the choices' order); the exposure comes from the organisation's bands in the form.
function describeCell(section, td) {
  const table = td.closest("table");
  const level = td.parentElement.cells[0].textContent.trim();
  const deployment = table.tHead.rows[0].cells[td.cellIndex].textContent.trim();
  const demand = section.querySelector("select[name='demand']");
  const choice = demand?.options[td.cellIndex - 1];
  const demandText = choice ? ", with " + (choice.text + " " + labelOf(section, demand)).toLowerCase() : "";
  const model = td.querySelector(".grid-model").textContent;
  const kind = td.querySelector(".grid-kind").textContent;
  const top = td.parentElement === table.tBodies[0].rows[0];
  return level + " and " + deployment.toLowerCase() + ": " + exposureFor(section, level, top) +
    demandText + ". " + model + " for a " + kind + ".";
}

function labelOf(section, field) {
  return section.querySelector("label[for='" + CSS.escape(field.id) + "']")?.textContent.trim() || "";
}

// The exposures that the organisation's bands (`limit = level`, lowest first) lead to `level`:
// a value takes the lowest band that covers it, and above the top band the top band's level.
// The top row, which no band reaches, is the one a genuine need for extreme reliability gives.
function exposureFor(section, levelText, top) {
  const field = section.querySelector("[name='bands']");
  const bands = field && field.getAttribute("aria-invalid") !== "true" ? readBands(field.value) : null;
  if (!bands) return "an exposure in the " + levelText + " band (the exposure bands cannot be read)";
  const level = parseFloat(levelText);
  const first = bands.findIndex((band) => band.level === level);
  const last = bands.findLastIndex((band) => band.level === level);
  if (first < 0) return top ? extremeText(section) : "no exposure, with these exposure bands";
  const currency = section.querySelector("[name='currency']")?.value.trim() || "";
  const money = (band) => currency + band.limit.toLocaleString("en-US", { maximumFractionDigits: 2 });
  const over = first > 0 ? money(bands[first - 1]) : null;
  if (last === bands.length - 1) return over ? "an exposure over " + over + " an hour" : "any exposure";
  const upTo = money(bands[last]) + " an hour";
  return over ? "an exposure over " + over + " and up to " + upTo : "an exposure of up to " + upTo;
}

function extremeText(section) {
  const field = section.querySelector("select[name='extreme']");
  const yes = field && [...field.options].find((option) => option.value === "yes");
  return yes ? labelOf(section, field) + ": " + yes.text + ", whatever the exposure" : "no exposure";
}

function readBands(text) {
  const bands = [];
  for (const part of text.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean)) {
    const [limit, level] = part.split("=").map((p) => p.trim());
    const band = { limit: Number(limit), level: parseFloat(level) };
    if (!limit || Number.isNaN(band.limit) || Number.isNaN(band.level)) return null;
    bands.push(band);
  }
  return bands.length > 0 ? bands : null;
}
