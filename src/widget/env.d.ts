/** DESIGN §6.2: `SERMO_WIDGET_BROKERS` at build time, as http(s) origins (vite.config.ts); null when unset. */
declare const __SERMO_WIDGET_BROKERS__: readonly string[] | null;
