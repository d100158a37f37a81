/**
 * Bulk Liquid rendering speed: one typical email body (a default filter, an `if`, a nested
 * property) rendered synchronously many times, warm cache, as a campaign renders one per recipient.
 * `npm run bench:render [-- renders]` (20,000 by default). Prints the renders per second.
 */
import { renderLiquidSync } from '../src/core/templates/liquid.js';

const source = '<p>Hello {{ first | default: "there" }},</p>{% if vip %}<p>VIP</p>{% endif %}<p>{{ order.total }}</p>';
const renders = Number(process.argv[2] ?? 20_000);
if (!Number.isInteger(renders) || renders < 1) {
  console.error(`renders must be a positive whole number, not ${process.argv[2]}`);
  process.exit(1);
}

const started = performance.now();
for (let i = 0; i < renders; i++) renderLiquidSync(source, { first: `U${i}`, vip: i % 2 === 0, order: { total: i } }, { html: true });
const ms = performance.now() - started;
console.log(`liquid: ${renders} renders in ${ms.toFixed(0)} ms (${Math.round((renders / ms) * 1000)}/s)`);
