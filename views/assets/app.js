// Coreview's few browser behaviours. No inline scripts anywhere (the CSP forbids them).

// Forms that do something hard to undo ask first: <form data-confirm="Disable Ada?">.
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
