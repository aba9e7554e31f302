/**
 * The iframe entry: config -> chat -> bridge to the loader (script-tag mode only) -> <App>.
 * Everything started here is disposed here, when the page goes away for good.
 *
 * Every widget .tsx file starts with the `@jsxRuntime classic` / `@jsx h` pragmas: `h()` calls take children
 * as arguments and need no preact/jsx-runtime, about 140 B less of the iframe's 20 KB (DESIGN §8).
 */
/** @jsxRuntime classic */
/** @jsx h */
// Tokens and base first, so component styles come after them in the bundle.
import './ui/theme.css';
import { createRef, h, render } from 'preact';
import { localeOf } from '../config/rules.ts';
import type { Format1 } from '../protocol/index.ts';
import { connectHost } from './bridge.ts';
import { createTransport } from './connection/transport.ts';
import { openConversationStorage } from './platform/conversation-storage.ts';
import { createChat } from './state/chat.ts';
import { App } from './ui/App.tsx';
import { ErrorPanel } from './ui/ErrorPanel.tsx';
import { loadStrings } from './ui/i18n.ts';
import { readQuery } from './query.ts';

/** With `protocol=1`, how long after a failed load of wire format 1 it is asked for again. */
const FORMAT1_RETRY_MS = 5_000;

const root = document.getElementById('app')!;
const result = readQuery(location.search, location.hash, {
  languages: navigator.languages,
  isColor: (v) => CSS.supports('color', v),
  // DESIGN §6.2: the brokers this build may connect to (vite.config.ts); null: any.
  brokers: __SERMO_WIDGET_BROKERS__ ?? undefined,
});

if (!result.ok) {
  // DESIGN §7: one clear error naming the key, and no chat (no socket) rather than a broken one. The panel
  // says so in a fixed text, never with the refused value: a crafted link must not put its words here. The
  // error's words come in a chunk of their own (config.ts), as a plain conversation never needs them; should
  // it not load, the error still names the key. The panel shows once the error is out.
  const refused = (error: string) => {
    console.error(error);
    void loadStrings(localeOf(result.locale, navigator.languages)).then((s) => render(<ErrorPanel text={s.refused} />, root));
  };
  // `chunk.describeRefusal`, not a destructured parameter: Vite rewrites a destructured import() into an async
  // wrapper that copies each name out (about 25 B of the first load).
  import('./config.ts').then(
    (chunk) => refused(chunk.describeRefusal(result)),
    () => refused(`Sermo chat: invalid config "${result.key}"`),
  );
} else {
  const { config, startParams, hostOrigin } = result.value;
  const html = document.documentElement;
  // STYLE B.8: validated by CSS.supports and set through the CSSOM, never written into CSS text.
  if (config.accent) html.style.setProperty('--sermo-accent', config.accent);

  // DESIGN §4: where the conversation is kept (the host page's storage takes a round trip to the loader).
  // The panel's words load meanwhile (Swedish in a chunk of its own: i18n.ts), and the chat starts once both
  // are in: the first render is in the customer's language, never English first, and the host hears `ready`
  // only when the panel it may focus is there. With `protocol=1` wire format 1 loads too (a chunk of its own,
  // DESIGN §8): every frame is written in it, from the first, so there is no chat without it, and a load that
  // failed (offline, a server error) is tried again every FORMAT1_RETRY_MS. Otherwise it loads only when a frame
  // in format 1 arrives (transport.ts).
  const loadFormat1 = () => import('../protocol/format1.ts');
  const loadFormat1Retrying = (): Promise<Format1> =>
    loadFormat1().catch(() => new Promise((retry) => setTimeout(retry, FORMAT1_RETRY_MS)).then(loadFormat1Retrying));
  const format1 = config.protocol === 1 ? loadFormat1Retrying() : undefined;
  // Not a top-level await: with one, the bundler must split every module a lazy chunk shares with this entry
  // into chunks of their own (a lazy chunk cannot import an entry still waiting), 9 requests and ~4 KB more.
  void Promise.all([openConversationStorage(window, config.resumeMinutes, hostOrigin), loadStrings(config.locale), format1]).then(([shared, s, format1]) => {
    // English where the Swedish chunk could not load: the page then says so too.
    html.lang = s.locale;
    // widget.html's folder: agent avatars resolve to <widgetBase>avatars/<id>.svg (DESIGN §4).
    const chat = createChat({
      config,
      texts: s.stateTexts,
      startParams,
      widgetBase: new URL('./', location.href).href,
      ...shared,
      format1,
      connect: (conversation) => createTransport(conversation, { url: config.broker, format1, loadFormat1, heartbeatMs: config.heartbeatMs, window }),
    });
    const composer = createRef<HTMLTextAreaElement>();
    // DESIGN §3 preChat: while the form waits there is no composer; its first field takes the focus instead,
    // also when the host opened the panel before the form's chunk was in (then as soon as it shows).
    let formField: HTMLInputElement | null = null;
    let focusForm = false;
    const formRef = (field: HTMLInputElement | null) => {
      formField = field;
      if (field && focusForm && chat.panelOpen.peek()) field.focus();
      focusForm = false;
    };
    const focusComposer = () => {
      const target = composer.current ?? formField;
      focusForm = !target;
      target?.focus();
    };
    const link = hostOrigin ? connectHost(chat, { hostOrigin, focusComposer }) : null;
    // The iframe embed has no launcher: its panel is always open (DESIGN §3).
    if (!link) chat.setPanelOpen(true);
    render(
      <App
        chat={chat}
        strings={s}
        title={config.title ?? s.title}
        onMinimise={link?.minimise}
        composerRef={composer}
        formRef={formRef}
        onDialog={link?.setDialogOpen}
      />,
      root,
    );

    // DESIGN §3 notify sound: in a chunk of its own, loaded only when asked for (DESIGN §8). A chunk that
    // cannot load (offline) leaves the widget silent, nothing worse.
    const chime = config.notify.includes('sound')
      ? import('./chime.ts').then((m) => m.watchChime(chat, { window }), () => undefined)
      : undefined;

    // A page kept in the back/forward cache may come back, so only a final pagehide tears down. Added after
    // createChat's own pagehide listener (client_unload), so that one runs first.
    addEventListener('pagehide', (e) => {
      if (e.persisted) return;
      void chime?.then((stop) => stop?.());
      render(null, root);
      link?.dispose();
      chat.dispose();
      shared.dispose();
    });
  });
}
