/**
 * The SMSC for the SMS campaign benchmark, run as its own process so its CPU is not Herald's: the
 * simulator of `herald smsc-sim` (src/sms-sim) with all receipts DELIVRD after a short delay. It
 * reports its statistics to the parent every 20 ms while they change, with the time each counter
 * last moved, so the parent knows when the last submit_sm was answered and the last receipt acked.
 * Argument: the receipt delay in ms.
 */
import { startSmscSimulator, type SimulatorStats } from '../src/sms-sim/simulator.js';

export interface SmscReport {
  port?: number;
  stats?: SimulatorStats;
  firstSubmitAt?: number;
  lastSubmitAt?: number;
  lastAckAt?: number;
}

const sim = await startSmscSimulator({ systemId: 'herald', password: 'bench', receiptDelayMs: Number(process.argv[2] ?? 100), outcomes: 'DELIVRD=1' });
process.send?.({ port: sim.port } satisfies SmscReport);

let submits = 0;
let acked = 0;
let firstSubmitAt: number | undefined;
let lastSubmitAt: number | undefined;
let lastAckAt: number | undefined;
let last = '';
setInterval(() => {
  const now = Date.now();
  if (sim.stats.submits !== submits) {
    firstSubmitAt ??= now;
    lastSubmitAt = now;
    submits = sim.stats.submits;
  }
  if (sim.stats.receiptsAcked !== acked) {
    lastAckAt = now;
    acked = sim.stats.receiptsAcked;
  }
  const report: SmscReport = { stats: { ...sim.stats, outcomes: { ...sim.stats.outcomes } }, firstSubmitAt, lastSubmitAt, lastAckAt };
  const text = JSON.stringify(report);
  if (text !== last) process.send?.(report);
  last = text;
}, 20);

const stop = (): void => {
  const cpu = process.cpuUsage();
  process.stderr.write(`smsc-sim CPU: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms\n`);
  void sim.close().finally(() => process.exit(0));
};
process.on('disconnect', stop);
process.on('SIGTERM', stop);
