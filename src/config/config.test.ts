import { describe, expect, it } from 'vitest';
import {
  checkConfig,
  EXPECTED,
  HEARTBEAT_MS_DEFAULT,
  HEARTBEAT_MS_MAX,
  HEARTBEAT_MS_MIN,
  localeOf,
  notifiesByTitle,
  NOTIFY_CHANNELS,
  PRE_CHAT_FIELDS,
  RESUME_MINUTES_MAX,
  validateConfig,
  type ConfigEnv,
  type RawConfig,
} from './config.ts';

const env: ConfigEnv = { languages: ['de-DE', 'sv-SE', 'en'], isColor: (v) => /^#[0-9a-f]{3,8}$/i.test(v) || v === 'rebeccapurple' };
const BROKER = 'wss://chat.example.com/ws';

const ok = (raw: RawConfig, e = env) => {
  const result = validateConfig({ broker: BROKER, ...raw }, e);
  if (!result.ok) throw new Error(result.error);
  return result.config;
};
const error = (raw: RawConfig) => {
  const result = validateConfig(raw, env);
  if (result.ok) throw new Error('accepted');
  return result.error;
};

describe('validateConfig', () => {
  it('fills every default from a broker alone', () => {
    expect(validateConfig({ broker: BROKER }, { languages: ['fr'], isColor: () => true })).toEqual({
      ok: true,
      config: {
        broker: BROKER,
        locale: 'en',
        protocol: 2,
        heartbeatMs: HEARTBEAT_MS_DEFAULT,
        resumeMinutes: 30,
        imagesUrl: 'https://chat.example.com',
        preChat: [],
        csat: true,
        notify: ['title'],
      },
    });
  });

  describe('broker', () => {
    it.each(['ws://127.0.0.1:9/ws', 'wss://chat.example.com/ws'])('accepts %s', (broker) => {
      expect(ok({ broker }).broker).toBe(broker);
    });
    it.each([undefined, '', 'https://chat.example.com/ws', 'javascript:alert(1)', 'not a url'])(
      'refuses %j, naming the key and the form',
      (broker) => {
        const raw: RawConfig = {};
        if (broker !== undefined) raw.broker = broker;
        expect(error(raw)).toBe(
          `Sermo chat: invalid config "broker": expected a ws: or wss: URL (required), got ${JSON.stringify(broker ?? '')}`,
        );
      },
    );
  });

  describe('locale', () => {
    it('takes en or sv', () => {
      expect(ok({ locale: 'sv' }).locale).toBe('sv');
      expect(ok({ locale: 'en' }).locale).toBe('en');
    });
    it('defaults to the first supported browser language', () => {
      expect(ok({}).locale).toBe('sv');
      expect(ok({}, { ...env, languages: ['EN-gb', 'sv'] }).locale).toBe('en');
      expect(ok({}, { ...env, languages: [] }).locale).toBe('en');
    });
    it('refuses another language', () => {
      expect(error({ broker: BROKER, locale: 'de' })).toBe('Sermo chat: invalid config "locale": expected "en" or "sv", got "de"');
    });
  });

  describe('title', () => {
    it('is kept, trimmed and cut to 80 characters', () => {
      expect(ok({ title: ' Support ' }).title).toBe('Support');
      expect(ok({ title: 'x'.repeat(100) }).title).toBe('x'.repeat(80));
    });
    it('is absent when blank', () => {
      expect(ok({ title: '  ' })).not.toHaveProperty('title');
    });
  });

  describe('startParams', () => {
    it('takes a comma list of names, spaces and empty items aside', () => {
      expect(checkConfig({ broker: BROKER, startParams: ' queue, utm_source ,lang.code,' }, env.isColor)).toBeUndefined();
      expect(checkConfig({ broker: BROKER, startParams: ' ' }, env.isColor)).toBeUndefined();
    });
    it.each(['a b', 'x=1', 'broker', 'queue,heartbeatMs'])('refuses %j', (startParams) => {
      expect(error({ broker: BROKER, startParams })).toMatch(/^Sermo chat: invalid config "startParams": expected a comma list of query parameter names/);
    });
  });

  describe('open', () => {
    it('is "true" or "false"', () => {
      expect(checkConfig({ broker: BROKER, open: 'true' }, env.isColor)).toBeUndefined();
      expect(checkConfig({ broker: BROKER, open: 'false' }, env.isColor)).toBeUndefined();
    });
    it.each(['', 'yes', 'TRUE'])('refuses %j', (open) => {
      expect(error({ broker: BROKER, open })).toBe(`Sermo chat: invalid config "open": expected "true" or "false", got ${JSON.stringify(open)}`);
    });
  });

  describe('position', () => {
    it('is right or left', () => {
      expect(checkConfig({ broker: BROKER, position: 'left' }, env.isColor)).toBeUndefined();
      expect(checkConfig({ broker: BROKER, position: 'right' }, env.isColor)).toBeUndefined();
    });
    it('refuses anything else', () => {
      expect(error({ broker: BROKER, position: 'top' })).toBe('Sermo chat: invalid config "position": expected "right" or "left", got "top"');
    });
  });

  describe('accent', () => {
    it('keeps a colour the browser knows', () => {
      expect(ok({ accent: 'rebeccapurple' }).accent).toBe('rebeccapurple');
    });
    // DESIGN §6.2: only these forms, then only if the browser takes them as a colour.
    it.each(['#abc', '#A1B2C3', '#a1b2c3d4', 'rgb(1, 2, 3)', 'rgba(1 2 3 / 50%)', 'hsl(120deg 50% 40%)', 'hsla(120, 50%, 40%, .5)', 'teal'])(
      'takes the form of %j',
      (accent) => {
        expect(ok({ accent }, { ...env, isColor: () => true }).accent).toBe(accent);
      },
    );
    it.each([
      'red;background:url(x)',
      'var(--x, url(https://evil.example/x))',
      'rgb(var(--x))',
      'hsl(calc(1 + 2) 50% 50%)',
      'url(https://evil.example/x)',
      '#abcd',
      '#abcdefa',
      'attr(data-x)',
      'red blue',
      '',
    ])('refuses %j even when the browser would take it', (accent) => {
      expect(validateConfig({ broker: BROKER, accent }, { ...env, isColor: () => true })).toEqual({
        ok: false,
        error: 
`Sermo chat: invalid config "accent": expected a colour (#rgb, #rrggbb, #rrggbbaa, rgb(), hsl() with numbers, or a name), got ${JSON.stringify(accent)}`,
      });
    });
    it('refuses a name that is no colour', () => {
      expect(error({ broker: BROKER, accent: 'nocolour' })).toMatch(/^Sermo chat: invalid config "accent"/);
    });
  });

  describe('resumeMinutes', () => {
    it('takes whole minutes from 0 to a week', () => {
      expect(ok({ resumeMinutes: '0' }).resumeMinutes).toBe(0);
      expect(ok({ resumeMinutes: '10080' }).resumeMinutes).toBe(10080);
    });
    it.each(['-1', '10081', '1.5', '30m', ''])('refuses %j', (resumeMinutes) => {
      expect(error({ broker: BROKER, resumeMinutes })).toBe(
        `Sermo chat: invalid config "resumeMinutes": expected whole minutes from 0 to 10080, got ${JSON.stringify(resumeMinutes)}`,
      );
    });
  });

  describe('preChat', () => {
    it('reads the fields in order, a trailing * making one required', () => {
      expect(ok({ preChat: 'name, email*,phone' }).preChat).toEqual([
        { name: 'name', required: false },
        { name: 'email', required: true },
        { name: 'phone', required: false },
      ]);
      expect(ok({ preChat: '' }).preChat).toEqual([]);
    });
    it('asks a field named twice once, as first named', () => {
      expect(ok({ preChat: 'email*,name,email' }).preChat).toEqual([
        { name: 'email', required: true },
        { name: 'name', required: false },
      ]);
    });
    it.each(['age', 'name**', '*email', 'Email'])('refuses %j', (preChat) => {
      expect(error({ broker: BROKER, preChat })).toBe(
        `Sermo chat: invalid config "preChat": expected a comma list of name, email, phone (a trailing * makes one required), got ${JSON.stringify(preChat)}`,
      );
    });
  });

  describe('csat', () => {
    it('is on unless "false"', () => {
      expect(ok({ csat: 'false' }).csat).toBe(false);
      expect(ok({ csat: 'true' }).csat).toBe(true);
    });
    it('refuses anything else', () => {
      expect(error({ broker: BROKER, csat: 'no' })).toBe('Sermo chat: invalid config "csat": expected "true" or "false", got "no"');
    });
  });

  describe('notify', () => {
    it('reads a comma list of title and sound; empty is none', () => {
      expect(ok({ notify: 'sound, title' }).notify).toEqual(['sound', 'title']);
      expect(ok({ notify: '' }).notify).toEqual([]);
    });
    it.each(['popup', 'title,banner'])('refuses %j', (notify) => {
      expect(error({ broker: BROKER, notify })).toBe(
        `Sermo chat: invalid config "notify": expected a comma list of title, sound, got ${JSON.stringify(notify)}`,
      );
    });
  });

  describe('protocol', () => {
    it('is 1 or 2', () => {
      expect(ok({ protocol: '1' }).protocol).toBe(1);
      expect(ok({ protocol: '2' }).protocol).toBe(2);
    });
    it('refuses 3', () => {
      expect(error({ broker: BROKER, protocol: '3' })).toBe('Sermo chat: invalid config "protocol": expected "1" or "2", got "3"');
    });
  });

  describe('heartbeatMs', () => {
    it('takes whole milliseconds in range', () => {
      expect(ok({ heartbeatMs: '1000' }).heartbeatMs).toBe(1000);
      expect(ok({ heartbeatMs: '300000' }).heartbeatMs).toBe(300000);
    });
    it.each(['999', '300001', '5e3', '1500.5', '-2000', ''])('refuses %j', (heartbeatMs) => {
      expect(error({ broker: BROKER, heartbeatMs })).toBe(
        `Sermo chat: invalid config "heartbeatMs": expected whole milliseconds from 1000 to 300000, got ${JSON.stringify(heartbeatMs)}`,
      );
    });
  });

  describe('imagesUrl', () => {
    it('takes an http(s) URL without its trailing slash', () => {
      expect(ok({ imagesUrl: 'https://img.example.com/' }).imagesUrl).toBe('https://img.example.com');
      expect(ok({ imagesUrl: 'http://img.example.com/base' }).imagesUrl).toBe('http://img.example.com/base');
    });
    it('defaults to the broker origin, ws: -> http:', () => {
      expect(ok({ broker: 'ws://127.0.0.1:8080/ws' }).imagesUrl).toBe('http://127.0.0.1:8080');
    });
    it('refuses another scheme', () => {
      expect(error({ broker: BROKER, imagesUrl: 'ftp://x' })).toBe('Sermo chat: invalid config "imagesUrl": expected an http: or https: URL, got "ftp://x"');
    });
  });

  it('reports the first bad key only', () => {
    expect(error({ broker: BROKER, locale: 'de', position: 'top' })).toMatch(/"locale"/);
  });
});

// What sermo.js runs: the same rules, without the conversion.
describe('checkConfig', () => {
  it('passes good values, and names the same first bad key as validateConfig', () => {
    expect(checkConfig({ broker: BROKER, locale: 'sv', open: 'true', heartbeatMs: '5000' }, env.isColor)).toBeUndefined();
    for (const raw of [{}, { broker: BROKER, position: 'top' }, { broker: BROKER, accent: 'nope' }, { broker: BROKER, imagesUrl: 'x' }] as RawConfig[]) {
      const result = validateConfig(raw, env);
      expect(result.ok).toBe(false);
      expect(checkConfig(raw, env.isColor)).toBe(result.ok ? 'accepted' : result.error);
    }
  });
});

describe('localeOf', () => {
  it('takes the given locale, else the first English or Swedish browser language, else English', () => {
    expect(localeOf('en', ['sv-SE'])).toBe('en');
    expect(localeOf(undefined, ['de', 'SV-fi', 'en'])).toBe('sv');
    expect(localeOf(undefined, ['fr'])).toBe('en');
  });
});

describe('notifiesByTitle', () => {
  it('is on by default and when the list names title', () => {
    expect(notifiesByTitle(undefined)).toBe(true);
    expect(notifiesByTitle('sound,title')).toBe(true);
    expect(notifiesByTitle('sound')).toBe(false);
    expect(notifiesByTitle('')).toBe(false);
  });
});

describe('EXPECTED', () => {
  it('names the bounds and the names the rules accept (written out in config.ts, apart from the rules)', () => {
    expect(EXPECTED.heartbeatMs).toBe(`whole milliseconds from ${HEARTBEAT_MS_MIN} to ${HEARTBEAT_MS_MAX}`);
    expect(EXPECTED.resumeMinutes).toBe(`whole minutes from 0 to ${RESUME_MINUTES_MAX}`);
    expect(EXPECTED.preChat).toBe(`a comma list of ${PRE_CHAT_FIELDS.join(', ')} (a trailing * makes one required)`);
    expect(EXPECTED.notify).toBe(`a comma list of ${NOTIFY_CHANNELS.join(', ')}`);
  });
});
