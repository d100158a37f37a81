import { Command, InvalidArgumentError } from 'commander';
import { startSmscSimulator, type SimulatorStats } from '../sms-sim/simulator.js';
import { parseOutcomes, type Outcome } from '../sms-sim/outcomes.js';

/**
 * `herald smsc-sim`: a local SMSC (SMPP 3.4 server) with configurable receipt outcomes, delay and
 * throttling, so Herald's SMS side can be tried (and benchmarked) without a carrier.
 */

const DEFAULT_OUTCOMES = 'DELIVRD=90,UNDELIV=5,EXPIRED=5';

function whole(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return Number(value);
  };
}

function outcomesArgument(value: string): Outcome[] {
  try {
    return parseOutcomes(value);
  } catch (err) {
    throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
  }
}

function summary(s: Readonly<SimulatorStats>): string {
  const outcomes = Object.entries(s.outcomes).map(([k, v]) => `${k}=${v}`).join(',') || '-';
  return `connections=${s.connections} submits=${s.submits} throttled=${s.throttled} receipts=${s.receiptsSent} acked=${s.receiptsAcked} waiting=${s.receiptsWaiting} outcomes=${outcomes}`;
}

interface SimCommandOptions {
  host: string;
  port: number;
  systemId?: string;
  password?: string;
  receiptDelayMs: number;
  outcomes?: Outcome[];
  throttleEvery: number;
  seed: number;
  hexIds?: boolean;
  quiet?: boolean;
}

export function smscSimCommand(): Command {
  return new Command('smsc-sim')
    .description('run a local SMSC simulator (SMPP server) that accepts submit_sm and sends delivery receipts')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'SMPP port (0 picks a free one)', whole(0, 65535), 2775)
    .option('--system-id <id>', 'require this system_id on bind (default: any)')
    .option('--password <password>', 'require this password on bind (default: any)')
    .option('--receipt-delay-ms <ms>', 'delay before each delivery receipt', whole(0, 86_400_000), 1000)
    .option('--outcomes <list>', `receipt statuses and relative weights (default: ${DEFAULT_OUTCOMES})`, outcomesArgument)
    .option('--throttle-every <n>', 'answer every Nth submit_sm with ESME_RTHROTTLED (0: never)', whole(0, 1_000_000_000), 0)
    .option('--seed <n>', 'seed of the outcome dice (same seed, same receipts)', whole(0, 0xffffffff), 1)
    .option('--hex-ids', 'hand out message ids in hex (receipt texts then carry them in decimal, as some SMSCs do)')
    .option('--quiet', 'no periodic statistics')
    .action(async (opts: SimCommandOptions) => {
      const outcomes = opts.outcomes ?? parseOutcomes(DEFAULT_OUTCOMES);
      const sim = await startSmscSimulator({
        host: opts.host,
        port: opts.port,
        systemId: opts.systemId,
        password: opts.password,
        receiptDelayMs: opts.receiptDelayMs,
        outcomes,
        throttleEvery: opts.throttleEvery,
        seed: opts.seed,
        ...(opts.hexIds ? { idFormat: 'hex' as const, receiptIdFormat: 'decimal' as const } : {}),
        log: opts.quiet ? undefined : (message) => console.error(message),
      });
      const auth = opts.systemId !== undefined || opts.password !== undefined ? `system_id ${opts.systemId ?? '(any)'}` : 'any credentials';
      console.log(`herald smsc-sim listening on ${sim.host}:${sim.port} (${auth}; outcomes ${outcomes.map((o) => `${o.status}=${o.weight}`).join(',')})`);
      let last = '';
      const ticker = setInterval(() => {
        const line = summary(sim.stats);
        if (!opts.quiet && line !== last) console.log(line);
        last = line;
      }, 5000);
      const shutdown = (): void => {
        clearInterval(ticker);
        void sim.close().then(() => {
          console.log(`stopped: ${summary(sim.stats)}`);
          process.exit(0);
        });
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    });
}
