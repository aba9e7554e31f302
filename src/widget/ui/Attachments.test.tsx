// @vitest-environment happy-dom
/** @jsxRuntime classic */
/** @jsx h */
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../config/config.ts';
import { Attachments, formatSize } from './Attachments.tsx';
import { h } from './reactive.ts';

afterEach(cleanup);

const imagesUrl = 'https://broker.example';

function renderCards(list: unknown[], locale: Locale = 'en') {
  return render(<Attachments attachments={{ list, imagesUrl }} locale={locale} />).container;
}

const web = (link: HTMLElement) => [link.getAttribute('target'), link.getAttribute('rel')];

describe('Attachments: each type of DESIGN §4.4', () => {
  it('shows a file as a link named by its name and size, opening in a new tab', () => {
    renderCards([{ type: 'file', url: 'https://cdn.example/invoice.pdf', name: 'invoice.pdf', size: 48_128, mimeType: 'application/pdf' }]);
    const link = screen.getByRole('link', { name: 'invoice.pdf, 47 KB' });
    expect(link.getAttribute('href')).toBe('https://cdn.example/invoice.pdf');
    expect(web(link)).toEqual(['_blank', 'noopener noreferrer']);
  });

  it('names a file without a size by its name alone', () => {
    renderCards([{ type: 'file', url: 'https://cdn.example/a.txt', name: 'a.txt' }]);
    expect(screen.getByRole('link', { name: 'a.txt' })).toBeTruthy();
  });

  it('shows an image by url with its alt text, and by imageId from the images endpoint', () => {
    renderCards([
      { type: 'image', url: 'https://cdn.example/router.png', alt: 'The router' },
      { type: 'image', imageId: 'img 7' },
    ]);
    expect(screen.getByRole('img', { name: 'The router' }).getAttribute('src')).toBe('https://cdn.example/router.png');
    expect(screen.getByRole('img', { name: 'Image' }).getAttribute('src')).toBe('https://broker.example/images/img%207');
  });

  it('shows video and audio as native players with controls, no autoplay, preload="metadata"', () => {
    const shown = renderCards([
      { type: 'video', url: 'https://cdn.example/howto.mp4', mimeType: 'video/mp4' },
      { type: 'audio', url: 'https://cdn.example/message.mp3' },
    ]);
    for (const [selector, name, src] of [
      ['video', 'Video', 'https://cdn.example/howto.mp4'],
      ['audio', 'Audio', 'https://cdn.example/message.mp3'],
    ] as const) {
      const player = shown.querySelector(selector)!;
      expect(player.getAttribute('aria-label')).toBe(name);
      expect(player.hasAttribute('controls')).toBe(true);
      expect(player.hasAttribute('autoplay')).toBe(false);
      expect(player.getAttribute('preload')).toBe('metadata');
      expect(player.querySelector('source')!.getAttribute('src')).toBe(src);
    }
    expect(shown.querySelector('video source')!.getAttribute('type')).toBe('video/mp4');
  });

  it('shows a link card named by its title, description and host; by the host name without a title', () => {
    renderCards([
      { type: 'link', url: 'https://help.example/router', title: 'Restart your router', description: 'Three steps', imageUrl: 'https://help.example/r.png' },
      { type: 'link', url: 'https://www.example.com/page' },
    ]);
    const card = screen.getByRole('link', { name: 'Restart your router Three steps help.example' });
    expect(card.getAttribute('href')).toBe('https://help.example/router');
    expect(web(card)).toEqual(['_blank', 'noopener noreferrer']);
    // The card's picture is decoration: the title names the card.
    expect(card.querySelector('img')!.getAttribute('alt')).toBe('');
    expect(screen.getByRole('link', { name: 'www.example.com' }).getAttribute('href')).toBe('https://www.example.com/page');
  });

  it('shows a location with its name and address and an "Open map" link to OpenStreetMap (sv "Öppna karta")', () => {
    const location = { type: 'location', latitude: 59.3293, longitude: 18.0686, name: 'Store Sergels torg', address: 'Sergels torg 1, Stockholm' };
    const shown = renderCards([location]);
    expect(shown.textContent).toContain('Store Sergels torg');
    expect(shown.textContent).toContain('Sergels torg 1, Stockholm');
    const map = screen.getByRole('link', { name: 'Open map' });
    expect(map.getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=59.3293&mlon=18.0686');
    expect(web(map)).toEqual(['_blank', 'noopener noreferrer']);
    cleanup();
    renderCards([location], 'sv');
    expect(screen.getByRole('link', { name: 'Öppna karta' })).toBeTruthy();
  });

  it('writes the map link’s coordinates as plain decimals', () => {
    renderCards([{ type: 'location', latitude: 1e-7, longitude: -18 }]);
    expect(screen.getByRole('link', { name: 'Open map' }).getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=0.0000001&mlon=-18');
  });

  it('shows a contact with its name and tel: and mailto: links', () => {
    const shown = renderCards([{ type: 'contact', name: 'Kim Berg', phone: '+46 8-123 45', email: 'kim@example.com' }]);
    expect(shown.textContent).toContain('Kim Berg');
    expect(screen.getByRole('link', { name: '+46 8-123 45' }).getAttribute('href')).toBe('tel:+46812345');
    expect(screen.getByRole('link', { name: 'kim@example.com' }).getAttribute('href')).toBe('mailto:kim@example.com');
  });

  it('keeps the order given', () => {
    renderCards([
      { type: 'contact', name: 'A', phone: '+461' + '23' },
      { type: 'file', url: 'https://e.com/b', name: 'B' },
    ]);
    expect(screen.getAllByRole('link').map((link) => link.textContent)).toEqual(['+46123', 'B']);
  });
});

describe('Attachments: hostile data', () => {
  it('shows markup in every text field as text', () => {
    const markup = '<img src=x onerror=alert(1)><script>alert(1)</script>';
    const shown = renderCards([
      { type: 'file', url: 'https://e.com/f', name: markup },
      { type: 'image', url: 'https://e.com/i.png', alt: markup },
      { type: 'link', url: 'https://e.com/l', title: markup, description: markup },
      { type: 'location', latitude: 1, longitude: 2, name: markup, address: markup },
      { type: 'contact', name: markup },
    ]);
    expect(shown.querySelectorAll('script, [onerror]')).toHaveLength(0);
    expect(shown.querySelectorAll('img')).toHaveLength(1);
    expect(shown.textContent!.split(markup).length - 1).toBe(6);
  });

  it('shows no link, image or player whose address is not http(s)', () => {
    const shown = renderCards([
      { type: 'file', url: 'javascript:alert(1)', name: 'x.pdf' },
      { type: 'file', url: ' JAVASCRIPT:alert(1)', name: 'y.pdf' },
      { type: 'image', url: 'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+' },
      { type: 'video', url: 'data:video/mp4;base64,AAAA' },
      { type: 'audio', url: 'blob:https://e.com/1' },
      { type: 'link', url: 'https://e.com/ok', title: 'ok', imageUrl: 'javascript:alert(1)' },
      { type: 'link', url: 'vbscript:msgbox(1)', title: 'no' },
      { type: 'contact', name: 'C', phone: 'javascript:alert(1)', email: 'a@b.com?body=x' },
      { type: 'location', latitude: '59); alert(1', longitude: 18 },
    ]);
    const addresses = [...shown.querySelectorAll('[href], [src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src'));
    expect(addresses).toEqual(['https://e.com/ok']);
    expect(shown.textContent).not.toContain('x.pdf');
  });

  it('leaves out fields longer than their cap and attachments beyond the tenth', () => {
    const huge = 'x'.repeat(100_000);
    const shown = renderCards([
      { type: 'link', url: 'https://e.com/', title: huge, description: huge },
      ...Array.from({ length: 20 }, (_, i) => ({ type: 'contact', name: `C${i}` })),
    ]);
    expect(shown.textContent).not.toContain(huge);
    expect(screen.getByRole('link', { name: 'e.com' })).toBeTruthy();
    expect(shown.textContent).toContain('C8');
    expect(shown.textContent).not.toContain('C9');
  });

  it('shows nothing for a list of only unknown types', () => {
    expect(renderCards([{ type: 'carousel' }, 'text', null]).textContent).toBe('');
  });
});

describe('formatSize', () => {
  it('writes bytes, KB, MB and GB (1,024 each) with the locale’s decimal sign', () => {
    expect([formatSize(900, 'en'), formatSize(48_128, 'en'), formatSize(1.5 * 1024 ** 2, 'en'), formatSize(1.5 * 1024 ** 2, 'sv'), formatSize(3 * 1024 ** 3, 'en')]).toEqual([
      '900 B',
      '47 KB',
      '1.5 MB',
      '1,5 MB',
      '3 GB',
    ]);
  });
});
