/**
 * Preact for the widget's components, with one addition: every component re-renders when a signal its render
 * read changes. So no component can read `signal.value` and miss its changes, whatever kind of component it
 * is. The `@preact/signals` adapter does the same and more, for about 1.7 KB more of the iframe's 20 KB
 * (DESIGN §8; measured in README "Code notes"). Components import Preact from here, never from 'preact'
 * itself (src/architecture.test.ts), so the hook is in place before anything renders.
 *
 * How: just before a component renders, Preact calls `options.__r` with its vnode. The component's `render`
 * (its class's, once per class; Preact's shared one for function components) is wrapped so that it runs
 * inside a signals `effect`, which watches exactly the signals that render read. When one of them changes,
 * the effect asks Preact for a render (which watches anew) and reads nothing more itself. A render that read
 * no signal keeps no effect: 5,000 messages hold nothing extra (DESIGN §8 heap budget).
 *
 * Internal names, the ones the adapter relies on too: `options.__r` and `vnode.__c` are Preact's mangled
 * `_render` and `_component`; `s` is the effect's mangled `_sources` in signals-core. reactive.test.tsx fails
 * if an update renames them.
 *
 * Hooking `options` at import is this module's side effect: package.json `sideEffects` names this file, or a
 * build that tree-shakes by that field drops it (only its re-exports of Preact are used) and nothing updates.
 */
import { effect } from '@preact/signals-core';
import { options, type Component, type ComponentChildren, type VNode } from 'preact';

export { h, Component, createRef } from 'preact';
export type { ComponentChildren, ComponentType, Ref } from 'preact';

type Render = Component['render'];

interface Watched extends Component {
  /** Stops watching what the last render read; absent when it read nothing. */
  _unwatch?: (() => void) | undefined;
}

/** Preact's internal option hook and vnode field (mangled names, see above). */
type Hooks = typeof options & { __r?: (vnode: VNode) => void };
type InternalVNode = VNode & { __c?: Watched | null };
/** A signals-core effect, as seen from inside its callback. */
type Effect = { s?: object };

/** Each render wrapped so far, by the render it wraps; each wrapper by itself, so it is never wrapped again. */
const wrappers = new WeakMap<Render, Render>();

function watching(render: Render): Render {
  let watchedRender = wrappers.get(render);
  if (!watchedRender) {
    watchedRender = function (this: Watched, ...args) {
      const component = this;
      const previous = component._unwatch;
      previous?.();
      let out: ComponentChildren;
      let watcher: Effect | undefined;
      const unwatch = effect(function (this: Effect) {
        if (watcher) {
          component.forceUpdate();
        } else {
          watcher = this;
          out = render.apply(component, args);
        }
      });
      if (watcher?.s) {
        component._unwatch = unwatch;
      } else {
        unwatch();
        if (previous) component._unwatch = undefined;
      }
      return out;
    } as Render;
    wrappers.set(render, watchedRender).set(watchedRender, watchedRender);
  }
  return watchedRender;
}

const hooks = options as Hooks;
const beforeRender = hooks.__r;
hooks.__r = (vnode: InternalVNode) => {
  const component = vnode.__c!;
  const render = watching(component.render);
  if (component.render !== render) {
    // Function components get Preact's shared render as their own property; a class has it on its prototype.
    const owner = Object.hasOwn(component, 'render') ? component : Object.getPrototypeOf(component);
    owner.render = render;
  }
  beforeRender?.(vnode);
};

const beforeUnmount = options.unmount;
options.unmount = (vnode: InternalVNode) => {
  vnode.__c?._unwatch?.();
  beforeUnmount?.(vnode);
};
