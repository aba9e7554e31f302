// Demo site configuration for sermo.js, read when the loader runs. A classic script, loaded before
// sermo.js, so the demo needs no inline script and survives a strict Content-Security-Policy.
// The broker is whatever served this page (npm start serves both), so the URL follows the page's host.
window.SermoChatConfig = {
  broker: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
  // Forwarded to the bot in `start.params` when present in this page's URL, e.g. /?ref=newsletter
  startParams: 'ref,plan',
  title: 'Nordlink support',
};
