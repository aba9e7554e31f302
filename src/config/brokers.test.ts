import { describe, expect, it } from 'vitest';
import { httpOriginOf, isOnList, readWidgetBrokers } from './brokers.ts';

describe('readWidgetBrokers', () => {
  it('is no list when unset or blank', () => {
    expect(readWidgetBrokers(undefined)).toBeUndefined();
    expect(readWidgetBrokers(' , ')).toBeUndefined();
  });

  it('reads origins in their http(s) form', () => {
    expect(readWidgetBrokers('wss://chat.example.com, ws://127.0.0.1:8080,https://img.example.com/')).toEqual([
      'https://chat.example.com',
      'http://127.0.0.1:8080',
      'https://img.example.com',
    ]);
  });

  it.each(['chat.example.com', 'wss://chat.example.com/ws', 'ftp://files.example.com', 'https://a.example.com?x=1', '*'])(
    'refuses %j, naming it',
    (entry) => {
      expect(() => readWidgetBrokers(`wss://ok.example.com,${entry}`)).toThrow(`SERMO_WIDGET_BROKERS: expected a comma list of origins (wss://chat.example.com), got ${JSON.stringify(entry)}`);
    },
  );
});

describe('isOnList', () => {
  const list = ['https://chat.example.com', 'http://127.0.0.1:8080'];

  it('takes a broker or an image endpoint on a listed host and port', () => {
    expect(isOnList('wss://chat.example.com/ws', list)).toBe(true);
    expect(isOnList('https://chat.example.com/images', list)).toBe(true);
    expect(isOnList('ws://127.0.0.1:8080/ws', list)).toBe(true);
  });

  it.each(['wss://evil.example/ws', 'ws://chat.example.com/ws', 'wss://chat.example.com:444/ws', 'ws://127.0.0.1:8081/ws', 'wss://chat.example.com.evil.example/ws', 'wss://user@evil.example/ws'])(
    'refuses %j',
    (url) => {
      expect(isOnList(url, list)).toBe(false);
    },
  );

  it('takes anything without a list', () => {
    expect(isOnList('wss://anywhere.example/ws', undefined)).toBe(true);
  });
});

describe('httpOriginOf', () => {
  it('maps ws: to http: and wss: to https:', () => {
    expect(httpOriginOf('ws://h:1/x')).toBe('http://h:1');
    expect(httpOriginOf('wss://h/x')).toBe('https://h');
    expect(httpOriginOf('WSS://H:443/x')).toBe('https://h');
    expect(httpOriginOf('https://h:8443/images')).toBe('https://h:8443');
  });
});
