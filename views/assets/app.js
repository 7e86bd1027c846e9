// Coreview's few browser behaviours. No inline scripts anywhere (the CSP forbids them).

// Forms that do something hard to undo ask first: <form data-confirm="Disable Ada?">.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// Drag and drop onto an upload field: the dropped files become the input's files.
document.addEventListener('dragover', (event) => {
  const zone = event.target instanceof Element && event.target.closest('[data-dropzone]');
  if (!zone) return;
  event.preventDefault();
  zone.classList.add('dragging');
});
document.addEventListener('dragleave', (event) => {
  const zone = event.target instanceof Element && event.target.closest('[data-dropzone]');
  if (zone) zone.classList.remove('dragging');
});
document.addEventListener('drop', (event) => {
  const zone = event.target instanceof Element && event.target.closest('[data-dropzone]');
  const input = zone && zone.querySelector('input[type=file]');
  if (!input || !event.dataTransfer) return;
  event.preventDefault();
  zone.classList.remove('dragging');
  input.files = event.dataTransfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
});

// Single-key shortcuts: a key presses the visible control marked data-shortcut="key" (the
// duplicates queue: S, D, V; screening: I, M, E, 1–9, N, U; both: J/K, ?). Arrows stand for J/K. Never while typing or with modifiers.
const KEY_ALIASES = { ArrowRight: 'j', ArrowLeft: 'k' };
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || event.repeat) return;
  const target = event.target;
  if (target instanceof Element && target.closest('input, textarea, select, [contenteditable]')) return;
  // While an answer is on its way or being swapped in, a key would act on a pair no longer shown.
  if (document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')) return;
  const key = KEY_ALIASES[event.key] ?? event.key.toLowerCase();
  const control = document.querySelector(`[data-shortcut="${CSS.escape(key)}"]`);
  if (!(control instanceof HTMLElement)) return;
  event.preventDefault();
  control.click();
});

// Esc leaves a note or label field, so the single-key shortcuts work again.
document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (event.key === 'Escape' && target instanceof HTMLElement && target.hasAttribute('data-escape-blur')) target.blur();
});

// Leaving the screening page lets go of the record on screen at once, so another reviewer can be
// offered it without waiting for its lease to run out (src/screening/screening-lease.ts). A beacon
// still goes out while the page unloads; the CSRF token travels in the body like a form's.
window.addEventListener('pagehide', () => {
  const screen = document.querySelector('#screen [data-release]');
  const token = document.querySelector('#screen input[name="_csrf"]');
  if (!(screen instanceof HTMLElement) || !(token instanceof HTMLInputElement)) return;
  navigator.sendBeacon(screen.dataset.release, new URLSearchParams({ record: screen.dataset.record, _csrf: token.value }));
});
// A screening page brought back from the back-forward cache shows a record it let go of: ask again.
window.addEventListener('pageshow', (event) => {
  if (event.persisted && document.querySelector('#screen [data-release]')) window.location.reload();
});

// The screening card. A record just put on screen takes no decision (nor "Not retrieved", which
// moves on too) until it has been there data-read-after ms: a second click or key press meant for
// the record before (a double click, a key pressed twice) would otherwise decide one nobody read.
// The server refuses such decisions too (src/screening/read-first.ts); data-ready marks the card
// once it accepts them.
const arrived = new WeakSet();
function cardArrived() {
  const card = document.querySelector('#screen [data-record]');
  if (!(card instanceof HTMLElement) || arrived.has(card)) return;
  arrived.add(card);
  setTimeout(() => card.setAttribute('data-ready', ''), Number(card.dataset.readAfter) || 0);
  restoreDrafts(card);
}
// A panel the reviewer opened or closed (the criteria, the relevance estimate) stays so on the next cards and pages.
const restored = new WeakSet();
function restorePanels() {
  for (const details of document.querySelectorAll('#screen details[data-remember]')) {
    if (restored.has(details)) continue;
    restored.add(details);
    const closed = localStorage.getItem(`coreview:closed:${details.dataset.remember}`);
    if (closed !== null) details.open = closed === '0';
  }
}
if (document.getElementById('screen')) {
  // Runs before the swapped-in region is painted, so a remembered panel never flashes open or shut.
  new MutationObserver(() => { restorePanels(); cardArrived(); }).observe(document.getElementById('main') ?? document.body, { childList: true, subtree: true });
  restorePanels();
  cardArrived();
}
document.addEventListener('click', (event) => {
  const button = event.target instanceof Element && event.target.closest('.decision-form button[type="submit"], .full-text-retrieval button[type="submit"]');
  const card = button && button.closest('[data-record]');
  if (card && !card.hasAttribute('data-ready')) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

document.addEventListener('toggle', (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.dataset.remember) return;
  localStorage.setItem(`coreview:closed:${details.dataset.remember}`, details.open ? '0' : '1');
}, true);

// A note or labels typed on a card and not yet sent with a decision are kept per record in this
// tab (sessionStorage: gone with the tab, never sent anywhere), so a skip, ← or a reload brings
// them back with the record. A draft equal to what the server shows has been saved: dropped.
function draftKey(field) {
  return `coreview:draft:${field.form.action}:${field.name}`;
}
document.addEventListener('input', (event) => {
  const field = event.target;
  if (!(field instanceof HTMLTextAreaElement || field instanceof HTMLInputElement) || !field.hasAttribute('data-draft')) return;
  if (field.value === field.defaultValue) sessionStorage.removeItem(draftKey(field));
  else sessionStorage.setItem(draftKey(field), field.value);
});
function restoreDrafts(card) {
  for (const field of card.querySelectorAll('[data-draft]')) {
    const draft = sessionStorage.getItem(draftKey(field));
    if (draft === null) continue;
    if (draft === field.defaultValue) sessionStorage.removeItem(draftKey(field));
    else field.value = draft;
  }
}
// Drafts outlive a skip or a reload, not the tab: leaving the page with one on the card asks first.
// (The fields opt out of unsaved-changes.js, whose asking would stop a skip that loses nothing.)
window.addEventListener('beforeunload', (event) => {
  const fields = document.querySelectorAll('#screen [data-draft]');
  if (![...fields].some((field) => field.value !== field.defaultValue)) return;
  event.preventDefault();
  event.returnValue = '';
});
// Signing out leaves no drafts behind for the next person at this browser.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || new URL(form.action).pathname !== '/logout') return;
  for (const key of Object.keys(sessionStorage)) if (key.startsWith('coreview:draft:')) sessionStorage.removeItem(key);
});

// A click into the inline PDF gives it the keyboard: say so, since I, M, E then reach the PDF viewer.
// Focus reaches the frame a moment after the window's blur (later while the viewer is still loading).
const showFrameHint = () => {
  const hint = document.querySelector('#screen [data-frame-hint]');
  if (hint instanceof HTMLElement) hint.hidden = !(document.activeElement instanceof HTMLIFrameElement);
};
window.addEventListener('blur', () => {
  setTimeout(showFrameHint);
  setTimeout(showFrameHint, 200);
});
window.addEventListener('focus', () => {
  const hint = document.querySelector('#screen [data-frame-hint]');
  if (hint instanceof HTMLElement) hint.hidden = true;
});
