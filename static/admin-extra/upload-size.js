// A file larger than the site accepts is refused as soon as it is chosen,
// with the reason next to the field; sent anyway, the whole request would
// be refused and the form's other input lost.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.maxBytes) return;
  const file = input.files && input.files[0];
  let note = document.getElementById(`${input.id}-too-large`);
  if (file && file.size > Number(input.dataset.maxBytes)) {
    if (!note) {
      note = document.createElement("p");
      note.id = `${input.id}-too-large`;
      note.className = "errornote";
      note.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", note);
    }
    note.textContent = input.dataset.tooLarge;
    described(input, (ids) => [...ids, note.id]);
    input.value = "";
  } else if (note) {
    described(input, (ids) => ids.filter((id) => id !== note.id));
    note.remove();
  }
});

function described(input, change) {
  const ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  const unique = [...new Set(change(ids))];
  if (unique.length) input.setAttribute("aria-describedby", unique.join(" "));
  else input.removeAttribute("aria-describedby");
}
