/**
 * DESIGN §5 transcript download: a header button "Download transcript" / "Ladda ner konversationen" that
 * saves the conversation shown as `chat-YYYY-MM-DD.txt`, made in the browser (the file's lines: transcript.test.tsx).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from './App.tsx';
import { stringsFor } from './test-strings.ts';
import { createTestChat } from './test-chat.ts';

afterEach(cleanup);

function renderChat(locale: 'en' | 'sv') {
  const t = createTestChat();
  const s = stringsFor(locale);
  render(<App chat={t.chat} strings={s} title={s.title} />);
  return t;
}

/** What saving a file did: the blobs made and the links clicked. */
function watchDownloads() {
  const blobs: Blob[] = [];
  const clicks: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (blobs.push(blob as Blob), `blob:test/${blobs.length}`));
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push(this.download);
  });
  return { blobs, clicks };
}

describe.each([
  { locale: 'en' as const, button: 'Download transcript', you: 'You' },
  { locale: 'sv' as const, button: 'Ladda ner konversationen', you: 'Du' },
])('the transcript in $locale', (n) => {
  it('saves the conversation shown from the header button, running or ended', async () => {
    const downloads = watchDownloads();
    const t = renderChat(n.locale);
    t.messages.value = [{ kind: 'customer', key: 'c1', at: Date.UTC(2026, 2, 2, 12), text: 'Hello', status: 'sent' }];
    fireEvent.click(screen.getByRole('button', { name: n.button }));
    await waitFor(() => expect(downloads.clicks).toHaveLength(1));
    expect(downloads.clicks[0]).toMatch(/^chat-2026-03-02\.txt$/);
    expect(await downloads.blobs[0]?.text()).toMatch(new RegExp(`^\\[2026-03-02 \\d\\d:00\\] ${n.you}: Hello\\n$`));

    t.ended.value = 'agent';
    fireEvent.click(await screen.findByRole('button', { name: n.button }));
    await waitFor(() => expect(downloads.clicks).toHaveLength(2));
  });
});

it('has nothing to download while the pre-chat form waits', async () => {
  const t = createTestChat();
  t.preChat.value = { fields: [{ name: 'name', required: true }], answers: {} };
  const s = stringsFor('en');
  render(<App chat={t.chat} strings={s} title={s.title} />);
  await screen.findByRole('form', { name: 'Before we start' });
  expect(screen.queryByRole('button', { name: 'Download transcript' })).toBeNull();
});
