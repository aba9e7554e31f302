/** What the benchmarks ran on: printed above the table and stored in results.json. */
import { spawnSync } from 'node:child_process';
import { cpus, release, totalmem, type } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  /** Filled in by the browser suites (`browser.version()`); null if no browser ran. */
  chromium: string | null;
  /** Whether `taskset` can pin the broker to one core. */
  taskset: boolean;
}

export function hasTaskset(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium: null,
    taskset: hasTaskset(),
  };
}

export function machineLine(machine: Machine): string {
  return (
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; ` +
    `node ${machine.node}; chromium ${machine.chromium ?? 'not run'}` +
    (machine.taskset ? '' : '; no taskset (broker not pinned to one core)')
  );
}
