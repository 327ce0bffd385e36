/* Translated fields in the admin, one tab per language (WAI-ARIA tabs pattern).

   Without this script every language's field is shown one below the other,
   which works too. With it, each translated field gets a tab list; choosing
   a language in one list shows that language in all of them, and a tab whose
   field has an error is marked so that no mistake stays hidden. */
(function () {
  "use strict";

  // The site's languages, with their names, as the admin writes them into
  // the page (read once the page is parsed).
  var NAMES = {};
  var FIELD = /^(.+)_([a-z]{2})$/;
  var tablists = [];

  function collectGroups(form) {
    var groups = [];
    var byName = {};
    form.querySelectorAll(".mt").forEach(function (widget) {
      if (widget.closest(".tabular") || !widget.name) {
        return; // tabular inlines keep one column per language
      }
      var match = FIELD.exec(widget.name);
      var row = widget.closest(".form-row");
      if (!match || !NAMES[match[2]] || !row) {
        return;
      }
      var group = byName[match[1]];
      if (!group) {
        group = byName[match[1]] = { name: match[1], panels: [] };
        groups.push(group);
      }
      group.panels.push({ language: match[2], row: row, widget: widget });
    });
    return groups.filter(function (group) {
      return group.panels.length > 1;
    });
  }

  function select(language, focus) {
    tablists.forEach(function (list) {
      list.tabs.forEach(function (tab, index) {
        var selected = tab.getAttribute("data-language") === language;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        tab.tabIndex = selected ? 0 : -1;
        list.panels[index].row.hidden = !selected;
        if (selected && focus === tab) {
          tab.focus();
        }
      });
    });
  }

  function build(group) {
    var first = group.panels[0].row;
    var list = document.createElement("div");
    list.className = "translation-tabs";
    list.setAttribute("role", "tablist");
    var label = first.querySelector("label");
    list.setAttribute(
      "aria-label",
      label ? label.textContent.replace(/\s*\[[a-z]{2}\]\s*:?\s*$/, "").trim() : group.name
    );
    var entry = { tabs: [], panels: group.panels };
    group.panels.forEach(function (panel) {
      var tab = document.createElement("button");
      var rowId = panel.row.id || (panel.row.id = "translation-" + panel.widget.name);
      tab.type = "button";
      tab.id = rowId + "-tab";
      tab.className = "translation-tabs__tab";
      tab.setAttribute("role", "tab");
      tab.setAttribute("lang", panel.language);
      tab.setAttribute("data-language", panel.language);
      tab.setAttribute("aria-controls", rowId);
      tab.textContent = NAMES[panel.language];
      if (panel.row.querySelector(".errorlist")) {
        tab.classList.add("translation-tabs__tab--error");
        tab.insertAdjacentText("afterbegin", "⚠ ");
      }
      panel.row.setAttribute("role", "tabpanel");
      panel.row.setAttribute("aria-labelledby", tab.id);
      tab.addEventListener("click", function () {
        select(panel.language, tab);
      });
      tab.addEventListener("keydown", function (event) {
        var index = entry.tabs.indexOf(tab);
        var next = null;
        if (event.key === "ArrowRight") {
          next = entry.tabs[(index + 1) % entry.tabs.length];
        } else if (event.key === "ArrowLeft") {
          next = entry.tabs[(index - 1 + entry.tabs.length) % entry.tabs.length];
        } else if (event.key === "Home") {
          next = entry.tabs[0];
        } else if (event.key === "End") {
          next = entry.tabs[entry.tabs.length - 1];
        }
        if (next) {
          event.preventDefault();
          select(next.getAttribute("data-language"), next);
        }
      });
      entry.tabs.push(tab);
      list.appendChild(tab);
    });
    first.parentNode.insertBefore(list, first);
    tablists.push(entry);
  }

  function start() {
    var form = document.querySelector("#content-main form");
    var data = document.getElementById("translation-languages");
    if (!form || !data) {
      return;
    }
    var languages = JSON.parse(data.textContent);
    languages.languages.forEach(function (language) {
      NAMES[language.code] = language.name;
    });
    collectGroups(form).forEach(build);
    if (!tablists.length) {
      return;
    }
    // Open on the first language with an error, else on the default one.
    var withError = document.querySelector(".translation-tabs__tab--error");
    select(withError ? withError.getAttribute("data-language") : languages.default, null);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
