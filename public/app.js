// Progressive enhancement only: the page works without this file. No framework, no
// third-party code; everything talks only to our own origin (the CSP allows nothing else).
(() => {
  const status = document.querySelector('.copy-status');
  const say = (text) => {
    if (status) status.textContent = text;
  };

  // Copy buttons (result page): shown only when the clipboard can be used; the outcome is
  // announced through the .copy-status live region.
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

  const lang = document.documentElement.lang;
  // Links that keep answers travel in the #fragment, which browsers never send to a
  // server, so nothing is stored anywhere but in the link the person keeps.
  const encode = (text) => {
    const bytes = new TextEncoder().encode(text);
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  };
  const decode = (text) => {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  };
  const keepLink = (data) =>
    `${location.origin}/?lang=${encodeURIComponent(lang)}#keep=${encode(JSON.stringify(data))}`;
  /** Shows a kept link in a `.later` block, selected, and copies it where the browser lets us. */
  const offerLink = (later, url) => {
    const link = later.querySelector('.later-link');
    link.value = url;
    later.querySelector('.later-result').hidden = false;
    link.focus();
    link.select();
    navigator.clipboard?.writeText(url).then(
      () => say(later.dataset.copied ?? ''),
      () => {},
    );
  };

  // Result page: a link for the next letter, holding this letter's answers plus its date and
  // reference, so that the reminder (or the complaint) comes back filled in.
  const resultForm = document.querySelector('form.result-actions');
  const next = document.getElementById('later-next');
  if (resultForm && next) {
    next.hidden = false;
    next.querySelector('button').addEventListener('click', () => {
      const data = {};
      for (const input of resultForm.querySelectorAll('input[type="hidden"]')) {
        if (input.name === 'ui' || input.name === 'format') continue;
        if (input.name === 'services' || input.name === 'grounds')
          data[input.name] = [...(data[input.name] ?? []), input.value];
        else data[input.name] = input.value;
      }
      offerLink(next, keepLink({ ...data, ...JSON.parse(next.dataset.next) }));
    });
  }

  const form = document.getElementById('letter-form');
  if (!form) return;

  /** The form's answers as the API takes them (checkbox groups as lists). */
  const answers = () => {
    const data = {};
    for (const [key, value] of new FormData(form)) {
      if (key === 'ui' || key === 'format') continue;
      if (key === 'services' || key === 'grounds') data[key] = [...(data[key] ?? []), value];
      else data[key] = value;
    }
    return data;
  };

  // Fields that do not apply are hidden: each account only when its service is ticked,
  // the date of an earlier objection only when there was one, what a reminder or a
  // complaint asks only for those kinds, the answer's details only when there was one.
  const showRelevant = () => {
    for (const service of ['facebook', 'instagram', 'messenger', 'threads', 'whatsapp']) {
      const ticked = document.getElementById(`services-${service}`)?.checked;
      const field = document.getElementById(`field-${service}`);
      if (field) field.hidden = !ticked;
    }
    const objected = document.getElementById('objectedBefore')?.checked;
    const date = document.getElementById('objected-on');
    if (date) date.hidden = !objected;
    const kind = form.querySelector('input[name="kind"]:checked')?.value ?? 'combined';
    for (const element of form.querySelectorAll('[data-for-kinds]')) {
      element.hidden = !element.dataset.forKinds.split(' ').includes(kind);
    }
    const answered = document.getElementById('answer-insufficient')?.checked;
    const details = document.getElementById('answer-details');
    if (details) details.hidden = !answered;
  };
  form.addEventListener('change', showRelevant);

  // Keep for later: the form's answers in a link (see keepLink above).
  const restore = () => {
    if (!location.hash.startsWith('#keep=')) return;
    let data;
    try {
      data = JSON.parse(decode(location.hash.slice('#keep='.length)));
    } catch {
      return;
    }
    if (!data || typeof data !== 'object') return;
    for (const element of form.elements) {
      if (!element.name || !(element.name in data) || element.type === 'hidden') continue;
      const value = data[element.name];
      if (element.type === 'checkbox' || element.type === 'radio') {
        element.checked = Array.isArray(value)
          ? value.includes(element.value)
          : value === element.value;
      } else if (typeof value === 'string') {
        element.value = value;
      }
    }
  };
  const later = document.getElementById('later');
  const laterButton = document.getElementById('later-button');
  const laterLink = document.getElementById('later-link');
  if (later && laterButton && laterLink) {
    later.hidden = false;
    laterButton.addEventListener('click', () => offerLink(later, keepLink(answers())));
  }

  // Live preview: the letter's plain text, from the same code that makes the PDF.
  const preview = document.getElementById('preview');
  const previewText = document.getElementById('preview-text');
  let timer;
  let latest = 0;
  const update = async () => {
    const ticket = ++latest;
    try {
      const response = await fetch('/api/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': lang },
        body: JSON.stringify(answers()),
      });
      if (ticket !== latest) return;
      previewText.textContent = response.ok ? await response.text() : preview.dataset.incomplete;
    } catch {
      if (ticket === latest) previewText.textContent = preview.dataset.offline;
    }
  };
  if (preview && previewText) {
    preview.hidden = false;
    form.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 400);
    });
    form.addEventListener('change', () => {
      clearTimeout(timer);
      timer = setTimeout(update, 100);
    });
  }

  restore();
  showRelevant();
  if (preview) update();
  if (status === null) {
    // The form page has no copy-status region of its own: give the keep-for-later
    // confirmation one.
    const region = document.createElement('p');
    region.className = 'copy-status visually-hidden';
    region.setAttribute('role', 'status');
    form.append(region);
  }
})();
