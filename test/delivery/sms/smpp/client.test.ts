import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SmppClient, type SmppClientOptions, type SubmitPart, type SubmitResult } from '../../../../src/delivery/sms/smpp/client.js';
import { BindError } from '../../../../src/delivery/sms/smpp/link.js';
import { concatUdh, parseConcatUdh } from '../../../../src/delivery/sms/smpp/pdu-fields.js';
import { smscIdsMatch, type DeliveryReceipt } from '../../../../src/delivery/sms/smpp/receipt.js';
import { startSmscSimulator, type SmscSimulator, type SmscSimulatorOptions } from '../../../../src/sms-sim/simulator.js';

const CREDENTIALS = { systemId: 'herald', password: 's3cret' };

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A simulator and a bound client, receipts collected; closed by the caller. */
async function pair(sim: Partial<SmscSimulatorOptions> = {}, client: Partial<SmppClientOptions> = {}) {
  const server = await startSmscSimulator({ ...CREDENTIALS, receiptDelayMs: 5, record: true, ...sim });
  const receipts: DeliveryReceipt[] = [];
  const states: string[] = [];
  const smpp = new SmppClient({
    host: '127.0.0.1',
    port: server.port,
    ...CREDENTIALS,
    reconnectInitialMs: 50,
    onReceipt: (r) => void receipts.push(r),
    onState: (state) => void states.push(state),
    ...client,
  });
  await smpp.connect();
  return {
    sim: server,
    client: smpp,
    receipts,
    states,
    close: async () => {
      await smpp.close();
      await server.close();
    },
  };
}

const part = (i: number): SubmitPart => ({ source: 'Herald', destination: `+4477009${String(i).padStart(5, '0')}`, dataCoding: 0, body: Buffer.from(`Message ${i}`, 'latin1') });
const idOf = (r: SubmitResult): string => ('messageId' in r ? r.messageId : assert.fail(`expected an id, got ${r.error.kind}: ${r.error.message}`));

