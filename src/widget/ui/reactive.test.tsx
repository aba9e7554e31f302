// @vitest-environment happy-dom
/** @jsxRuntime classic */
/** @jsx h */
import { signal } from '@preact/signals-core';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { h, Component } from './reactive.ts';

afterEach(cleanup);

describe('components made with ./reactive.ts', () => {
  it('re-render a function component when a signal its render read changes', () => {
    const name = signal('Anna');
    const Greeting = () => <p>Hello {name.value}</p>;
    render(<Greeting />);
    act(() => {
      name.value = 'Botty';
    });
    expect(screen.getByText('Hello Botty')).toBeTruthy();
  });

  it('re-render a class component likewise, and a child on its own', () => {
    const count = signal(1);
    const label = signal('unread');
    const parentRenders = vi.fn();
    class Badge extends Component {
      override render() {
        return <span>{label.value}</span>;
      }
    }
    class Counter extends Component {
      override render() {
        parentRenders();
        return (
          <p>
            {count.value} <Badge />
          </p>
        );
      }
    }
    render(<Counter />);
    act(() => {
      count.value = 2;
    });
    expect(screen.getByText('2', { exact: false })).toBeTruthy();
    act(() => {
      label.value = 'read';
    });
    expect(screen.getByText('read')).toBeTruthy();
    // The child's signal re-rendered the child alone.
    expect(parentRenders).toHaveBeenCalledTimes(2);
  });

  it('watch only what the latest render read', () => {
    const showDetail = signal(true);
    const detail = signal('a');
    const renders = vi.fn();
    const Panel = () => {
      renders();
      return <p>{showDetail.value ? detail.value : 'none'}</p>;
    };
    render(<Panel />);
    act(() => {
      showDetail.value = false;
    });
    act(() => {
      detail.value = 'b';
    });
    expect(screen.getByText('none')).toBeTruthy();
    expect(renders).toHaveBeenCalledTimes(2);
  });

  it('stop watching when unmounted', () => {
    const text = signal('x');
    const Line = () => <p>{text.value}</p>;
    render(<Line />);
    const updates = vi.spyOn(Component.prototype, 'forceUpdate');
    act(() => {
      text.value = 'y';
    });
    expect(updates).toHaveBeenCalledTimes(1);
    act(() => cleanup());
    act(() => {
      text.value = 'z';
    });
    expect(updates).toHaveBeenCalledTimes(1);
  });

  it('keep no watcher for a render that read no signal (5,000 message rows hold nothing extra)', () => {
    const text = signal('x');
    const made: Record<string, Component & { _unwatch?: unknown }> = {};
    class Pure extends Component {
      override render() {
        made['pure'] = this;
        return <p>pure</p>;
      }
    }
    class Reading extends Component {
      override render() {
        made['reading'] = this;
        return <p>{text.value}</p>;
      }
    }
    render(
      <div>
        <Pure />
        <Reading />
      </div>,
    );
    expect(made['pure']).not.toHaveProperty('_unwatch');
    expect(made['reading']?._unwatch).toBeTypeOf('function');
  });

  it('read no signal in an event handler as a dependency', () => {
    const clicks = signal(0);
    const renders = vi.fn();
    const Button = () => {
      renders();
      return <button onClick={() => (clicks.value += 1)}>Add</button>;
    };
    render(<Button />);
    act(() => screen.getByRole('button', { name: 'Add' }).click());
    expect(clicks.value).toBe(1);
    expect(renders).toHaveBeenCalledTimes(1);
  });
});
