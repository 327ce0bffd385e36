// The preview of an unsaved form opens in a tab of its own: "Back to the
// form" closes that tab (also after a change of language or text size in
// it), so the form with the editor's input is in front again. Opened any
// other way, or where the browser keeps the tab open, the link simply leads
// to the form.
const KEY = "preview-tab";
if (window.history.length === 1) sessionStorage.setItem(KEY, "1");
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-preview-back]");
  if (!link || sessionStorage.getItem(KEY) !== "1") return;
  window.close();
  if (window.closed) event.preventDefault();
});
