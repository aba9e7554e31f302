/**
 * Child processes of the broker-scale suite: the server under load (pinned to one core) and the load
 * generator (on another core when there is one). Each is started under `bash -c` so its open-file limit
 * can be raised to the hard limit first (10,000 sockets need more than the usual 1,024).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ROOT } from '../build.ts';

const TS_REGISTER = `${ROOT}/scripts/ts-register.mjs`;

const quote = (arg: string): string => `'${arg.replaceAll("'", "'\\''")}'`;

/**
 * `node --import ts-register <script> <args>`, pinned to `cpu` with taskset when given, and with `nice` when
 * `background` (an attacker must not starve the customer it is measured against of its share of the core).
 */
/**
 * The servers run as `npm run broker` runs the broker (package.json): with V8's young generation capped, which
 * bounds the memory a churn of short-lived connections grows (DESIGN §6.2 flood budget; README "Running it on
 * the internet"). The bare `ws` server it is compared with runs the same way.
 */
const SERVER_NODE_FLAGS = ['--max-semi-space-size=4'];

function nodeCommand(script: string, args: readonly string[], cpu: number | null, background = false, nodeFlags: readonly string[] = []): string {
  const pin = cpu === null ? '' : `taskset -c ${cpu} `;
  const node = [process.execPath, ...nodeFlags, '--import', TS_REGISTER, script, ...args].map(quote).join(' ');
  return `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec ${background ? 'nice -n 10 ' : ''}${pin}${node}`;
}

export interface ServerChild {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts a server script that prints `listening on http://HOST:PORT` (the broker's `main.ts`, or the
 * bare server) and resolves once it has. `exec` keeps the pid that of node itself, for /proc.
 */
export function startServer(script: string, env: Record<string, string>, cpu: number | null, timeoutMs = 30_000): Promise<ServerChild> {
  const child = spawn('bash', ['-c', nodeCommand(script, [], cpu, false, SERVER_NODE_FLAGS)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderrTail = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    // Per-connection log lines: only the tail is kept, for an error message.
    stderrTail = (stderrTail + chunk.toString()).slice(-2_000);
  });
  const stop = () => stopChild(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${script} did not print "listening on" within ${timeoutMs} ms: ${stderrTail.trim()}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before listening: ${stderrTail.trim()}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)/.exec(line);
      if (!match || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, pid: child.pid, stop });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs the load generator with its plan and returns its one JSON line (parsed by the caller). */
export function runLoad(planJson: string, cpu: number | null, timeoutMs: number): Promise<string> {
  return runJsonChild(`${ROOT}/bench/broker/load.ts`, planJson, cpu, timeoutMs);
}

/** Runs the attacker of the "under attack" suite with its plan and returns its one JSON line. */
export function runAttacker(planJson: string, cpu: number | null, timeoutMs: number): Promise<string> {
  return runJsonChild(`${ROOT}/bench/broker/attacker.ts`, planJson, cpu, timeoutMs, true);
}

/** Runs the failover generator of the cluster suite with its plan and returns its one JSON line. */
export function runFailover(planJson: string, timeoutMs: number): Promise<string> {
  return runJsonChild(`${ROOT}/bench/broker/failover.ts`, planJson, null, timeoutMs);
}

/** Runs a script that takes one JSON argument and prints one JSON line last; killed after `timeoutMs`. */
function runJsonChild(script: string, planJson: string, cpu: number | null, timeoutMs: number, background = false): Promise<string> {
  const child = spawn('bash', ['-c', nodeCommand(script, [planJson], cpu, background)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) resolve(line);
      else reject(new Error(`${script} exited with ${code}: ${stderr.trim() || stdout.trim()}`));
    });
  });
}
