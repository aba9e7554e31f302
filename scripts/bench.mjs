// `npm run bench [-- --quick] [-- --only=sizes,host,open,render,storm,broker] [-- --build]`: the DESIGN §8
// benchmarks (bench/README.md). Node 20 cannot run TypeScript itself, so the hooks that transpile
// bench/ and src/ on load are registered before the suites are imported.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);

const { main } = await import('../bench/main.ts');
process.exitCode = await main(process.argv.slice(2));
