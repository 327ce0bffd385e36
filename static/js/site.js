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

  document.querySelectorAll("[data-font-size-switch]").forEach(enhanceFontSizeSwitch);
})();
