/** @jsxRuntime classic */
/** @jsx h */
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adoptStyles, lazy } from './lazy.ts';
import { h } from './reactive.ts';

afterEach(cleanup);

interface CardProps {
  text: string;
}

const Card = ({ text }: CardProps) => <li>card: {text}</li>;

/** A chunk whose load the test settles by hand. */
function chunk() {
  let settle: { resolve: (c: typeof Card) => void; reject: (e: Error) => void } | undefined;
  const load = vi.fn(
    () =>
      new Promise<typeof Card>((resolve, reject) => {
        settle = { resolve, reject };
      }),
  );
  return { load, resolve: () => act(async () => settle!.resolve(Card)), reject: () => act(async () => settle!.reject(new Error('offline'))) };
}

const items = () => screen.getAllByRole('listitem').map((li) => li.textContent);

describe('lazy', () => {
  it('renders the placeholder in the component’s place with its props, then the component', async () => {
    const c = chunk();
    const LazyCard = lazy(c.load, ({ text }: CardProps) => <li>{text}</li>);
    render(
      <ul>
        <li>before</li>
        <LazyCard text="hello" />
        <li>after</li>
      </ul>,
    );
    expect(items()).toEqual(['before', 'hello', 'after']);
    await c.resolve();
    expect(items()).toEqual(['before', 'card: hello', 'after']);
  });

  it('loads the chunk once for every instance, and renders them all when it is in', async () => {
    const c = chunk();
    const LazyCard = lazy(c.load);
    render(
      <ul>
        <LazyCard text="a" />
        <LazyCard text="b" />
      </ul>,
    );
    expect(screen.queryAllByRole('listitem')).toEqual([]);
    await c.resolve();
    expect(items()).toEqual(['card: a', 'card: b']);
    render(<LazyCard text="c" />);
    expect(c.load).toHaveBeenCalledTimes(1);
  });

  it('keeps the placeholder when the chunk fails, and tries again at the next render', async () => {
    const c = chunk();
    const LazyCard = lazy(c.load, ({ text }: CardProps) => <li>{text}</li>);
    const { rerender } = render(
      <ul>
        <LazyCard text="one" />
      </ul>,
    );
    await c.reject();
    expect(items()).toEqual(['one']);
    rerender(
      <ul>
        <LazyCard text="two" />
      </ul>,
    );
    expect(c.load).toHaveBeenCalledTimes(2);
    await c.resolve();
    expect(items()).toEqual(['card: two']);
  });

  it('starts loading before the first render with load()', async () => {
    const c = chunk();
    const LazyCard = lazy(c.load);
    const loading = LazyCard.load();
    await c.resolve();
    await expect(loading).resolves.toBe(Card);
    render(
      <ul>
        <LazyCard text="ready" />
      </ul>,
    );
    expect(items()).toEqual(['card: ready']);
  });
});

describe('adoptStyles', () => {
  it('adds the stylesheet after those already there', () => {
    const before = document.adoptedStyleSheets;
    adoptStyles('.card { color: red; }');
    const sheets = document.adoptedStyleSheets;
    expect(sheets).toHaveLength(before.length + 1);
    expect(sheets.at(-1)?.cssRules[0]?.cssText).toContain('color: red');
    document.adoptedStyleSheets = before;
  });
});
