import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as source from '../src/protocol/index.ts';
import { SLOW_WORK_MS } from '../src/testing.ts';
import { compressPass } from './vite-compress-pass.ts';
import { unsaidRefusals } from './vite-unsaid-refusals.ts';

const protocol = resolve(import.meta.dirname, '../src/protocol');
const fixtures = join(protocol, 'fixtures');

type Parsers = Pick<typeof source, 'parseWidgetFrame' | 'parseStoredInbound' | 'parseJsonObject'>;

let work: string;
/** The widget's three parsers as the widget's build makes them, and the code of that build. */
let built: { parsers: Parsers; code: string };

/**
 * Builds an entry exporting the widget's parsers as the `client` environment, minified as the widget is
 * (`compressPass`: it drops the arguments an unsaid refusal never reads), with `refusals`.
 */
async function buildParsers(name: string, refusals: ReturnType<typeof unsaidRefusals>): Promise<{ parsers: Parsers; code: string }> {
  const root = join(work, name);
  const { build } = await import('vite');
  await build({
    root: work,
    configFile: false,
    logLevel: 'silent',
    plugins: [refusals, compressPass()],
    build: {
      outDir: root,
      rolldownOptions: {
        input: join(work, 'parsers.ts'),
        preserveEntrySignatures: 'strict',
        output: { format: 'es', entryFileNames: 'parsers.js' },
      },
    },
  });
  const file = join(root, 'parsers.js');
  return { parsers: (await import(pathToFileURL(file).href)) as Parsers, code: await readFile(file, 'utf8') };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sermo-unsaid-'));
  await writeFile(join(work, 'parsers.ts'), `export { parseWidgetFrame, parseStoredInbound, parseJsonObject } from ${JSON.stringify(join(protocol, 'index.ts'))};\n`);
  built = await buildParsers('widget', unsaidRefusals(['client']));
}, SLOW_WORK_MS);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every fixture frame, and each of them with every top-level field (and every field of `raw`) made hostile. */
async function corpus(): Promise<string[]> {
  const frames: string[] = [];
  for (const folder of ['seed000', 'seed001', 'hostile']) {
    for (const file of await readdir(join(fixtures, folder))) frames.push(await readFile(join(fixtures, folder, file), 'utf8'));
  }
  const hostile: unknown[] = [null, 0, -1, 1.5, 2 ** 60, '', 'x'.repeat(70_000), [], {}, true, 'outbound', 'inbound'];
  const mutated: string[] = [];
  for (const frame of frames) {
    let value: unknown;
    try {
      value = JSON.parse(frame);
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      for (const bad of hostile) mutated.push(JSON.stringify({ ...record, [key]: bad }));
      mutated.push(JSON.stringify(Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))));
    }
    const raw = record.raw;
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
      for (const key of Object.keys(raw)) for (const bad of hostile) mutated.push(JSON.stringify({ ...record, raw: { ...raw, [key]: bad } }));
    }
    // As a stored outbox entry: an inbound format 2 frame with an id.
    mutated.push(JSON.stringify({ ...record, id: 'a1' }));
  }
  return [...frames, ...mutated, '{"type":"x","direction":"outbound"', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'];
}

describe('unsaidRefusals: the widget build refuses what the parser refuses, without the reasons', () => {
  it('accepts and refuses every frame of the corpus exactly as the source parsers do, with the same events', async () => {
    const frames = await corpus();
    expect(frames.length).toBeGreaterThan(1_000);
    let refused = 0;
    for (const frame of frames) {
      for (const name of ['parseWidgetFrame', 'parseStoredInbound'] as const) {
        const said = source[name](frame);
        const unsaid = built.parsers[name](frame);
        expect(unsaid.ok, `${name} ${frame.slice(0, 200)}`).toBe(said.ok);
        if (said.ok && unsaid.ok) expect(unsaid.event).toEqual(said.event);
        else {
          refused += 1;
          expect(unsaid).toEqual({ ok: false, reason: [['unsaid']] });
        }
      }
      const json = source.parseJsonObject(frame, 1_000);
      expect(built.parsers.parseJsonObject(frame, 1_000).ok).toBe(json.ok);
    }
    // The corpus is mostly refusals: the comparison above means something for both outcomes.
    expect(refused).toBeGreaterThan(frames.length / 2);
  });

  it('leaves the reasons out of the widget build, and in every other environment', async () => {
    // Codes of Problem (reason.ts) that only a refusal carries.
    for (const code of ['unknown type', 'no format', 'format 1 direction', 'not stored', 'unsafe integer']) expect(built.code).not.toContain(`"${code}"`);
    const other = await buildParsers('other', unsaidRefusals(['ssr']));
    expect(other.code).toContain('"unknown type"');
    expect(other.code).not.toContain('"unsaid"');
    expect(other.parsers.parseWidgetFrame('{"type":"x","direction":"outbound","userId":"u"}')).toEqual({
      ok: false,
      reason: [['unknown type', 'outbound', 'x']],
    });
  }, SLOW_WORK_MS);
});
