// The reader's theme pick, applied before the first paint. The only script loaded without
// `defer`: it is a few bytes, fetched alongside the stylesheet that blocks rendering anyway.
// Without a pick the stylesheet follows the system setting and this does nothing.
try {
  var pick = localStorage.getItem("playbook-theme");
  if (pick === "light" || pick === "dark") document.documentElement.setAttribute("data-theme", pick);
} catch (e) {}
