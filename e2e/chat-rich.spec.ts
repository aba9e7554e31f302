/**
 * Rich messages (DESIGN §4 `format: "markdown"`, §4.4 attachments, the "NAME joined the chat" line) from the
 * real broker to the built widget, in both wire formats: what a person and a screen reader get (DESIGN §5),
 * and that nothing from the wire runs or loads what the message did not name.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { DEFAULT_AGENT } from './support/chat-agent.ts';
import { MEDIA, serveMedia } from './support/chat-media.ts';
import { speaker, type Format, type Speaker } from './support/chat-wire.ts';
import { collectErrors } from './support/page-errors.ts';

/** One of each type of DESIGN §4.4. */
const EACH_TYPE = [
  { type: 'file', url: `${MEDIA}/invoice.pdf`, name: 'invoice.pdf', mimeType: 'application/pdf', size: 48_128 },
  { type: 'image', url: `${MEDIA}/router.png`, alt: 'The router' },
  { type: 'video', url: `${MEDIA}/reset.wav`, mimeType: 'audio/wav' },
  { type: 'audio', url: `${MEDIA}/hello.wav`, mimeType: 'audio/wav' },
  { type: 'link', url: 'https://help.sermo.test/router', title: 'Restart your router', description: 'Three steps, two minutes.', imageUrl: `${MEDIA}/card.png` },
  { type: 'location', latitude: 59.3326, longitude: 18.0649, name: 'Nordlink store', address: 'Sergels torg 12, Stockholm' },
  { type: 'contact', name: 'Maja Lind', phone: '+46 8 123 45 67', email: 'maja@nordlink.test' },
];

