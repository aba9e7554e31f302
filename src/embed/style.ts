/**
 * The launcher's and panel's CSS, adopted into the loader's open shadow root as a constructed stylesheet.
 *
 * Why a constructed sheet: a strict host CSP (no `'unsafe-inline'` in `style-src`) blocks `<style>`
 * elements, `style` attributes and `style.cssText`, but not CSSOM (`CSSStyleSheet.replaceSync`, property
 * writes), and only a sheet can say `:focus-visible`, `@media (max-width: 480px)` and
 * `prefers-reduced-motion`. The shadow root keeps host page CSS out and ours in.
 *
 * Only the validated `position` ('left' | 'right') is written into this text; the accent colour goes in as
 * the `--sermo-accent` custom property through `style.setProperty`, never as CSS text.
 */

/** Launcher size and its gap to the viewport edge, in px; the panel sits 12 px above the launcher. */
const EDGE = 20;
const BUTTON = 56;
const ABOVE = EDGE + BUTTON + 12;

/** `side` is 'left' or 'right' (validated): the only value ever written into this text. */
export const panelCss = (side: 'left' | 'right'): string =>
  ':host{all:initial}' +
  `button,iframe{position:fixed;${side}:calc(${EDGE}px + env(safe-area-inset-${side}));z-index:2147483647;border:0}` +
  `button{bottom:calc(${EDGE}px + env(safe-area-inset-bottom));width:${BUTTON}px;height:${BUTTON}px;` +
  'border-radius:50%;display:grid;place-items:center;background:var(--sermo-accent,#0b5cad);color:#fff;' +
  'cursor:pointer}' +
  // The icon: a speech bubble (its square corner is the tail), a minimise bar while the panel is open.
  'button:before{content:"";width:26px;height:22px;border-radius:8px 8px 8px 0;background:currentColor}' +
  '.o:before{height:4px;border-radius:2px}' +
  // The unread badge; empty (no unread) it is not shown.
  'span{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:10px;' +
  'background:#c4001d;color:#fff;font:700 12px/20px sans-serif}span:empty{display:none}' +
  `iframe{bottom:calc(${ABOVE}px + env(safe-area-inset-bottom));width:380px;` +
  `height:min(600px,100dvh - ${ABOVE + EDGE}px);border-radius:12px;box-shadow:0 2px 8px #0004;` +
  // `visibility` animates as "visible" until the very end, so the panel fades out before it is hidden.
  'transition:.2s}.c{opacity:0;visibility:hidden}' +
  // Full screen on a phone, clear of the notch and the home indicator (DESIGN §5). Under 480 px is portrait
  // (a phone in landscape is wider and gets the floating panel), so only top and bottom have insets.
  '@media(max-width:480px){iframe{top:0;left:0;width:100%;height:100%;box-sizing:border-box;border-radius:0;' +
  'padding:env(safe-area-inset-top) 0 env(safe-area-inset-bottom)}}' +
  '@media(prefers-reduced-motion:reduce){iframe{transition:none}}';
