import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { parseSmppRoutes } from '../src/delivery/sms/routes.js';
import { SmsSender } from '../src/delivery/sms/sender.js';
import { startSmscSimulator } from '../src/sms-sim/simulator.js';

/*
 * The SMPP side alone (`npm run bench:smpp [-- --count 10000]`): single-part messages through one
 * route (window 100) into the simulator in the same process, receipts flowing back on the same
 * session. No database: the pipeline's own benchmark (a campaign through the dispatcher) is
 * bench:sms, which comes with SMS campaigns.
 */
const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' } } });

async function main(): Promise<void> {
  const sim = await startSmscSimulator({ systemId: 'herald', password: 's3cret', receiptDelayMs: 5 });
  const sender = new SmsSender({ routes: parseSmppRoutes(`smpp://herald:s3cret@127.0.0.1:${sim.port}?window=100`) });
  let receipts = 0;
  sender.onReceipt(() => void (receipts += 1));
  await sender.start();
  try {
    const n = Number(values.count);
    const started = process.hrtime.bigint();
    const results = await Promise.all(Array.from({ length: n }, (_, i) => sender.send({ destination: `+7701${String(i).padStart(7, '0')}`, source: 'Herald', text: `Your code is ${String(i).padStart(6, '0')}` })));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const parts = results.reduce((sum, r) => sum + (r.kind === 'submitted' ? r.parts.length : 0), 0);
    assert.equal(results.filter((r) => r.kind === 'submitted').length, n);
    while (receipts < n && Number(process.hrtime.bigint() - started) / 1e9 < 20) await new Promise((r) => setTimeout(r, 10));
    const withReceipts = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`SMS sender, 1 route, window 100: ${n} messages in ${seconds.toFixed(2)} s = ${Math.round(n / seconds)} messages/s, ${Math.round(parts / seconds)} parts/s; ${receipts} receipts within ${withReceipts.toFixed(2)} s`);
  } finally {
    await sender.close();
    await sim.close();
  }
}

await main();
