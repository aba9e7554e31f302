/**
 * A single-page app that embeds the chat with `import { mount } from 'sermo-webchat'` (DESIGN §3.4): the
 * widget is mounted while the Support page is shown and destroyed when the app routes away from it.
 * Coming back mounts it again, and the conversation that ran goes on.
 */
import { render, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { mount } from 'sermo-webchat';

/** Where the chat lives; by default the broker of `npm start` (http://localhost:8080), which serves the widget too. */
const BROKER = import.meta.env.VITE_SERMO_BROKER ?? 'ws://localhost:8080/ws';
const WIDGET_URL = import.meta.env.VITE_SERMO_WIDGET_URL ?? 'http://localhost:8080/widget.html';

/** The chat while this component is on screen. */
function SupportChat() {
  useEffect(() => {
    const chat = mount({ broker: BROKER, widgetUrl: WIDGET_URL, startParams: ['topic'] });
    return () => chat.destroy();
  }, []);
  return null;
}

function Home() {
  return (
    <main>
      <h1>Welcome</h1>
      <p>Browse our plans. Questions? Our support page has a chat.</p>
    </main>
  );
}

function Support() {
  return (
    <main>
      <h1>Support</h1>
      <p>Ask us anything: the chat button is in the corner.</p>
      <SupportChat />
    </main>
  );
}

const ROUTES: Record<string, () => JSX.Element> = { '/': Home, '/support': Support };

function App() {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (event: MouseEvent, to: string) => {
    event.preventDefault();
    history.pushState(null, '', to);
    setPath(to);
  };
  const Page = ROUTES[path] ?? Home;
  return (
    <>
      <nav aria-label="Main">
        <a href="/" onClick={(e) => go(e, '/')}>
          Home
        </a>{' '}
        <a href="/support" onClick={(e) => go(e, '/support')}>
          Support
        </a>
      </nav>
      <Page />
    </>
  );
}

render(<App />, document.getElementById('app')!);
