/**
 * embed.html: point the inline chat iframe at this host's broker. The iframe's own query string is the
 * whole configuration (DESIGN §3); `queue` is not a configuration key, so it reaches `start.params`.
 */
const frame = document.getElementById('chat-frame');
if (frame instanceof HTMLIFrameElement) {
  const broker = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const params = new URLSearchParams({ broker, queue: 'billing' });
  frame.src = `./widget.html?${params}`;
}
