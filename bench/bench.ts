// `npm run bench`: runs every bench module and prints figures, reference figures and their ratio.
import * as os from 'node:os';
import type { BenchModule, BenchRow } from './types';
import { benchModules } from './modules';

function format(row: BenchRow): string {
  const value = `${row.value.toFixed(row.value < 10 ? 2 : 1)} ${row.unit}`;
  const reference = row.reference
    ? `  | ${row.reference.name}: ${row.reference.value.toFixed(row.reference.value < 10 ? 2 : 1)} ${row.unit}  ratio ${(row.value / row.reference.value).toFixed(2)}x`
    : '';
  let verdict = '';
  if (row.target?.max !== undefined) verdict = row.value <= row.target.max ? `  [target <= ${row.target.max}: met]` : `  [target <= ${row.target.max}: MISSED]`;
  if (row.target?.min !== undefined) verdict = row.value >= row.target.min ? `  [target >= ${row.target.min}: met]` : `  [target >= ${row.target.min}: MISSED]`;
  if (row.target?.maxRatio !== undefined && row.reference) {
    const met = row.value / row.reference.value <= row.target.maxRatio;
    verdict += `  [target ratio <= ${row.target.maxRatio}x: ${met ? 'met' : 'MISSED'}]`;
  }
  return `${row.name.padEnd(56)} ${value.padStart(14)}${reference}${verdict}`;
}

/** The machine is shared: every module prints the load averages beside its figures. */
function load(): string {
  return `load ${os.loadavg().map((value) => value.toFixed(2)).join(' ')} on ${os.cpus().length} cores`;
}

async function main(): Promise<void> {
  // `npm run bench -- audit scaling` runs only the named modules (all when none is named).
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const unknown = only.filter((name) => !(name in benchModules));
  if (unknown.length > 0) throw new Error(`unknown bench module(s) ${unknown.join(', ')}; known: ${Object.keys(benchModules).join(', ')}`);
  console.log(`Node ${process.version}, ${os.cpus().length} cores, ${load()}`);
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  for (const [name, run] of Object.entries(benchModules) as [string, BenchModule][]) {
    if (only.length > 0 && !only.includes(name)) continue;
    console.log(`\n== ${name} (${load()})`);
    const moduleStart = performance.now();
    const moduleCpu = process.cpuUsage();
    try {
      for (const row of await run()) console.log(format(row));
    } catch (error) {
      console.log(`  failed: ${(error as Error).stack}`);
      process.exitCode = 1;
    }
    console.log(`   (${load()} after ${name}; the module took ${took(moduleStart, moduleCpu)})`);
  }
  // The target: the whole run under 5 minutes on an idle machine. CPU time is this process's own (child
  // processes such as the CLI runs of \`large\` are not in it); on a busy machine wall time exceeds it.
  console.log(`\nbench total: ${took(started, startedCpu)} (${load()})`);
}

/** Wall and CPU (user + system) seconds since `wallStart` / `cpuStart`. */
function took(wallStart: number, cpuStart: NodeJS.CpuUsage): string {
  const cpu = process.cpuUsage(cpuStart);
  return `${((performance.now() - wallStart) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`;
}

void main();
