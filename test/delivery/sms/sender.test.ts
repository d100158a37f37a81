import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGsm7 } from '../../../src/core/sms/encoding/gsm7.js';
import { decodeUcs2 } from '../../../src/core/sms/encoding/ucs2.js';
import { parseConcatenationUdh } from '../../../src/core/sms/encoding/udh.js';
import { parseSmppRoutes } from '../../../src/delivery/sms/routes.js';
import { SmsSender, type RoutedReceipt, type SmsSendResult, type SmsSenderOptions } from '../../../src/delivery/sms/sender.js';
import { fieldNumber, fieldString } from '../../../src/delivery/sms/smpp/pdu-fields.js';
import { listenSmpp, type Pdu } from '../../../src/delivery/sms/smpp/wire.js';
import { startSmscSimulator, type ReceivedPart, type SmscSimulator, type SmscSimulatorOptions } from '../../../src/sms-sim/simulator.js';

const CREDENTIALS = { systemId: 'herald', password: 's3cret' };
const FAST_CLIENT: SmsSenderOptions['client'] = { reconnectInitialMs: 30, reconnectMaxMs: 200, responseTimeoutMs: 2000 };

async function waitUntil(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const routeUrl = (port: number, query = ''): string => `smpp://${CREDENTIALS.systemId}:${CREDENTIALS.password}@127.0.0.1:${port}${query}`;

/** A simulator and a started sender with one default route to it; receipts collected. */
async function single(sim: Partial<SmscSimulatorOptions> = {}, options: Partial<SmsSenderOptions> = {}, query = '?name=main') {
  const server = await startSmscSimulator({ ...CREDENTIALS, receiptDelayMs: 5, record: true, ...sim });
  const sender = new SmsSender({ routes: parseSmppRoutes(routeUrl(server.port, query)), client: FAST_CLIENT, ...options });
  const receipts: RoutedReceipt[] = [];
  sender.onReceipt((r) => void receipts.push(r));
  await sender.start();
  return {
    sim: server,
    sender,
    receipts,
    close: async () => {
      await sender.close();
      await server.close();
    },
  };
}

function submitted(result: SmsSendResult): Extract<SmsSendResult, { kind: 'submitted' }> {
  if (result.kind !== 'submitted') assert.fail(`expected submitted, got ${result.kind}: ${result.reason}`);
  return result;
}

/** The text the SMSC received in these parts (UDH stripped, parts in sequence order). */
function reassemble(parts: readonly ReceivedPart[]): string {
  const ordered = [...parts].sort((a, b) => (a.udh ? (parseConcatenationUdh(a.udh)?.index ?? 0) : 0) - (b.udh ? (parseConcatenationUdh(b.udh)?.index ?? 0) : 0));
  return ordered.map((p) => ((p.dataCoding & 0x0f) === 8 ? decodeUcs2(p.body) : decodeGsm7(p.body))).join('');
}

describe('SMS sender against the simulator', () => {
  let t: Awaited<ReturnType<typeof single>>;
  before(async () => {
    t = await single();
  });
  after(() => t.close());

  it('sends a GSM message as one part: data_coding 0, no UDH, registered delivery, international destination', async () => {
    const before = t.sim.received.length;
    const result = submitted(await t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'Your code is 1234' }));
    assert.equal(result.route, 'main');
    assert.equal(result.encoding, 'gsm7');
    assert.equal(result.parts.length, 1);
    const [got] = t.sim.received.slice(before);
    assert.ok(got);
    assert.equal(got.messageId, result.parts[0]?.smscId);
    assert.equal(got.dataCoding, 0);
    assert.equal(got.udh, null);
    assert.equal(got.esmClass, 0);
    assert.equal(got.registeredDelivery, 1);
    assert.equal(got.destination, '77011234567');
    assert.equal(got.source, 'Herald');
    assert.equal(decodeGsm7(got.body), 'Your code is 1234');
  });

  it('sends a 3-part UCS-2 message: 3 submits, data_coding 8, UDH with one reference and parts 1..3', async () => {
    const text = 'Сәлеметсіз бе! Ваш заказ №12345 отправлен. '.repeat(4).slice(0, 160);
    const before = t.sim.received.length;
    const result = submitted(await t.sender.send({ destination: '+77011234567', source: 'Herald', text }));
    assert.equal(result.encoding, 'ucs2');
    assert.deepEqual(result.parts.map((p) => p.partNo), [1, 2, 3]);
    const got = t.sim.received.slice(before);
    assert.equal(got.length, 3);
    const headers = got.map((p) => parseConcatenationUdh(p.udh ?? Buffer.alloc(0)));
    assert.equal(new Set(headers.map((h) => h?.reference)).size, 1);
    assert.deepEqual(headers.map((h) => [h?.total, h?.index]).sort(), [[3, 1], [3, 2], [3, 3]]);
    for (const p of got) {
      assert.equal(p.dataCoding, 8);
      assert.equal(p.esmClass & 0x40, 0x40);
      assert.deepEqual([...(p.udh ?? [])].slice(0, 3), [0x05, 0x00, 0x03]);
    }
    assert.deepEqual(new Set(got.map((p) => p.messageId)), new Set(result.parts.map((p) => p.smscId)));
    assert.equal(reassemble(got), text);
    // The next long message gets another reference.
    const again = t.sim.received.length;
    submitted(await t.sender.send({ destination: '+77011234567', source: 'Herald', text }));
    assert.notEqual(parseConcatenationUdh(t.sim.received[again]?.udh ?? Buffer.alloc(0))?.reference, headers[0]?.reference);
  });

  it('splits a 200-character GSM text with extension characters into parts of at most 153 septets, never splitting ESC from its code', async () => {
    const text = 'a'.repeat(152) + '€' + '[x]'.repeat(15) + 'b'.repeat(2);
    assert.equal(text.length, 200);
    const before = t.sim.received.length;
    const result = submitted(await t.sender.send({ destination: '+380501234567', source: '380501112233', text }));
    assert.equal(result.encoding, 'gsm7');
    const got = t.sim.received.slice(before);
    assert.equal(got.length, 2);
    const [first, second] = [...got].sort((a, b) => (parseConcatenationUdh(a.udh as Buffer)?.index ?? 0) - (parseConcatenationUdh(b.udh as Buffer)?.index ?? 0));
    // 152 + 2 (the euro sign) would be 154: the euro goes to the second part whole.
    assert.equal(first?.body.length, 152);
    assert.deepEqual([...(second?.body.subarray(0, 2) ?? [])], [0x1b, 0x65]);
    for (const p of got) {
      assert.ok(p.body.length <= 153);
      assert.equal(p.dataCoding, 0);
    }
    assert.equal(reassemble(got), text);
    assert.equal(got[0]?.source, '380501112233');
  });

  it('refuses a text over 255 parts before the SMSC sees it', async () => {
    const before = t.sim.stats.submits;
    const long = await t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'x'.repeat(153 * 256) });
    assert.equal(long.kind, 'failed');
    assert.equal(long.kind === 'failed' && long.commandStatus, null);
    assert.equal(t.sim.stats.submits, before);
  });

  it('forwards delivery receipts tagged with the route', async () => {
    const result = submitted(await t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'receipt please' }));
    const id = result.parts[0]?.smscId;
    await waitUntil('the receipt', () => t.receipts.some((r) => r.receipt.messageId === id));
    const r = t.receipts.find((x) => x.receipt.messageId === id);
    assert.equal(r?.route, 'main');
    assert.equal(r?.receipt.status, 'DELIVRD');
  });
});

