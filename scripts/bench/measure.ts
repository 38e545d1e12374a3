/**
 * The clock and the result line of one benchmark program (a child process of scripts/bench.ts).
 * Imports nothing: each program loads only what it measures.
 */
let started = process.hrtime.bigint();
let constructed = started;
let cpuStarted = process.cpuUsage();

/** Starts the clock: call it after the program's imports, so that loading them is not counted (the whole-process figure counts it). */
export function startClock(): void {
  started = process.hrtime.bigint();
  constructed = started;
  cpuStarted = process.cpuUsage();
}

/** Marks the end of construction (the rest until `report()` is synthesis). */
export function constructionDone(): void {
  constructed = process.hrtime.bigint();
}

/**
 * Prints {"ms": <construct + synth>, "cpuMs": <its CPU time, user + system, all threads>,
 * "constructMs": <construct>, "rssMb": <peak resident set>} as the last line.
 */
export function report(extra: Record<string, number> = {}): void {
  const ms = (from: bigint, to: bigint) => Math.round(Number(to - from) / 1e6);
  const done = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuStarted);
  const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  console.log(JSON.stringify({ ms: ms(started, done), cpuMs, constructMs: ms(started, constructed), rssMb, ...extra }));
}
