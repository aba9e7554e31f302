/**
 * The launcher's and panel's CSS, adopted into the loader's open shadow root as a constructed stylesheet.
 *
 * Why a constructed sheet: a strict host CSP (no `'unsafe-inline'` in `style-src`) blocks `<style>`
 * elements, `style` attributes and `style.cssText`, but not CSSOM (`CSSStyleSheet.replaceSync`, property
 * writes), and only a sheet can say `:focus-visible`, `@media (max-width: 480px)` and
 * `prefers-reduced-motion`. The shadow root keeps host page CSS out and ours in.
 *
 * Only the checked `position` ('left' | 'right') is written into this text; the accent colour goes in as a
 * CSSOM property write on the launcher (`button.style.background`), never as CSS text.
 *
 * Every byte ships in `sermo.js` (DESIGN §8): the text says each thing once, and brotli has measured it.
 */

/**
 * `side` is 'left' or 'right' (checked): the only value ever written into this text. Sizes are literal (a
 * named constant would ship as a variable): the launcher is 56 px, 20 px from the viewport edges; the
 * panel sits 12 px above it (bottom 88 px) and keeps 20 px clear at the top (100dvh - 108 px).
 */
export const panelCss = (side: string): string =>
  ':host{all:initial}' +
  `button,iframe{position:fixed;${side}:calc(20px + env(safe-area-inset-${side}));z-index:2147483647;border:0}` +
  'button{bottom:calc(20px + env(safe-area-inset-bottom));width:56px;height:56px;' +
  'border-radius:50%;display:grid;place-items:center;background:#0b5cad;color:#fff;' +
  'cursor:pointer}' +
  // The icon: a speech bubble (its square corner is the tail), a minimise bar while the panel is open.
  'button:before{content:"";width:26px;height:22px;border-radius:8px 8px 8px 0;background:currentColor}' +
  ':host([open]) button:before{height:4px;border-radius:2px}' +
  // The unread badge (white text inherited from the button); empty (no unread) it is not shown.
  'span{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:10px;' +
  'background:#c4001d;font:700 12px/20px sans-serif}span:empty{display:none}' +
  'iframe{bottom:calc(88px + env(safe-area-inset-bottom));width:380px;' +
  'height:min(600px,100dvh - 108px);border-radius:12px;box-shadow:0 2px 8px #0004;' +
  // `visibility` animates as "visible" until the very end, so the panel fades out before it is hidden.
  // Hidden while the host element (`<sermo-chat>`) is not `open`.
  'transition:.2s}:host(:not([open])) iframe{opacity:0;visibility:hidden}' +
  // Full screen on a phone, clear of the notch and the home indicator (DESIGN §5). Under 480 px is portrait
  // (a phone in landscape is wider and gets the floating panel), so only top and bottom have insets.
  // `inset:0` overrides the side and bottom offsets; a replaced element still needs its size given.
  '@media(max-width:480px){iframe{inset:0;width:100%;height:100%;box-sizing:border-box;border-radius:0;' +
  'padding:env(safe-area-inset-top) 0 env(safe-area-inset-bottom)}}' +
  // The boolean form matches any preference but `no-preference`, i.e. `reduce`.
  '@media(prefers-reduced-motion){iframe{transition:none}}';
