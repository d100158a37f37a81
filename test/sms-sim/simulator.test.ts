import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { SmppClient } from '../../src/delivery/sms/smpp/client.js';
import type { DeliveryReceipt } from '../../src/delivery/sms/smpp/receipt.js';
import { parseOutcomes, pickOutcome, seededRandom } from '../../src/sms-sim/outcomes.js';
import { startSmscSimulator } from '../../src/sms-sim/simulator.js';
import { freePort, spawnCli } from '../support/processes.js';

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('simulator outcomes', () => {
  it('parses distributions', () => {
    assert.deepEqual(parseOutcomes('DELIVRD=90, undeliv=5,EXPIRED:5'), [
      { status: 'DELIVRD', weight: 90 },
      { status: 'UNDELIV', weight: 5 },
      { status: 'EXPIRED', weight: 5 },
    ]);
    assert.throws(() => parseOutcomes('DELIVRD'), /not STATUS=weight/);
    assert.throws(() => parseOutcomes('SENT=1'), /unknown receipt status SENT/);
    assert.throws(() => parseOutcomes('DELIVRD=0'), /positive weight/);
  });

  it('draws deterministically from the seed and the weights', () => {
    const outcomes = parseOutcomes('DELIVRD=80,UNDELIV=20');
    const draw = (seed: number): string[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 2000 }, () => pickOutcome(outcomes, random()));
    };
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    const delivered = draw(7).filter((s) => s === 'DELIVRD').length;
    assert.ok(delivered > 1500 && delivered < 1700, String(delivered));
    assert.equal(pickOutcome(outcomes, 0.999999999), 'UNDELIV');
    assert.equal(pickOutcome(parseOutcomes('DELIVRD=1,EXPIRED=0'), 0.9999), 'DELIVRD');
  });
});

describe('simulator server', () => {
  it('gives the same receipts for the same seed', async () => {
    const run = async (): Promise<string[]> => {
      const sim = await startSmscSimulator({ outcomes: 'DELIVRD=50,UNDELIV=25,REJECTD=25', seed: 99, receiptDelayMs: 1 });
      const statuses = new Map<string, string>();
      const client = new SmppClient({ host: '127.0.0.1', port: sim.port, systemId: 'any', password: 'any', onReceipt: (r) => void statuses.set(r.messageId, r.status) });
      await client.connect();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => client.submit({ source: '7522', destination: `+100000000${i}`, dataCoding: 0, body: Buffer.from('x') })));
      await waitUntil('receipts', () => statuses.size === 50);
      await client.close();
      await sim.close();
      return results.map((r) => ('messageId' in r ? (statuses.get(r.messageId) ?? '?') : 'error'));
    };
    assert.deepEqual(await run(), await run());
  });

  it('holds receipts until a receiver with the same system_id binds', async () => {
    const sim = await startSmscSimulator({ receiptDelayMs: 50 });
    try {
      const first = new SmppClient({ host: '127.0.0.1', port: sim.port, systemId: 'acme', password: 'x' });
      await first.connect();
      const results = await Promise.all([1, 2, 3].map((i) => first.submit({ source: 'Acme', destination: `+44770090000${i}`, dataCoding: 0, body: Buffer.from('hi') })));
      await first.close();
      await waitUntil('receipts held', () => sim.stats.receiptsWaiting === 3);
      const receipts: DeliveryReceipt[] = [];
      const second = new SmppClient({ host: '127.0.0.1', port: sim.port, systemId: 'acme', password: 'x', bind: 'transmitter+receiver', onReceipt: (r) => void receipts.push(r) });
      await second.connect();
      await waitUntil('held receipts delivered', () => receipts.length === 3);
      assert.deepEqual(receipts.map((r) => r.messageId), results.map((r) => ('messageId' in r ? r.messageId : '?')));
      assert.equal(sim.stats.receiptsWaiting, 0);
      await second.close();
    } finally {
      await sim.close();
    }
  });
});

describe('herald smsc-sim', () => {
  it('starts, takes a bind and a submit, sends the receipt, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawnCli(['smsc-sim', '--port', String(port), '--system-id', 'cli', '--password', 'pw', '--receipt-delay-ms', '10', '--outcomes', 'EXPIRED=1', '--seed', '3'], {});
    let stdout = '';
    child.stdout?.on('data', (d) => (stdout += d));
    try {
      await waitUntil('the listening line', () => stdout.includes('listening on'), 20_000);
      assert.match(stdout, new RegExp(`listening on 127\\.0\\.0\\.1:${port} \\(system_id cli; outcomes EXPIRED=1\\)`));
      const receipts: DeliveryReceipt[] = [];
      const bad = new SmppClient({ host: '127.0.0.1', port, systemId: 'cli', password: 'nope' });
      await assert.rejects(bad.connect(), /ESME_RINVPASWD/);
      const client = new SmppClient({ host: '127.0.0.1', port, systemId: 'cli', password: 'pw', onReceipt: (r) => void receipts.push(r) });
      await client.connect();
      const r = await client.submit({ source: 'Herald', destination: '+447700900123', dataCoding: 0, body: Buffer.from('From the CLI') });
      assert.ok('messageId' in r, JSON.stringify(r));
      await waitUntil('the receipt', () => receipts.length === 1);
      assert.equal(receipts[0]?.status, 'EXPIRED');
      assert.equal(receipts[0]?.messageId, r.messageId);
      assert.equal(receipts[0]?.text, 'From the CLI');
      await client.close();
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      assert.equal(code, 0);
      assert.match(stdout, /stopped: connections=0 submits=1 throttled=0 receipts=1 acked=1/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('rejects a bad outcomes list', async () => {
    const child = spawnCli(['smsc-sim', '--port', '0', '--outcomes', 'DELIVRD=x'], {});
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += d));
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.notEqual(code, 0);
    assert.match(stderr, /not STATUS=weight/);
  });
});