/** Markup, script addresses and other schemes in every field the cards and markdown show. */
const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const HOSTILE = [
  { type: 'file', url: 'javascript:window.__xss=3', name: 'evil.pdf' },
  { type: 'file', url: `${MEDIA}/f.pdf`, name: XSS },
  { type: 'image', url: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3hzcz00Ij48L3N2Zz4=' },
  { type: 'image', url: `${MEDIA}/a.png`, alt: XSS },
  { type: 'video', url: 'javascript:window.__xss=5' },
  { type: 'link', url: 'https://help.sermo.test/x', title: XSS, description: XSS, imageUrl: 'javascript:window.__xss=6' },
  { type: 'link', url: 'data:text/html,<script>window.__xss=7</script>', title: 'data link' },
  { type: 'location', latitude: 1, longitude: 2, name: XSS, address: XSS },
  { type: 'contact', name: XSS, phone: 'javascript:window.__xss=8', email: 'a@b.test?body=x' },
  { type: 'carousel', items: [XSS] },
];

for (const format of [2, 1] as const satisfies readonly Format[]) {
  test.describe(`format ${format}`, () => {
    let wire: Speaker;
    let userId: string;

    test.beforeEach(async ({ widget, agent }) => {
      wire = speaker(format, agent, widget);
      if (format === 1) await widget.tapSocket();
    });

    test('each attachment type shows under its text, found by role and name', async ({ widget }) => {
      const errors = collectErrors(widget.page);
      const requested = await serveMedia(widget.page);
      await widget.open();
      userId = await widget.userId();
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Everything you asked for:', agent: DEFAULT_AGENT, attachments: EACH_TYPE });
      const log = widget.log;
      await expect(widget.message('Everything you asked for:')).toBeVisible();

      const file = log.getByRole('link', { name: 'invoice.pdf, 47 KB', exact: true });
      await expect(file).toHaveAttribute('href', `${MEDIA}/invoice.pdf`);
      await expect(file).toHaveAttribute('target', '_blank');
      await expect(file).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(log.getByRole('img', { name: 'The router', exact: true })).toHaveAttribute('src', `${MEDIA}/router.png`);
      for (const [tag, name] of [
        ['video', 'Video'],
        ['audio', 'Audio'],
      ] as const) {
        const player = log.locator(`${tag}[aria-label="${name}"]`);
        await expect(player).toHaveAttribute('controls', '');
        await expect(player).toHaveAttribute('preload', 'metadata');
        await expect(player).not.toHaveAttribute('autoplay', /.*/);
        expect(await player.evaluate((media: HTMLMediaElement) => media.paused)).toBe(true);
      }
      const card = log.getByRole('link', { name: /^Restart your router/ });
      await expect(card).toHaveAttribute('href', 'https://help.sermo.test/router');
      await expect(card).toContainText('Three steps, two minutes.');
      const map = log.getByRole('link', { name: 'Open map', exact: true });
      await expect(map).toHaveAttribute('href', 'https://www.openstreetmap.org/?mlat=59.3326&mlon=18.0649');
      await expect(log).toContainText('Sergels torg 12, Stockholm');
      await expect(log.getByRole('link', { name: '+46 8 123 45 67', exact: true })).toHaveAttribute('href', 'tel:+4681234567');
      await expect(log.getByRole('link', { name: 'maja@nordlink.test', exact: true })).toHaveAttribute('href', 'mailto:maja@nordlink.test');

      // Each card that can be acted on is a link, so reachable with Tab: file, link card, map, phone, email.
      await expect(log.getByRole('link')).toHaveCount(5);
      // Nothing loads but what the message names: the images, the players' metadata. No map, no linked page.
      expect(new Set(requested.map((url) => new URL(url).pathname))).toEqual(new Set(['/router.png', '/card.png', '/reset.wav', '/hello.wav']));
      expect(errors).toEqual([]);
    });

    test('markdown shows its subset formatted; a plain text with the same marks stays literal', async ({ widget }) => {
      await widget.open();
      userId = await widget.userId();
      const text = 'Your invoice is **399 kr**, due *Friday*. Use `OCR 1234`:\n\n- [My pages](https://nordlink.test/my)\n- [Mail us](mailto:help@nordlink.test)';
      wire.send({ type: 'text', direction: 'outbound', userId, text, agent: DEFAULT_AGENT, format: 'markdown' });
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'Plain **stars** stay', agent: DEFAULT_AGENT });
      const log = widget.log;
      await expect(log.locator('strong')).toHaveText('399 kr');
      await expect(log.locator('em')).toHaveText('Friday');
      await expect(log.locator('code')).toHaveText('OCR 1234');
      await expect(log.getByRole('listitem')).toHaveCount(2);
      const myPages = log.getByRole('link', { name: 'My pages', exact: true });
      await expect(myPages).toHaveAttribute('href', 'https://nordlink.test/my');
      await expect(myPages).toHaveAttribute('rel', 'noopener noreferrer');
      await expect(log.getByRole('link', { name: 'Mail us', exact: true })).toHaveAttribute('href', 'mailto:help@nordlink.test');
      await expect(widget.message('Plain **stars** stay')).toBeVisible();
    });

    test('XSS attempts in markdown and every attachment field render as text; nothing runs', async ({ widget }) => {
      const errors = collectErrors(widget.page);
      const dialogs: string[] = [];
      widget.page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      const requested = await serveMedia(widget.page);
      await widget.open();
      userId = await widget.userId();
      const markdown = `**${XSS}** [click](javascript:alert(1)) [data](data:text/html,x) ![img](javascript:alert(2))`;
      wire.send({ type: 'text', direction: 'outbound', userId, text: markdown, agent: DEFAULT_AGENT, format: 'markdown', attachments: HOSTILE });
      wire.send({ type: 'text', direction: 'outbound', userId, text: 'After the attack', agent: DEFAULT_AGENT });
      const log = widget.log;
      await expect(widget.message('After the attack')).toBeVisible();
      // The cards that could be shown are, with the markup as their text.
      await expect(log.getByRole('link', { name: XSS, exact: true })).toHaveAttribute('href', `${MEDIA}/f.pdf`);
      await expect(log.getByRole('img', { name: XSS, exact: true })).toBeVisible();
      await expect(log.getByRole('link', { name: 'Open map', exact: true })).toBeVisible();
      await expect(log.locator('strong')).toHaveText(XSS);
      await expect(log).toContainText('[click](javascript:alert(1))');

      const addresses = await log.evaluate((el) => [...el.querySelectorAll('[href], [src]')].map((node) => node.getAttribute('href') ?? node.getAttribute('src')!));
      for (const address of addresses) expect(address).toMatch(/^(https:|mailto:|tel:)/);
      expect(await log.locator('script, iframe, object, embed, [onerror], [onload]').count()).toBe(0);
      expect(await widget.page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(requested.every((url) => url.startsWith(MEDIA))).toBe(true);
      expect(errors).toEqual([]);
    });
  });
}

