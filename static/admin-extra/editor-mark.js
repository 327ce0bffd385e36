// Tells the public pages that this browser belongs to an editor, so that
// they show "Bewerk deze pagina": a cookie holding only "1", set while
// signed in to the admin and removed on the login and logged-out pages. It
// grants nothing (the admin still asks to sign in); public pages stay the
// same for everyone and only their script reads it.
(() => {
  const script = document.currentScript;
  const editor = script !== null && script.dataset.editor === "1";
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  document.cookie = editor
    ? `samenleving_editor=1; Path=/; Max-Age=1209600; SameSite=Lax${secure}`
    : `samenleving_editor=; Path=/; Max-Age=0; SameSite=Lax${secure}`;
})();