describe('SMPP client against the simulator', () => {
  let sim: SmscSimulator;
  before(async () => {
    sim = await startSmscSimulator(CREDENTIALS);
  });
  after(() => sim.close());

  it('fails a bind with a bad password clearly', async () => {
    const client = new SmppClient({ host: '127.0.0.1', port: sim.port, systemId: 'herald', password: 'wrong' });
    await assert.rejects(client.connect(), (err: unknown) => {
      assert.ok(err instanceof BindError);
      assert.equal(err.commandStatus, 0x0e);
      assert.match(err.message, /refused bind_transceiver for herald: ESME_RINVPASWD \(0x0e\)/);
      return true;
    });
    assert.equal(client.bound, false);
    const late = await client.submit(part(1));
    assert.ok('error' in late && late.error.retryable);
    await client.close();
    const badId = new SmppClient({ host: '127.0.0.1', port: sim.port, systemId: 'nobody', password: 's3cret' });
    await assert.rejects(badId.connect(), /ESME_RINVSYSID/);
  });

  it('fails to connect to a port nobody listens on', async () => {
    const client = new SmppClient({ host: '127.0.0.1', port: 1, ...CREDENTIALS });
    await assert.rejects(client.connect(), /cannot connect to SMSC 127\.0\.0\.1:1/);
  });

  it('submits 1,000 parts through a window of 100 and gets every receipt', async () => {
    const t = await pair({ outcomes: 'DELIVRD=90,UNDELIV=5,EXPIRED=5', seed: 42, record: false });
    try {
      const pending = Array.from({ length: 1000 }, (_, i) => t.client.submit(part(i)));
      assert.equal(t.client.outstanding, 100);
      assert.equal(t.client.pending, 1000);
      const ids = (await Promise.all(pending)).map(idOf);
      assert.equal(new Set(ids).size, 1000);
      await waitUntil('1,000 receipts', () => t.receipts.length === 1000);
      assert.deepEqual(new Set(t.receipts.map((r) => r.messageId)), new Set(ids));
      const counts: Record<string, number> = {};
      for (const r of t.receipts) counts[r.status] = (counts[r.status] ?? 0) + 1;
      assert.deepEqual(counts, t.sim.stats.outcomes);
      assert.ok((counts.DELIVRD ?? 0) > 850 && (counts.UNDELIV ?? 0) > 20 && (counts.EXPIRED ?? 0) > 20, JSON.stringify(counts));
      for (const r of t.receipts) {
        assert.equal(r.textId, r.messageId);
        assert.ok(r.submitDate instanceof Date && r.doneDate instanceof Date);
        assert.equal(r.error, r.status === 'DELIVRD' ? '000' : r.status === 'UNDELIV' ? '001' : '027');
      }
      await waitUntil('receipts acknowledged', () => t.sim.stats.receiptsAcked === 1000);
    } finally {
      await t.close();
    }
  });

  it('reports throttling and loses nothing when the caller retries', async () => {
    const t = await pair({ throttleEvery: 7 });
    try {
      const ids = new Map<number, string>();
      let todo = Array.from({ length: 200 }, (_, i) => i);
      let throttled = 0;
      for (let round = 0; todo.length > 0; round++) {
        assert.ok(round < 20, 'retries did not converge');
        const results = await Promise.all(todo.map((i) => t.client.submit(part(i))));
        const again: number[] = [];
        results.forEach((r, k) => {
          const i = todo[k] as number;
          if ('messageId' in r) return void ids.set(i, r.messageId);
          assert.equal(r.error.kind, 'throttled');
          assert.equal(r.error.commandStatus, 0x58);
          assert.equal(r.error.retryable, true);
          throttled += 1;
          again.push(i);
        });
        todo = again;
        await new Promise((r) => setTimeout(r, 10)); // the caller slows down
      }
      assert.ok(throttled >= 28, `only ${throttled} throttled`);
      assert.equal(ids.size, 200);
      assert.equal(t.sim.stats.submits, 200);
      assert.equal(t.sim.stats.throttled, throttled);
      await waitUntil('200 receipts', () => t.receipts.length === 200);
      assert.deepEqual(new Set(t.sim.received.map((p) => p.destination)).size, 200);
    } finally {
      await t.close();
    }
  });

  it('fails pending submits as retryable when the connection drops, then reconnects', async () => {
    const t = await pair({ receiptDelayMs: 300 });
    try {
      // Accepted before the drop: their receipts must still arrive, after the reconnect.
      const early = (await Promise.all([1, 2, 3].map((i) => t.client.submit(part(i))))).map(idOf);
      t.sim.swallowSubmits(true);
      const pending = Array.from({ length: 150 }, (_, i) => t.client.submit(part(100 + i)));
      await waitUntil('submits in flight', () => t.client.outstanding === 100);
      const dropAt = Date.now();
      t.sim.dropConnections();
      const results = await Promise.all(pending);
      assert.ok(Date.now() - dropAt < 1000, 'pending submits hung');
      for (const r of results) {
        assert.ok('error' in r);
        assert.equal(r.error.kind, 'connection-lost');
        assert.equal(r.error.retryable, true);
      }
      const during = await t.client.submit(part(999));
      assert.ok('error' in during && during.error.kind === 'connection-lost');
      t.sim.swallowSubmits(false);
      await waitUntil('rebound', () => t.client.bound);
      assert.deepEqual(t.states.slice(-3), ['disconnected', 'connecting', 'bound']);
      idOf(await t.client.submit(part(4)));
      await waitUntil('receipts from before the drop', () => early.every((id) => t.receipts.some((r) => r.messageId === id)));
    } finally {
      await t.close();
    }
  });

  it('keeps the link alive with enquire_link both ways', async () => {
    const t = await pair({ enquireLinkMs: 30 }, { enquireLinkMs: 30 });
    try {
      await waitUntil('enquire_link exchanged', () => t.sim.stats.enquireLinks >= 3 && t.sim.stats.enquireLinkResps >= 3);
      assert.equal(t.client.bound, true);
    } finally {
      await t.close();
    }
  });

  it('times out a submit the SMSC never answers', async () => {
    const t = await pair({}, { responseTimeoutMs: 200 });
    try {
      t.sim.swallowSubmits(true);
      const started = Date.now();
      const r = await t.client.submit(part(1));
      assert.ok('error' in r && r.error.kind === 'timeout' && r.error.retryable, JSON.stringify(r));
      assert.ok(Date.now() - started < 1000);
      t.sim.swallowSubmits(false);
      idOf(await t.client.submit(part(2)));
    } finally {
      await t.close();
    }
  });

  it('sends a 3-part UCS-2 message as 3 concatenated submit_sm', async () => {
    const t = await pair();
    try {
      const text = 'Привет! Это длинное сообщение Herald, '.repeat(6).slice(0, 67 * 3);
      const ucs2 = Buffer.from(text, 'utf16le').swap16();
      const parts = [0, 1, 2].map((k) => ({ source: 'Herald', destination: '+79161234567', dataCoding: 8, udh: concatUdh(0x5a, 3, k + 1), body: ucs2.subarray(k * 134, (k + 1) * 134) }));
      const ids = (await Promise.all(parts.map((p) => t.client.submit(p)))).map(idOf);
      assert.equal(t.sim.received.length, 3);
      const got = [...t.sim.received].sort((a, b) => (parseConcatUdh(a.udh as Buffer)?.sequence ?? 0) - (parseConcatUdh(b.udh as Buffer)?.sequence ?? 0));
      got.forEach((p, k) => {
        assert.equal(p.dataCoding, 8);
        assert.equal(p.esmClass & 0x40, 0x40);
        assert.deepEqual(p.udh, Buffer.from([0x05, 0x00, 0x03, 0x5a, 3, k + 1]));
        assert.equal(p.body.length, 134);
        assert.equal(p.destination, '79161234567');
      });
      assert.equal(Buffer.concat(got.map((p) => p.body)).swap16().toString('utf16le'), text);
      await waitUntil('3 receipts', () => t.receipts.length === 3);
      assert.deepEqual(new Set(t.receipts.map((r) => r.messageId)), new Set(ids));
    } finally {
      await t.close();
    }
  });

  it('refuses an over-long short_message without sending it', async () => {
    const t = await pair();
    try {
      const r = await t.client.submit({ ...part(1), body: Buffer.alloc(300, 0x41) });
      assert.ok('error' in r && r.error.kind === 'invalid' && !r.error.retryable);
      assert.match(r.error.message, /over SMPP's 254/);
      assert.equal(t.sim.stats.submits, 0);
      const viaPayload = await t.client.submit({ ...part(2), body: Buffer.alloc(300, 0x41), allowPayload: true });
      idOf(viaPayload);
      assert.equal(t.sim.received[0]?.viaPayload, true);
      assert.equal(t.sim.received[0]?.body.length, 300);
    } finally {
      await t.close();
    }
  });

  it('binds transmitter + receiver and matches hex ids against decimal receipts', async () => {
    const t = await pair({ idFormat: 'hex', receiptIdFormat: 'decimal', receiptTlvs: false }, { bind: 'transmitter+receiver' });
    try {
      assert.equal(t.sim.stats.binds, 2);
      const ids = (await Promise.all(Array.from({ length: 20 }, (_, i) => t.client.submit(part(i))))).map(idOf);
      assert.ok(ids.some((id) => /[A-F]/.test(id)), 'expected hex ids');
      await waitUntil('20 receipts', () => t.receipts.length === 20);
      // Receipts come in submit order here; each decimal text id matches its hex submit id.
      ids.forEach((id, i) => assert.ok(smscIdsMatch(id, t.receipts[i]?.messageId ?? ''), `${id} vs ${t.receipts[i]?.messageId}`));
      assert.equal(t.receipts[9]?.messageId, '10'); // submit id A, the ambiguity SmscIdIndex resolves by evidence
      assert.ok(t.receipts.every((r) => r.tlvId === null && /^\d+$/.test(r.messageId)));
    } finally {
      await t.close();
    }
  });

  it('answers ESME_RX_T_APPN when the receipt handler fails, and takes the redelivered receipt', async () => {
    let failures = 2;
    const seen: string[] = [];
    const t = await pair({ receiptDelayMs: 20 }, { onReceipt: async (r) => (failures-- > 0 ? Promise.reject(new Error('database down')) : void seen.push(r.messageId)) });
    try {
      const id = idOf(await t.client.submit(part(1)));
      await waitUntil('the receipt taken', () => seen.length === 1);
      assert.deepEqual(seen, [id]);
      assert.equal(t.sim.stats.receiptsRefused, 2);
      assert.equal(t.sim.stats.receiptsSent, 3);
      await waitUntil('the receipt acknowledged', () => t.sim.stats.receiptsAcked === 1);
    } finally {
      await t.close();
    }
  });
});
