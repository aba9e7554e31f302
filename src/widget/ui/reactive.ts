/**
 * Preact for the widget's components, with one addition: every component re-renders when a signal its render
 * read changes. So no component can read `signal.value` and miss its changes, whatever kind of component it
 * is. The `@preact/signals` adapter does the same and more, for about 1.7 KB more of the iframe's 20 KB
 * (DESIGN §8; measured in README "Code notes"). Components import Preact from here, never from 'preact'
 * itself (src/architecture.test.ts), so the hook is in place before anything renders.
 *
 * How: just before a component renders, Preact calls `options.__r` with its vnode. The component's `render`
 * then runs inside a signals `effect`, which watches exactly the signals that render read. When one of them
 * changes, the effect asks Preact for a render (which watches anew) and reads nothing more itself. `__r` and
 * `vnode.__c` are Preact's mangled names for `_render` and `_component`, the ones the adapter hooks too;
 * reactive.test.tsx fails if an update of Preact renames them.
 */
import { effect } from '@preact/signals-core';
import { options, type Component, type ComponentChildren, type VNode } from 'preact';

export { h, Component, createRef } from 'preact';
export type { ComponentChildren, Ref } from 'preact';

type Render = Component['render'];

interface Watched extends Component {
  /** The component's own render, before it was wrapped. */
  _ownRender?: Render;
  /** Stops watching what the last render read. */
  _unwatch?: () => void;
}

/** Preact's internal option hook and vnode field (mangled names, see above). */
type Hooks = typeof options & { __r?: (vnode: VNode) => void };
type InternalVNode = VNode & { __c?: Watched | null };

function watchedRender(this: Watched, ...args: Parameters<Render>): ComponentChildren {
  this._unwatch?.();
  let out: ComponentChildren;
  let rendered = false;
  this._unwatch = effect(() => {
    if (rendered) {
      this.forceUpdate();
    } else {
      rendered = true;
      out = this._ownRender!.apply(this, args);
    }
  });
  return out;
}

const hooks = options as Hooks;
const beforeRender = hooks.__r;
hooks.__r = (vnode: InternalVNode) => {
  const component = vnode.__c!;
  if (component.render !== watchedRender) {
    component._ownRender = component.render;
    component.render = watchedRender;
  }
  beforeRender?.(vnode);
};

const beforeUnmount = options.unmount;
options.unmount = (vnode: InternalVNode) => {
  vnode.__c?._unwatch?.();
  beforeUnmount?.(vnode);
};
