import { loadConfig } from '../config.js';
import { ensureDemoAccount, openRuntime } from '../server/runtime.js';
import { startServer } from '../server/serve.js';

export async function serveCommand(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  const demo = await ensureDemoAccount(runtime);
  const server = await startServer(runtime);
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite at ${config.dataDir}/herald.db`;
  console.log(`Herald is serving on http://${config.host}:${config.port} (${where})`);
  if (config.tls) console.log(`HTTPS on https://${config.host}:${config.tls.port}`);
  if (demo) {
    const c = demo.account.credentials;
    console.log(`\nDemo account ${demo.account.id} created (credentials also saved in ${demo.file}):`);
    console.log(`  native API:      Authorization: Bearer ${c.native.apiKey}`);
    console.log(`  SmartFocus:      login ${c.smartfocus.login}  password ${c.smartfocus.password}  key ${c.smartfocus.key}`);
    console.log(`  Mobizon:         apiKey ${c.mobizon.apiKey}`);
    console.log(`  FranchiseMailer: accesskey ${c.franchisemailer.accessKey}  secret ${c.franchisemailer.secretKey}`);
    console.log(`  SendExpert:      user_id ${c.sendexpert.userId}  key ${c.sendexpert.key}`);
    console.log(`  API docs:        http://${config.host}:${config.port}/docs\n`);
  }
  const shutdown = (signal: string) => {
    server.http.log.info({ signal }, 'draining in-flight requests and stopping');
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
