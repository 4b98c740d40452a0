// The reader's theme pick, applied before the first paint. Loaded `async`, so it never holds up
// rendering: it is a few hundred bytes fetched alongside the stylesheet, which the first paint
// waits for anyway, so it runs first in practice. Without a pick the stylesheet follows the
// system setting and this does nothing.
try {
  var pick = localStorage.getItem("playbook-theme");
  if (pick === "light" || pick === "dark") document.documentElement.setAttribute("data-theme", pick);
} catch (e) {}
