// The estate calculator in a page: an editable table of services, recomputed by the models'
// WebAssembly module on every edit. calculators.js loads this module only on pages with an
// estate and hands it the module's `calculate`. The table goes to the module as CSV; what comes
// back (per-service rows, counts, schedules, costs, chart widths) is laid out here, and never
// computed here; the table's columns and their labels are the models', in the table's head.
// The estate is kept in the address, or in local storage when too long for it.

const UNIT = "\x1f";
const RECORD = "\x1e";
// Longer addresses are cut short by some servers, chat tools and mail clients.
const MAX_URL = 4000;
const LOCAL = "@local";

// One CSV cell, guarded and quoted as the models write the results file: a cell a
// spreadsheet would run as a formula starts with an apostrophe, a number stays a number.
function csvCell(text) {
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?(?=\.?\d)\d*\.?\d*$/.test(text)) text = "'" + text;
  return /[,";\t\r\n]|^ | $/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}

// The module's answer: single values, repeated values (rows, schedules) and mistakes.
function read(text) {
  const values = new Map();
  const lists = { row: [], schedule: [] };
  const errors = new Map();
  const cells = [];
  for (const line of text.split("\n")) {
    if (!line) continue;
    const tab = line.indexOf("\t");
    const key = line.slice(0, tab);
    const value = line.slice(tab + 1);
    if (key === "!services") {
      const [at, column, row, cell, empty, field, message] = value.split(UNIT);
      cells.push({ line: Number(at), column: Number(column), row: Number(row), cell: Number(cell),
        empty: empty === "1", field, message });
    } else if (key.startsWith("!")) errors.set(key.slice(1), value);
    else if (key in lists) lists[key].push(value.split(UNIT));
    else values.set(key, value);
  }
  return { values, lists, errors, cells };
}

function element(name, className, text) {
  const el = document.createElement(name);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

function light(name, label) {
  const span = element("span", "light light-" + name);
  const dot = element("span", "light-dot");
  dot.setAttribute("aria-hidden", "true");
  span.append(dot, label);
  return span;
}

export function setUp(section, calculate) {
  const form = section.querySelector("form");
  const body = section.querySelector("[data-estate-rows]");
  const fields = [...form.elements].filter((el) => el.name);
  const errorList = section.querySelector("[data-estate-errors]");
  const pasteText = section.querySelector("[data-estate-paste-text]");
  const pasteErrors = section.querySelector("[data-estate-paste-errors]");
  const notice = section.querySelector("[data-estate-notice]");
  const stale = section.querySelector("[data-stale]");
  const result = section.querySelector(".estate-result");
  const download = section.querySelector("[data-estate-download]");
  const emptyNote = section.querySelector("[data-estate-empty]");
  const heads = [...section.querySelectorAll(".estate-editor-table thead th[data-col]")];
  const columns = heads.map((th) => th.dataset.col);
  const labels = heads.map((th) => th.textContent);
  const storageKey = "playbook-estate:" + location.pathname + "#" + section.id;
  const param = section.id + ".services";
  let downloadUrl = null;

  const tableCsv = () =>
    [columns.join(","), ...[...body.rows].map((tr) =>
      [...tr.querySelectorAll("input")].map((input) => csvCell(input.value.trim())).join(","))].join("\n");
  const initialCsv = tableCsv();

  function ask(services) {
    const lines = fields.map((f) => f.name + "=" + f.value.replace(/[\r\n]+/g, " "));
    lines.push("services=" + services.replace(/\r\n?|\n/g, RECORD));
    return read(calculate("estate", lines.join("\n")));
  }

  function editorRow(cells) {
    const tr = document.createElement("tr");
    columns.forEach((column, i) => {
      const td = document.createElement("td");
      const input = document.createElement("input");
      input.dataset.col = column;
      input.value = cells[i] || "";
      input.autocomplete = "off";
      if (column === "exposure_per_hour") input.inputMode = "decimal";
      if (column === "demand") input.setAttribute("list", section.id + "-demands");
      if (column === "service") input.spellcheck = false;
      td.append(input);
      tr.append(td);
    });
    const td = element("td", "needs-js");
    const remove = element("button", "estate-button estate-remove");
    remove.type = "button";
    remove.dataset.estateRemove = "";
    const cross = element("span", "", "✕");
    cross.setAttribute("aria-hidden", "true");
    remove.append(cross, element("span", "visually-hidden"));
    td.append(remove);
    tr.append(td);
    return tr;
  }

  // Row numbers and names in the labels, so each control says which service it is about.
  function relabel() {
    [...body.rows].forEach((tr, r) => {
      tr.querySelectorAll("input").forEach((input, i) => {
        input.setAttribute("aria-label", labels[i] + ", row " + (r + 1));
      });
      const name = tr.querySelector("input").value.trim();
      tr.querySelector("[data-estate-remove] .visually-hidden").textContent = "Remove " + (name || "row " + (r + 1));
    });
  }

  // Replaces the table with the rows the module read from `services`; `names` are the results
  // file's columns, which follow a row's line.
  function fill(rows, names) {
    const at = columns.map((column) => 1 + names.indexOf(column));
    const fragment = document.createDocumentFragment();
    for (const row of rows) fragment.append(editorRow(at.map((i) => row[i])));
    body.replaceChildren(fragment);
    relabel();
  }

  function listErrors(list, cells, describe) {
    list.replaceChildren(...cells.map((cell) => element("li", "", describe(cell) + cell.message)));
    list.hidden = cells.length === 0;
  }

  function show(answer) {
    for (const field of fields) {
      const message = answer.errors.get(field.name);
      const slot = section.querySelector("#" + CSS.escape(field.id + "-error"));
      if (slot) slot.textContent = message || "";
      if (message) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
      if (message && field.closest("details")) field.closest("details").open = true;
    }
    for (const input of body.querySelectorAll("[aria-invalid]")) {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
    const rows = body.rows;
    for (const cell of answer.cells) {
      const tr = rows[cell.row - 1];
      const input = tr && tr.querySelector('[data-col="' + cell.field + '"]');
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", errorList.id);
      }
    }
    // An empty table is no mistake to the reader: the result says what to do instead.
    const empty = answer.cells.some((cell) => cell.empty);
    listErrors(errorList, empty ? [] : answer.cells, (cell) =>
      cell.row > 0 ? "Row " + cell.row + ": " : "");
    emptyNote.hidden = !empty;
    result.classList.toggle("is-empty", empty);
    const failed = answer.errors.size > 0 || answer.cells.length > 0;
    const mistaken = answer.errors.size > 0 || (answer.cells.length > 0 && !empty);
    result.classList.toggle("is-stale", mistaken);
    stale.textContent = mistaken ? stale.dataset.stale : "";
    if (failed) return false;
    const { values, lists } = answer;
    for (const el of section.querySelectorAll("[data-out]")) {
      const value = values.get(el.dataset.out);
      if (value !== undefined) el.textContent = value;
    }
    for (const el of section.querySelectorAll("[data-out-width]")) {
      el.setAttribute("width", values.get(el.dataset.outWidth) || "0");
    }
    section.querySelector("[data-estate-schedules]").replaceChildren(
      ...lists.schedule.map(([kind, text]) => element("li", "schedule-" + kind, text)));
    // Rows are rebuilt only where their cells changed: one edit touches one row or a few.
    const results = section.querySelector("[data-estate-results]");
    while (results.rows.length > lists.row.length) results.lastElementChild.remove();
    lists.row.forEach((row, i) => {
      const key = row.join(UNIT);
      let tr = results.rows[i];
      if (tr && tr.dataset.key === key) return;
      if (!tr) tr = results.appendChild(document.createElement("tr"));
      tr.dataset.key = key;
      // line, then the results file's 13 cells, then the light's word, exposure, demand, cover.
      const [, service, domain, team, , , , availability, week, deployment, model, , , lightName,
        lightLabel, exposure, demand, cover] = row;
      const th = element("th", "", service);
      th.scope = "row";
      if (domain || team) th.append(element("span", "estate-sub", [domain, team].filter(Boolean).join(" · ")));
      const at = element("td", "", availability);
      at.append(element("span", "estate-sub", week + " a week"));
      const lit = element("td");
      lit.append(light(lightName, lightLabel));
      // The service, then what the reader came for (model and cover), then the figures.
      tr.replaceChildren(th, element("td", "", model), element("td", "estate-cover", cover), lit,
        element("td", "", exposure), element("td", "", demand), at, element("td", "", deployment));
    });
    const csv = [values.get("columns").split(UNIT).join(","),
      ...lists.row.map((row) => row.slice(1, 14).map(csvCell).join(","))].join("\n") + "\n";
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    download.href = downloadUrl;
    return true;
  }

  function say(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  // Keeps the estate and the settings in the address; an estate too long for it goes to local
  // storage, with a notice that the address alone no longer carries it.
  function remember(csv) {
    const url = new URL(location.href);
    for (const field of fields) {
      const key = section.id + "." + field.name;
      if (field.value === field.dataset.initial) url.searchParams.delete(key);
      else url.searchParams.set(key, field.value);
    }
    url.searchParams.delete(param);
    let kept = "";
    if (csv !== initialCsv) {
      url.searchParams.set(param, csv);
      if (url.href.length > MAX_URL) {
        try {
          localStorage.setItem(storageKey, csv);
          url.searchParams.set(param, LOCAL);
          kept = "This estate is too long for the address, so it is kept in this browser's local storage: a link to this page will not carry it. Download the results to share them.";
        } catch {
          url.searchParams.delete(param);
          kept = "This estate is too long for the address and this browser will not store it: download the results to keep them.";
        }
      }
    }
    if (!kept.startsWith("This estate is too long for the address, so")) {
      try { localStorage.removeItem(storageKey); } catch { /* storage may be off */ }
    }
    if (kept || notice.dataset.kept) say(kept);
    notice.dataset.kept = kept ? "true" : "";
    history.replaceState(history.state, "", url);
  }

  // The address and local storage are written once typing pauses: they cost more than the
  // recompute itself, and browsers limit how often a page may replace its address.
  let pending = null;
  let saving = 0;
  function save() {
    if (pending === null) return;
    clearTimeout(saving);
    remember(pending);
    pending = null;
    section.dataset.pending = "";
  }

  function run() {
    const started = performance.now();
    const csv = tableCsv();
    if (show(ask(csv))) {
      pending = csv;
      section.dataset.pending = "true";
      clearTimeout(saving);
      saving = setTimeout(save, 300);
    }
    section.dataset.recomputeMs = (performance.now() - started).toFixed(1);
  }
  addEventListener("pagehide", save);

  // Puts `csv` in the table through the module; false (with its mistakes listed) when it cannot.
  function load(csv, errors) {
    const answer = ask(csv);
    // The cell's number is its column in the spreadsheet the text may come from.
    listErrors(errors, answer.cells, (cell) => "Line " + cell.line + ", column " + cell.cell + ": ");
    if (answer.cells.length > 0 || answer.lists.row.length === 0) return false;
    fill(answer.lists.row, answer.values.get("columns").split(UNIT));
    return true;
  }

  form.addEventListener("input", (event) => {
    if (event.target === pasteText) return;
    const tr = event.target.closest("[data-estate-rows] tr");
    if (tr && event.target.dataset.col === "service") {
      const name = event.target.value.trim();
      tr.querySelector("[data-estate-remove] .visually-hidden").textContent =
        "Remove " + (name || "row " + (tr.sectionRowIndex + 1));
    }
    run();
  });
  form.addEventListener("change", (event) => {
    if (event.target.tagName === "SELECT") run();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.matches("[data-estate-remove]")) {
      const tr = button.closest("tr");
      const next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      relabel();
      run();
      (next ? next.querySelector("[data-estate-remove]") : section.querySelector("[data-estate-add]")).focus();
    } else if (button.matches("[data-estate-add]")) {
      body.append(editorRow([]));
      relabel();
      run();
      body.lastElementChild.querySelector("input").focus();
    } else if (button.matches("[data-estate-paste]")) {
      if (load(pasteText.value, pasteErrors)) {
        pasteText.value = "";
        button.closest("details").open = false;
        run();
        body.querySelector("input").focus();
      } else if (pasteErrors.hidden) {
        listErrors(pasteErrors, [{ line: 1, column: 1, message: "Correct the marked fields first." }], () => "");
      }
    }
  });
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    for (const field of fields) field.value = field.dataset.initial;
    load(initialCsv, pasteErrors);
    run();
  });

  // The estate from the address, else from local storage, else the page's own.
  const params = new URLSearchParams(location.search);
  for (const field of fields) {
    const value = params.get(section.id + "." + field.name);
    if (value !== null) field.value = value;
  }
  let saved = params.get(param);
  let restoreNotice = "";
  if (saved === LOCAL) {
    try { saved = localStorage.getItem(storageKey); } catch { saved = null; }
    if (saved === null) restoreNotice = "The estate in this link was kept in another browser's local storage, so the page's example is shown.";
  }
  if (saved !== null && !load(saved, pasteErrors)) {
    restoreNotice = "The estate in the address could not be read, so the page's example is shown.";
  }
  run();
  if (restoreNotice) say(restoreNotice);
  section.dataset.ready = "true";
}
