// playbook's page behaviour: the phone menu. Everything here enhances a page that already works
// without JavaScript.

const menuButton = document.querySelector(".menu-button");
const sidebar = document.getElementById("sidebar");

if (menuButton && sidebar) {
  const setOpen = (open) => {
    document.body.classList.toggle("nav-open", open);
    menuButton.setAttribute("aria-expanded", String(open));
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
  // Keep the current page in view in a long sidebar.
  const current = sidebar.querySelector("[aria-current=page]");
  if (current && sidebar.scrollHeight > sidebar.clientHeight) {
    const top = current.offsetTop - sidebar.clientHeight / 3;
    if (top > 0) sidebar.scrollTop = top;
  }
}
