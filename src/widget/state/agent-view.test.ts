import { describe, expect, it } from 'vitest';
import { agentImageUrl, resolveAgent } from './agent-view.ts';

const BASE = 'https://cdn.test/sermo/';

describe('resolveAgent', () => {
  it.each([
    [{ id: 'anan01', name: 'Anders', type: 'human' }, true],
    [{ id: 'anan01', name: 'Anders' }, true],
    [{ id: 'bot', name: 'Bot' }, false],
    [{ id: 'system', name: 'Info' }, false],
    [{ id: 'bot', type: 'human' }, true],
    [{ name: '' }, false],
    [undefined, false],
  ])('%j is human: %s', (agent, human) => {
    expect(resolveAgent(agent, BASE).human).toBe(human);
  });

  it('prefers an http(s) avatarUrl', () => {
    expect(resolveAgent({ name: 'A', avatarUrl: 'https://img.test/a.png', avatarId: 'x' }, BASE)).toEqual({
      name: 'A',
      human: false,
      avatarUrl: 'https://img.test/a.png',
    });
  });

  it('refuses other URL schemes and falls back to the avatarId file', () => {
    expect(resolveAgent({ avatarUrl: 'javascript:alert(1)', avatarId: 'avatar1' }, BASE).avatarUrl).toBe(
      'https://cdn.test/sermo/avatars/avatar1.svg',
    );
    expect(resolveAgent({ avatarUrl: 'data:image/svg+xml,<svg/>' }, 'https://cdn.test/sermo').avatarUrl).toBeUndefined();
  });

  it('refuses an avatarId that could leave the avatars folder', () => {
    expect(resolveAgent({ avatarId: '../secret' }, BASE).avatarUrl).toBeUndefined();
    expect(resolveAgent({ avatarId: 'a/b' }, BASE).avatarUrl).toBeUndefined();
  });

  it('has no avatar (the default icon) when neither is given', () => {
    expect(resolveAgent({ name: 'Bot', id: 'bot' }, BASE)).toEqual({ name: 'Bot', human: false });
  });
});

describe('agentImageUrl', () => {
  it('builds the endpoint URL with the id encoded', () => {
    expect(agentImageUrl('a b/c', undefined, 'https://chat.test')).toBe('https://chat.test/images/a%20b%2Fc');
  });

  it('accepts only base64 raster data URLs inline', () => {
    expect(agentImageUrl(undefined, 'data:image/png;base64,iVBORw0K+/=', 'x')).toBe('data:image/png;base64,iVBORw0K+/=');
    expect(agentImageUrl(undefined, 'data:image/svg+xml;base64,PHN2Zz4=', 'x')).toBeUndefined();
    expect(agentImageUrl(undefined, 'data:text/html;base64,PGh0bWw+', 'x')).toBeUndefined();
    expect(agentImageUrl(undefined, 'https://evil.test/a.png', 'x')).toBeUndefined();
  });
});
