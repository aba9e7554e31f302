/**
 * Components that render signals, without the @preact/signals adapter and without preact/hooks: together
 * they cost about 2.5 KB of the iframe's 20 KB budget (DESIGN §8), and the widget needs only this.
 *
 * `view()` runs inside a signals `effect`, so the effect watches exactly the signals that render read. When
 * one of them changes, the effect asks Preact for a render (which watches anew) and reads nothing more.
 * Components read `signal.value` in `view()` as STYLE B.5 says; they never subscribe by hand.
 */
import { effect } from '@preact/signals-core';
import { Component, type ComponentChildren } from 'preact';

export abstract class Live<P = object, S = object> extends Component<P, S> {
  /** Stops watching what the last render read. */
  private unwatch: (() => void) | undefined;

  /** The component's render; every signal it reads is watched. */
  abstract view(): ComponentChildren;

  override render(): ComponentChildren {
    this.unwatch?.();
    let out: ComponentChildren;
    let rendered = false;
    this.unwatch = effect(() => {
      if (rendered) {
        this.forceUpdate();
      } else {
        rendered = true;
        out = this.view();
      }
    });
    return out;
  }

  override componentWillUnmount(): void {
    this.unwatch?.();
  }
}
