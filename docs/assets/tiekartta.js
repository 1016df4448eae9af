// Keyboard use of the theme (WCAG 2.1.1, 2.4.1, 2.4.3, 4.1.2). Material opens its menu and search
// with hidden checkboxes and <label>s, which the keyboard cannot reach; the header's buttons
// (overrides/partials/header.html) drive those checkboxes instead and tell their state.
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");

  // The first control in an area that can take focus now (the covered levels of the menu cannot).
  function firstFocusableIn(area) {
    if (!area) return null;
    var candidates = area.querySelectorAll("a[href], button, input, [tabindex='0']");
    for (var i = 0; i < candidates.length; i++) {
      var style = window.getComputedStyle(candidates[i]);
      if (style.visibility === "visible" && style.display !== "none" && candidates[i].getClientRects().length) {
        return candidates[i];
      }
    }
    return null;
  }

  function drawerOpen() {
    return drawer && drawer.checked;
  }

  document.querySelectorAll("button[data-tk-toggle]").forEach(function (button) {
    var toggle = document.getElementById(button.getAttribute("data-tk-toggle"));
    if (!toggle) return;
    function sync() {
      button.setAttribute("aria-expanded", String(toggle.checked));
    }
    button.addEventListener("click", function () {
      toggle.click();
      // Move focus into what was opened, so that the next Tab continues there.
      if (toggle === drawer && drawerOpen()) {
        var first = firstFocusableIn(document.querySelector(".md-sidebar--primary"));
        if (first) first.focus();
      } else if (toggle !== drawer && toggle.checked) {
        var input = document.querySelector(".md-search__input");
        if (input) input.focus();
      }
    });
    var area = document.querySelector(toggle === drawer ? ".md-sidebar--primary" : ".md-search");
    toggle.addEventListener("change", function () {
      sync();
      if (toggle.checked) return;
      // Closing returns focus to the button that opened it, unless focus already moved on
      // (the theme would leave it on <body> or inside what was closed).
      window.setTimeout(function () {
        var active = document.activeElement;
        var lost = !active || active === document.body || (area && area.contains(active));
        if (lost && button.getClientRects().length) button.focus();
      }, 0);
    });
    sync();
  });

  // Escape closes the menu; leaving it with Tab closes it too, so focus never goes behind it.
  var sidebar = document.querySelector(".md-sidebar--primary");
  var menuButton = document.querySelector("button[data-tk-toggle='__drawer']");
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawerOpen()) {
      drawer.click();
      if (menuButton) menuButton.focus();
    }
  });
  if (sidebar) {
    sidebar.addEventListener("focusout", function (event) {
      if (drawerOpen() && event.relatedTarget && !sidebar.contains(event.relatedTarget)) {
        // After focus has landed, so that closing does not pull it back to the menu button.
        window.setTimeout(function () {
          if (drawerOpen() && !sidebar.contains(document.activeElement)) drawer.click();
        }, 0);
      }
    });
  }

  // The menu's own levels: the theme's labels that open a level ("next" arrow, a section, the
  // page's contents) or go back up ("back" arrow) become buttons with a name and a state.
  // Sections are plain headings on wide screens, so they are buttons only where the menu is a drawer.
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var levelLabels = [];
  document.querySelectorAll(".md-nav--primary label[for]").forEach(function (label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || toggle === drawer) return;
    var back = label.classList.contains("md-nav__title");
    var section = !back && label.getAttribute("tabindex") === "";
    var title = back ? label.textContent.trim() : (label.closest(".md-nav__item") || label).querySelector(".md-ellipsis");
    title = typeof title === "string" ? title : (title ? title.textContent.trim() : label.textContent.trim());
    if (back) {
      label.setAttribute("aria-label", "Takaisin: " + title);
    } else if (label.htmlFor === "__toc") {
      label.setAttribute("aria-label", "Sivun sisällys: " + title);
    } else if (!label.textContent.trim()) {
      label.setAttribute("aria-label", "Alasivut: " + title);
    }
    levelLabels.push({ label: label, toggle: toggle, back: back, section: section });
  });
  function syncLevels() {
    levelLabels.forEach(function (item) {
      if (item.section && !narrow.matches) {
        ["role", "tabindex", "aria-expanded"].forEach(function (name) { item.label.removeAttribute(name); });
        return;
      }
      item.label.setAttribute("role", "button");
      item.label.setAttribute("tabindex", "0");
      if (!item.back) item.label.setAttribute("aria-expanded", String(item.toggle.checked));
    });
  }
  levelLabels.forEach(function (item) {
    item.toggle.addEventListener("change", syncLevels);
    item.label.addEventListener("keydown", function (event) {
      if (event.key !== " " && event.key !== "Enter") return;
      event.preventDefault();
      event.stopPropagation();  // the theme's own Enter handler would click a second time
      item.label.click();
      // Continue in the level that was opened, or on the label that opens the level just left.
      window.setTimeout(function () {
        var nav = item.back ? null : item.toggle.parentElement.querySelector(":scope > .md-nav");
        if (nav && item.toggle.checked) {
          var first = firstFocusableIn(nav);
          if (first) first.focus();
        } else if (item.back) {
          var opener = levelLabels.filter(function (other) {
            return !other.back && other.toggle === item.toggle;
          })[0];
          if (opener) opener.label.focus();
        }
      }, 300);
    });
  });
  narrow.addEventListener("change", syncLevels);
  syncLevels();

  // The skip link moves focus to the content itself, not only the scroll position.
  var skip = document.querySelector(".md-skip");
  if (skip) {
    skip.addEventListener("click", function () {
      var target = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
      if (!target) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    });
  }

  // A table wider than the screen scrolls in its own box (assets/tiekartta.css): the box is a
  // focus stop, named after the table, so that the keyboard can scroll it too.
  function markScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent : "Taulukko");
      } else if (!scrolls && box.getAttribute("role") === "region") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
      }
    });
  }
  // The theme's script (deferred) wraps the tables in their boxes, and a table's width settles as
  // its fonts load: look when the page is ready, and again whenever a table changes size.
  function watchTables() {
    markScrollingTables();
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(markScrollingTables);
      document.querySelectorAll(".md-typeset table").forEach(function (table) { observer.observe(table); });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchTables);
  else watchTables();
  window.addEventListener("load", markScrollingTables);
  window.addEventListener("resize", markScrollingTables);
})();
