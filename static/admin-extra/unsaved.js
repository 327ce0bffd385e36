// Warn before leaving an editor's form with unsaved changes.
//
// The form's values are compared with those it was shown with; a form shown
// again after a refused save (its changes not stored yet) counts as changed
// from the start. Saving, and the preview (which opens in another tab), are
// no leaving. Browsers show their own wording for the warning.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("#content-main form[method='post'][id$='_form']");
  if (!form) return;
  const values = () =>
    JSON.stringify(
      [...new FormData(form)].map(([name, value]) => [
        name,
        value instanceof File ? `${value.name}:${value.size}` : value,
      ]),
    );
  let shown = null;
  let leaving = false;
  const unsaved = () =>
    !leaving && (document.querySelector(".errornote") !== null || values() !== shown);
  window.addEventListener("load", () => {
    shown = values();
  });
  form.addEventListener("submit", (event) => {
    const target = event.submitter && event.submitter.getAttribute("formtarget");
    if (!target || target === "_self") leaving = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (shown !== null && unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
