/* Progressive enhancement only: every feature works without this file. */
(function () {
  "use strict";

  var COOKIE = "lettergrootte";
  var YEAR = 365 * 24 * 60 * 60;

  function enhanceFontSizeSwitch(form) {
    var status = form.querySelector("[data-font-size-status]");
    var buttons = form.querySelectorAll("button[name='size']");
    // The sizes are the switch's own buttons.
    var SIZES = Array.prototype.map.call(buttons, function (button) {
      return button.value;
    });

    form.addEventListener("click", function (event) {
      var button = event.target.closest("button[name='size']");
      if (!button || SIZES.indexOf(button.value) === -1) {
        return;
      }
      event.preventDefault();
      var size = button.value;
      var root = document.documentElement;
      SIZES.forEach(function (name) {
        root.classList.remove("fs-" + name);
      });
      root.classList.add("fs-" + size);
      buttons.forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      document.cookie =
        COOKIE + "=" + size + "; Max-Age=" + YEAR + "; Path=/; SameSite=Lax" +
        (location.protocol === "https:" ? "; Secure" : "");
      // Empty first, so that choosing the same size twice is still announced.
      status.textContent = "";
      window.setTimeout(function () {
        status.textContent = button.getAttribute("data-announcement");
      }, 50);
      button.focus();
    });
  }

  // A form's error summary: focus moves to it, so that keyboard and screen
  // reader users hear what went wrong first, and a link to a field focuses
  // the field itself, not only scrolls to it.
  function enhanceErrorSummary(summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var field = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!field) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector("label[for='" + field.id + "']");
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // "Was this page helpful?": the comment field opens after "No", and "No"
  // then sends the answer. Without this script the field is always there.
  function enhanceFeedback(form) {
    var comment = form.querySelector("[data-feedback-comment]");
    var no = form.querySelector("[data-feedback-no]");
    var field = comment && comment.querySelector("textarea");
    if (!comment || !no || !field || field.value) {
      return;
    }
    comment.hidden = true;
    no.addEventListener("click", function (event) {
      if (!comment.hidden) {
        return;
      }
      event.preventDefault();
      comment.hidden = false;
      no.textContent = no.getAttribute("data-send-label");
      field.focus();
    });
  }

  // A link to the header's search (beside "Menu" on narrow screens, and on
  // the results page): the form opens by :target as before; the field
  // then takes focus, ready to type in.
  function enhanceSearchLink(link) {
    link.addEventListener("click", function () {
      var field = document.getElementById("site-search-q");
      window.setTimeout(function () {
        if (field) {
          field.focus();
        }
      }, 0);
    });
  }

  // The main menu on a narrow screen: without this script a link shows it
  // (the :target rule in site.css); with it, a button that says whether the
  // menu is open, and Escape closes it again.
  function enhanceMenu(wrap) {
    var link = wrap.querySelector("[data-menu-toggle] a");
    var nav = wrap.querySelector("nav");
    if (!link || !nav) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-toggle__button";
    button.textContent = link.textContent;
    button.setAttribute("aria-expanded", "false");
    nav.id = nav.id || "main-nav";
    button.setAttribute("aria-controls", nav.id);
    link.parentNode.replaceChild(button, link);
    wrap.classList.add("main-nav-wrap--enhanced");

    function toggle(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      wrap.classList.toggle("main-nav-wrap--open", open);
    }
    button.addEventListener("click", function () {
      toggle(button.getAttribute("aria-expanded") !== "true");
    });
    // An address that points at the menu (#menu) still opens it.
    toggle(location.hash === "#" + wrap.id);
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
          button.offsetParent !== null) {
        toggle(false);
        button.focus();
      }
    });
  }

  document.querySelectorAll("[data-main-menu]").forEach(enhanceMenu);
  document.querySelectorAll("[data-font-size-switch]").forEach(enhanceFontSizeSwitch);
  document.querySelectorAll("a[href='#site-search']").forEach(enhanceSearchLink);
  document.querySelectorAll("[data-error-summary]").forEach(enhanceErrorSummary);
  document.querySelectorAll("[data-feedback]").forEach(enhanceFeedback);

  // An editor (marked by a cookie the admin sets, see
  // static/admin-extra/editor-mark.js) gets a link to edit what they read;
  // the page sent is the same for everyone, so it can be cached whole.
  if (/(?:^|;\s*)samenleving_editor=1(?:;|$)/.test(document.cookie)) {
    document.querySelectorAll("[data-edit-link]").forEach(function (link) {
      link.hidden = false;
    });
  }
})();
