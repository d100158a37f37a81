import { Command } from 'commander';
import { listSenders, markSenderVerified } from '../core/senders/senders.js';
import { addSenderWithVerification } from '../core/senders/verification-mail.js';
import { idArgument } from './arguments.js';
import { withAccount } from './dkim.js';

export function sendersCommand(): Command {
  const senders = new Command('senders').description("an account's from addresses, which must be verified before use");

  senders
    .command('add')
    .description('add a sender and queue the email with its verification link')
    .requiredOption('--account <id>', 'account id', idArgument)
    .argument('<email>', 'the from address')
    .action(async (email: string, opts: { account: number }) => {
      await withAccount(opts.account, async ({ core }, scope) => {
        const { sender, verificationMessageId } = await addSenderWithVerification(core, scope, email);
        console.log(`sender ${sender.id} ${sender.email} added; verification email queued (message ${verificationMessageId})`);
      });
    });

  senders
    .command('verify')
    .description('mark an address as verified without the emailed link (the operator vouches for it); adds it if needed')
    .requiredOption('--account <id>', 'account id', idArgument)
    .argument('<email>', 'the from address')
    .action(async (email: string, opts: { account: number }) => {
      await withAccount(opts.account, async (_runtime, scope) => {
        const sender = await markSenderVerified(scope, email);
        console.log(`sender ${sender.id} ${sender.email} verified`);
      });
    });

  senders
    .command('list')
    .description("list an account's senders")
    .requiredOption('--account <id>', 'account id', idArgument)
    .option('--json', 'print JSON')
    .action(async (opts: { account: number; json?: boolean }) => {
      await withAccount(opts.account, async (_runtime, scope) => {
        const all = await listSenders(scope);
        if (opts.json) {
          console.log(JSON.stringify(all));
          return;
        }
        for (const s of all) console.log(`${s.id}\t${s.email}\t${s.verified ? `verified ${s.verifiedAt}` : 'not verified'}`);
        if (all.length === 0) console.log('no senders');
      });
    });
  return senders;
}