test('"NAME joined the chat" before another human agent than the last who wrote, not before the first', async ({ widget, agent }) => {
  await widget.open({ locale: 'sv' });
  const userId = await widget.userId();
  agent.say(userId, 'Hej, jag är boten.', { agent: { id: 'bot', name: 'Nora' } });
  agent.say(userId, 'Hej, Anna här.', { agent: { id: 'anna01', name: 'Anna', type: 'human' } });
  agent.say(userId, 'Jag kopplar dig vidare.', { agent: { id: 'anna01', name: 'Anna', type: 'human' } });
  agent.say(userId, 'Hej, Bertil här.', { agent: { id: 'be01', name: 'Bertil', type: 'human' } });
  await expect(widget.message('Hej, Bertil här.')).toBeVisible();
  const rows = await widget.rows.allTextContents();
  const joined = rows.flatMap((row, i) => (/anslöt till chatten/.test(row) ? [`${i}:${row}`] : []));
  expect(joined).toEqual([`${rows.length - 2}:Bertil anslöt till chatten`]);
  await expect(widget.message('Anna anslöt till chatten')).toHaveCount(0);
});

test('rich cards pass axe and are reached with Tab', async ({ widget, agent }) => {
  await serveMedia(widget.page);
  await widget.open();
  const userId = await widget.userId();
  agent.say(userId, 'See **this**:\n- [Help](https://help.sermo.test/)', { format: 'markdown', attachments: EACH_TYPE });
  await expect(widget.log.getByRole('link', { name: 'Open map', exact: true })).toBeVisible();
  const results = await new AxeBuilder({ page: widget.page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // From the composer backwards, Shift+Tab walks the message's links and players (each player's own
  // controls are several stops), the last card first.
  await widget.composer.focus();
  const reached = new Set<string>();
  for (let i = 0; i < 40 && !reached.has('Help'); i++) {
    await widget.page.keyboard.press('Shift+Tab');
    reached.add(await widget.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? ''));
  }
  for (const name of ['maja@nordlink.test', '+46 8 123 45 67', 'Open map', 'Audio', 'Video', 'invoice.pdf, 47 KB', 'Help']) expect([...reached]).toContain(name);
});

test('a plain conversation loads no rich chunk; a rich message waiting for its chunk shows its text in its place', async ({ widget, agent, page }) => {
  // Markdown and the attachment cards come in one chunk (vite.config.ts).
  const RICH_CHUNK = /\/assets\/(rich)-[\w-]+\.js$/;
  const requested: string[] = [];
  page.on('request', (request) => {
    const match = RICH_CHUNK.exec(new URL(request.url()).pathname);
    if (match) requested.push(match[1]!);
  });
  await widget.open();
  const userId = await widget.userId();
  agent.say(userId, 'A plain **message**');
  await expect(widget.message('A plain **message**')).toBeVisible();
  expect(requested).toEqual([]);

  // The chunks cannot load (offline): the markdown text shows plain, in order, with the messages around it.
  await page.route(RICH_CHUNK, (route) => route.abort('internetdisconnected'));
  agent.say(userId, 'First **rich**', { format: 'markdown', attachments: [{ type: 'contact', name: 'Maja Lind' }] });
  agent.say(userId, 'Then plain');
  await expect(widget.message('Then plain')).toBeVisible();
  await expect.poll(() => requested.includes('rich')).toBe(true);
  const rows = await widget.rows.allTextContents();
  expect(rows.findIndex((r) => r.includes('First **rich**'))).toBe(rows.findIndex((r) => r.includes('Then plain')) - 1);

  // Back online: the next rich message loads them (lazy.ts: a failed chunk is tried at the next render), and
  // the first is shown formatted, with its card, in its place.
  await page.unroute(RICH_CHUNK);
  agent.say(userId, 'Second **rich**', { format: 'markdown', attachments: [{ type: 'contact', name: 'Kim Berg' }] });
  await expect(widget.log.locator('strong')).toHaveText(['rich', 'rich']);
  await expect(widget.log).toContainText('Maja Lind');
  await expect(widget.log).toContainText('Kim Berg');
  const after = await widget.rows.allTextContents();
  expect(after).toHaveLength(rows.length + 1);
  expect(after.findIndex((r) => r.includes('Maja Lind'))).toBe(after.findIndex((r) => r.includes('Then plain')) - 1);
});
