import { it } from 'node:test';
import assert from 'node:assert/strict';
import { parseSmppRoutes } from '../../../src/delivery/sms/routes.js';
import { SmsSender } from '../../../src/delivery/sms/sender.js';
import { startSmscSimulator } from '../../../src/sms-sim/simulator.js';

/*
 * A measurement, not a gate: 10,000 single-part messages through one route (window 100) into the
 * simulator, with receipts flowing back on the same session. Prints the rates; asserts only that
 * every message was submitted.
 */
it('measures messages/s and parts/s through one route, window 100', async () => {
  const sim = await startSmscSimulator({ systemId: 'herald', password: 's3cret', receiptDelayMs: 5 });
  const sender = new SmsSender({ routes: parseSmppRoutes(`smpp://herald:s3cret@127.0.0.1:${sim.port}?window=100`) });
  let receipts = 0;
  sender.onReceipt(() => void (receipts += 1));
  await sender.start();
  try {
    const n = 10_000;
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
});
