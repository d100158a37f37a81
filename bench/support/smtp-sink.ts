/**
 * A local SMTP sink for the email benchmark, run as its own process so its CPU is not the
 * benchmark's: accepts everything (smtp-server), and reports to the parent, in batches, the
 * return path of each message received and when it arrived. The return path carries the message
 * reference (bounces+<id in base36>.<mac>@…), so the parent can match deliveries to accepts.
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

let pending: [string, number][] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      pending.push([from, Date.now()]);
      callback(null, 'Ok: queued');
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
setInterval(() => {
  if (pending.length === 0) return;
  process.send?.({ delivered: pending });
  pending = [];
}, 100);
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`smtp sink CPU: ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms\n`);
  process.exit(0);
});
