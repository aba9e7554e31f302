interface ImportMetaEnv {
  /** The broker's WebSocket URL, set when the example is built (`VITE_SERMO_BROKER=wss://...`). */
  readonly VITE_SERMO_BROKER?: string;
  /** Where `widget.html` is served (`VITE_SERMO_WIDGET_URL=https://...`). */
  readonly VITE_SERMO_WIDGET_URL?: string;
}
