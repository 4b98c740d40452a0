// The calculators in a page: loads the models' WebAssembly module once, recomputes a calculator
// on every input, shows the model's message at a field it cannot use, and keeps the inputs in
// the address so a result can be shared and survives a reload. Only pages with calculators load
// this file. It displays what the module returns; it computes nothing itself. A calculator with
// its own layout script (`data-script`, such as the estate's) is handed to that script instead.

const sections = [...document.querySelectorAll("section.calculator[data-glue]")];

if (sections.length > 0) {
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
  const result = section.querySelector(".calculator-result");
  const status = section.querySelector(".calculator-status");
  if (errors.size > 0) {
    result.classList.add("is-stale");
    if (status) status.textContent = "Not updated: correct the marked field to see a new result.";
    return;
  }
  result.classList.remove("is-stale");
  if (status) status.textContent = "";
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
  const cell = values.get("cell");
  for (const td of section.querySelectorAll("[data-cell]")) {
    const selected = td.dataset.cell === cell;
    td.classList.toggle("is-selected", selected);
    if (selected) td.setAttribute("aria-current", "true");
    else td.removeAttribute("aria-current");
  }
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
