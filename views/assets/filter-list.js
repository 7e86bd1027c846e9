// A list of checkboxes filtered as one types (the review finding's contributing studies): inside an
// element marked data-filter-list, items with data-filter-text are hidden unless they hold every
// word typed, ignoring case and accents. Checked items stay checked (and sent) while hidden.
'use strict';

const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

document.addEventListener('input', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-filter-input')) return;
  const list = input.closest('[data-filter-list]');
  if (!list) return;
  const words = fold(input.value).split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const item of list.querySelectorAll('[data-filter-text]')) {
    const text = fold(item.getAttribute('data-filter-text') ?? '');
    const match = words.every((word) => text.includes(word));
    item.hidden = !match;
    if (match) shown++;
  }
  const empty = list.querySelector('[data-filter-empty]');
  if (empty instanceof HTMLElement) empty.hidden = shown > 0;
});

// Enter in the filter ticks the only study left rather than sending the form half-filled.
document.addEventListener('keydown', (event) => {
  const input = event.target;
  if (event.key !== 'Enter' || !(input instanceof HTMLInputElement) || !input.hasAttribute('data-filter-input')) return;
  event.preventDefault();
  const list = input.closest('[data-filter-list]');
  const visible = list ? [...list.querySelectorAll('[data-filter-text]')].filter((item) => !item.hidden) : [];
  const box = visible.length === 1 ? visible[0].querySelector('input[type=checkbox]') : null;
  if (box instanceof HTMLInputElement) box.click();
});