describe('SMS sender: what goes in the submit_sm fields', () => {
  // A recording SMSC: binds anyone, accepts every submit_sm and keeps its decoded fields.
  let server: Awaited<ReturnType<typeof listenSmpp>>;
  const submits: Pdu[] = [];
  let sender: SmsSender;
  before(async () => {
    let id = 0;
    server = await listenSmpp('127.0.0.1', 0, (socket) => {
      socket.setHandlers({
        onPdu: (pdu) => {
          if (pdu.command.startsWith('bind_')) socket.respond(pdu, { system_id: 'REC' });
          else if (pdu.command === 'submit_sm') {
            submits.push(pdu);
            socket.respond(pdu, { message_id: String(++id) });
          } else if (pdu.command === 'enquire_link' || pdu.command === 'unbind') socket.respond(pdu);
        },
        onClose: () => undefined,
      });
    });
    sender = new SmsSender({ routes: parseSmppRoutes(routeUrl(server.port)), client: FAST_CLIENT });
    sender.onReceipt(() => undefined);
    await sender.start();
  });
  after(async () => {
    await sender.close();
    await server.close();
  });

  it('a flash SMS carries message class 0 in data_coding (0x10 GSM, 0x18 UCS-2)', async () => {
    submitted(await sender.send({ destination: '+77011234567', source: 'Herald', text: 'Flash!', flash: true }));
    submitted(await sender.send({ destination: '+77011234567', source: 'Herald', text: 'Вспышка', flash: true }));
    assert.deepEqual(submits.slice(-2).map((p) => fieldNumber(p.fields, 'data_coding')), [0x10, 0x18]);
  });

  it('the validity period goes as a relative time (the smpp decoder turns it into now + period)', async () => {
    const sentAt = Date.now();
    submitted(await sender.send({ destination: '+77011234567', source: 'Herald', text: 'valid 90 min', validityMinutes: 90 }));
    const validity = submits.at(-1)?.fields.validity_period;
    assert.ok(validity instanceof Date, `validity_period decoded as ${String(validity)}`);
    assert.ok(Math.abs(validity.getTime() - (sentAt + 90 * 60_000)) < 5000);
    submitted(await sender.send({ destination: '+77011234567', source: 'Herald', text: 'SMSC default' }));
    assert.ok(!submits.at(-1)?.fields.validity_period);
  });

  it('source TON/NPI: alphanumeric 5/0, international number 1/1; destination international 1/1', async () => {
    submitted(await sender.send({ destination: '+380501234567', source: 'MyShop', text: 'a' }));
    submitted(await sender.send({ destination: '+380501234567', source: '+77001112233', text: 'b' }));
    const [alpha, numeric] = submits.slice(-2).map((p) => [fieldNumber(p.fields, 'source_addr_ton'), fieldNumber(p.fields, 'source_addr_npi'), fieldString(p.fields, 'source_addr'), fieldNumber(p.fields, 'dest_addr_ton'), fieldNumber(p.fields, 'dest_addr_npi')]);
    assert.deepEqual(alpha, [5, 0, 'MyShop', 1, 1]);
    assert.deepEqual(numeric, [1, 1, '77001112233', 1, 1]);
  });
});

