/**
 * The npm package (DESIGN §2, §3.4), from a fresh build: what `npm pack` puts in it, that the module imports
 * in Node without a DOM and touches nothing, and that its generated types describe `mount()` to TypeScript
 * users.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLOW_WORK_MS } from '../testing.ts';

const ROOT = resolve(import.meta.dirname, '../..');
/** A package folder: package.json, README, LICENSE and a fresh `dist/`, as `prepack` leaves the repo. */
let pkg: string;

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), 'sermo-package-'));
  for (const file of ['package.json', 'README.md', 'LICENSE']) copyFileSync(join(ROOT, file), join(pkg, file));
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, SERMO_OUT_DIR: join(pkg, 'dist') },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
}, 180_000);

afterAll(() => {
  if (pkg) rmSync(pkg, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the loader, the module, its types, the iframe app and the README, and nothing else', () => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg, encoding: 'utf8' })) as [
      { files: { path: string }[] },
    ];
    const files = packed.files.map((f) => f.path).sort();
    const widget = readFileSync(join(pkg, 'dist/widget.html'), 'utf8');
    const widgetAssets = [...widget.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => `dist/${m[1]}`);
    expect(widgetAssets.length).toBeGreaterThan(0);
    for (const file of ['LICENSE', 'README.md', 'package.json', 'dist/sermo.js', 'dist/sermo-errors.js', 'dist/sermo.mjs', 'dist/widget.html', 'dist/types/embed/mount.d.ts', ...widgetAssets]) {
      expect(files).toContain(file);
    }
    const unexpected = files.filter(
      (f) =>
        !/^(LICENSE|README\.md|package\.json)$/.test(f) &&
        !/^dist\/(sermo\.m?js|sermo-errors\.js|widget\.html)$/.test(f) &&
        !/^dist\/types\/.+\.d\.ts$/.test(f) &&
        !/^dist\/assets\/[\w.-]+\.(js|css)$/.test(f) &&
        !/^dist\/avatars\/[\w-]+\.svg$/.test(f),
    );
    expect(unexpected).toEqual([]);
    // The demo site and the agent console are not for the browser of a customer's site.
    expect(files.some((f) => /console|index\.html|embed\.html|demo|site\//.test(f))).toBe(false);
  });

  it('names the module with its types and the classic loader in exports', () => {
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'sermo-webchat',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      license: expect.any(String),
      exports: {
        '.': { types: './dist/types/embed/mount.d.ts', default: './dist/sermo.mjs' },
        './sermo.js': './dist/sermo.js',
      },
      scripts: { prepack: 'npm run build' },
    });
    // Bundlers may drop the module's unused code (sermo.mjs does nothing at import), never what runs for its
    // effect: the classic loader and its error words, and in our own build the render hook of the widget's UI
    // and its stylesheets.
    expect(manifest.sideEffects).toEqual(['./dist/sermo.js', './dist/sermo-errors.js', './src/widget/ui/reactive.ts', '*.css']);
    expect(manifest.private).toBeUndefined();
    // Everything the browser runs is bundled into dist/: installing the package installs nothing else.
    expect(manifest.dependencies).toBeUndefined();
  });
});

describe('sermo.mjs', () => {
  it('imports in Node, without a DOM, and touches nothing until mount()', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const module = await import(join(pkg, 'dist/sermo.mjs'));
    expect(Object.keys(module)).toEqual(['mount']);
    expect(typeof module.mount).toBe('function');
    expect(Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name))).toEqual([]);
  });

  it('describes mount() to TypeScript: the config keys, the handle, and a wrong value refused', () => {
    const app = join(pkg, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    symlinkSync(pkg, join(app, 'node_modules', 'sermo-webchat'), 'dir');
    writeFileSync(
      join(app, 'good.ts'),
      `import { mount, type SermoChat, type SermoChatConfig } from 'sermo-webchat';
const config: SermoChatConfig = { broker: 'wss://chat.example.com/ws', locale: 'sv', open: true, notify: ['title'], resumeMinutes: 0, preChat: 'name,email*', widgetUrl: new URL('https://cdn.example.com/widget.html') };
const chat: SermoChat = mount(config);
chat.on('unread', (count: number) => count.toFixed());
chat.off('ended', () => {});
chat.toggle();
chat.destroy();
`,
    );
    writeFileSync(
      join(app, 'bad.ts'),
      `import { mount } from 'sermo-webchat';
mount({ broker: 'wss://x/ws', locale: 'de' });
mount({ broker: 'wss://x/ws' }).on('unread', (count: string) => count);
mount({ locale: 'en' });
`,
    );
    const tsc = (file: string) =>
      spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--lib', 'es2022,dom', '--types', '', file],
        { cwd: app, encoding: 'utf8' },
      );
    const good = tsc('good.ts');
    expect(good.stdout + good.stderr).toBe('');
    const bad = tsc('bad.ts').stdout;
    expect(bad).toMatch(/bad\.ts\(2,[^)]*\): error TS2322/);
    expect(bad).toMatch(/bad\.ts\(3,[^)]*\): error/);
    expect(bad).toMatch(/bad\.ts\(4,[^)]*\): error TS\d+: .*broker/);
  }, SLOW_WORK_MS);
});
