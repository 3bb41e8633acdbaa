// Progressive enhancement only: the page works without this file.
// Copy buttons: shown only when the clipboard can be used, with a status announced to
// screen readers (the .copy-status element is an aria-live region).
(() => {
  const status = document.querySelector('.copy-status');
  const say = (text) => {
    if (status) status.textContent = text;
  };
  for (const button of document.querySelectorAll('button.copy[data-copy]')) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        say(status?.dataset.copied ?? '');
      } catch {
        source.select();
        say(status?.dataset.failed ?? '');
      }
    });
  }
  // After a form comes back with errors, take the person to the list of what to fix.
  document.getElementById('error-summary')?.focus();
})();