describe('SMS sender: routes, throttling, drops', () => {
  it('chooses routes by prefix (KZ +7 → A, UA +380 → B, others → default) and tags receipts by route', async () => {
    const sims = await Promise.all([0, 1, 2].map(() => startSmscSimulator({ ...CREDENTIALS, receiptDelayMs: 5, record: true })));
    const [a, b, d] = sims as [SmscSimulator, SmscSimulator, SmscSimulator];
    const routes = parseSmppRoutes([routeUrl(a.port, '?name=A&prefixes=7'), routeUrl(b.port, '?name=B&prefixes=380'), routeUrl(d.port, '?name=default')].join(','));
    const sender = new SmsSender({ routes, client: FAST_CLIENT });
    const receipts: RoutedReceipt[] = [];
    sender.onReceipt((r) => void receipts.push(r));
    await sender.start();
    try {
      const cases: Array<[string, string, SmscSimulator]> = [
        ['+77011234567', 'A', a],
        ['+380501234567', 'B', b],
        ['+447700900123', 'default', d],
        ['+4915112345678', 'default', d],
      ];
      const ids: Array<[string, string]> = [];
      for (const [destination, name, sim] of cases) {
        const before = sim.received.length;
        const r = submitted(await sender.send({ destination, source: 'Herald', text: `to ${destination}` }));
        assert.equal(r.route, name, destination);
        assert.equal(sim.received.length, before + 1, destination);
        assert.equal(sim.received.at(-1)?.destination, destination.slice(1));
        ids.push([name, r.parts[0]?.smscId ?? '']);
      }
      await waitUntil('4 receipts', () => receipts.length >= 4);
      // Every simulator numbers from 1: the route tag is what tells the receipts apart.
      assert.deepEqual(receipts.map((r) => [r.route, r.receipt.messageId]).sort(), ids.sort());
    } finally {
      await sender.close();
      await Promise.all(sims.map((s) => s.close()));
    }
  });

  it('an SMSC throttling every 5th submit: all messages still go, the route is paced', async () => {
    const t = await single({ throttleEvery: 5, record: false }, { pace: { minRate: 200, maxRate: 4000, holdMs: 100, retryBaseMs: 10, maxWaitMs: 5000 } });
    try {
      const started = Date.now();
      const texts = Array.from({ length: 300 }, (_, i) => (i % 10 === 0 ? `long ${i} `.repeat(30) : `message ${i}`));
      const results = await Promise.all(texts.map((text, i) => t.sender.send({ destination: `+7701${String(i).padStart(7, '0')}`, source: 'Herald', text })));
      const elapsed = Date.now() - started;
      const parts = results.reduce((n, r) => n + submitted(r).parts.length, 0);
      assert.equal(t.sim.stats.submits, parts);
      assert.ok(t.sim.stats.throttled >= parts / 5 - 1, `throttled ${t.sim.stats.throttled}`);
      const pace = t.sender.pace('main');
      assert.ok(pace);
      assert.ok(pace.throttles >= t.sim.stats.throttled - 1, `pace saw ${pace.throttles} throttles`);
      assert.ok(pace.cuts >= 1);
      assert.notEqual(pace.rate, null);
      assert.ok((pace.rate as number) < (pace.ceiling as number));
      console.log(`throttling SMSC: ${results.length} messages (${parts} parts) in ${elapsed} ms, ${t.sim.stats.throttled} throttled answers, ${pace.cuts} cuts, paced at ${pace.rate?.toFixed(0)} parts/s`);
      await waitUntil('every receipt', () => t.receipts.length === parts);
    } finally {
      await t.close();
    }
  });

  it('gives up on a part the SMSC keeps throttling after maxRetries, as temporary', async () => {
    const t = await single({ throttleEvery: 1 }, { pace: { maxRetries: 3, retryBaseMs: 5, retryMaxMs: 20, minRate: 1000 } });
    try {
      const started = Date.now();
      const r = await t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'hello' });
      assert.equal(r.kind, 'temporary');
      assert.equal(r.kind === 'temporary' && r.commandStatus, 0x58);
      assert.equal(r.kind === 'temporary' && r.statusIfFinal, 'EXPIRED');
      assert.equal(t.sim.stats.throttled, 4);
      assert.ok(Date.now() - started < 2000);
    } finally {
      await t.close();
    }
  });

  it('a connection dropped mid-message → temporary; after the reconnect the message goes', async () => {
    const t = await single();
    try {
      t.sim.swallowSubmits(true);
      const pending = t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'Ж'.repeat(150) });
      await waitUntil('the first part in flight', () => t.sim.stats.connections === 1 && t.sender.bound('main'));
      await new Promise((r) => setTimeout(r, 20));
      t.sim.dropConnections();
      const lost = await pending;
      assert.equal(lost.kind, 'temporary');
      assert.match(lost.kind === 'temporary' ? lost.reason : '', /connection lost/);
      t.sim.swallowSubmits(false);
      // While down, a send is temporary at once rather than waiting.
      const down = await t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'while down' });
      if (down.kind !== 'submitted') assert.equal(down.kind, 'temporary');
      await waitUntil('the reconnect', () => t.sender.bound('main'));
      const again = submitted(await t.sender.send({ destination: '+77011234567', source: 'Herald', text: 'Ж'.repeat(150) }));
      assert.equal(again.parts.length, 3);
    } finally {
      await t.close();
    }
  });

  it('refuses a destination with no route when there is no default; temporary with no routes at all', async () => {
    const sim = await startSmscSimulator(CREDENTIALS);
    const sender = new SmsSender({ routes: parseSmppRoutes(routeUrl(sim.port, '?prefixes=7')), client: FAST_CLIENT });
    const none = new SmsSender({ routes: [] });
    try {
      await sender.start();
      const r = await sender.send({ destination: '+447700900123', source: 'Herald', text: 'hi' });
      assert.deepEqual([r.kind, r.kind === 'failed' && r.status, r.kind === 'failed' && r.commandStatus], ['failed', 'REJECTD', null]);
      assert.equal((await none.send({ destination: '+447700900123', source: 'Herald', text: 'hi' })).kind, 'temporary');
      await assert.rejects(new SmsSender({ routes: parseSmppRoutes(`smpp://herald:wrong@127.0.0.1:${sim.port}?name=bad`) }).start(), /SMPP routes failed to bind: bad: .*ESME_RINVPASWD/);
    } finally {
      await sender.close();
      await none.close();
      await sim.close();
    }
  });
});
