/**
 * index.html: the "Chat with us" button opens the widget through the host JS API (DESIGN §3). Calls
 * made before sermo.js has run are queued as `window.SermoChat = [...]` and replayed by the loader.
 * Read through `Reflect` and narrowed, so this page declares no global type of its own.
 */
function openChat(): void {
  const api: unknown = Reflect.get(window, 'SermoChat');
  if (Array.isArray(api)) api.push(['open']);
  else if (typeof api === 'object' && api !== null && 'open' in api && typeof api.open === 'function') api.open();
  else Reflect.set(window, 'SermoChat', [['open']]);
}

document.getElementById('start-chat')?.addEventListener('click', openChat);
