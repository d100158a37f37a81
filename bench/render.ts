/**
 * What a campaign does once per recipient, on one thread, warm: render a typical Liquid email body
 * (a default filter, an `if`, a nested property), and rewrite a small HTML body's links and open
 * pixel for tracking. `npm run bench:render [-- renders]` (20,000 by default). Prints each per second.
 */
import { renderLiquidSync } from '../src/core/templates/liquid.js';
import { rewriteHtmlForTracking, type HtmlTrackingOptions } from '../src/core/tracking/rewrite-links.js';

const renders = Number(process.argv[2] ?? 20_000);
if (!Number.isInteger(renders) || renders < 1) {
  console.error(`renders must be a positive whole number, not ${process.argv[2]}`);
  process.exit(1);
}

function timed(label: string, count: number, work: (i: number) => void): void {
  const started = performance.now();
  for (let i = 0; i < count; i++) work(i);
  const ms = performance.now() - started;
  console.log(`${label}: ${count} in ${ms.toFixed(0)} ms (${Math.round((count / ms) * 1000)}/s)`);
}

const source = '<p>Hello {{ first | default: "there" }},</p>{% if vip %}<p>VIP</p>{% endif %}<p>{{ order.total }}</p>';
timed('liquid renders', renders, (i) => renderLiquidSync(source, { first: `U${i}`, vip: i % 2 === 0, order: { total: i } }, { html: true }));

const tracking: HtmlTrackingOptions = {
  trackClicks: true,
  openPixelUrl: 'https://h.example/o/TOKEN',
  clickUrl: (url, index) => `https://h.example/c/${index}?u=${encodeURIComponent(url)}&z=1`,
  unsubscribeUrl: 'https://h.example/u/TOKEN',
};
const body = (i: number): string =>
  `<!DOCTYPE html><html><head><style>a{color:#00f}</style></head><body><table role="presentation"><tr><td>` +
  `<p>Hello user ${i},</p><p>Your order <b>#${i}</b> has shipped. <a href="https://shop.example/o/${i}?a=1&amp;b=2" class="btn">Track it</a></p>` +
  `<p><a href="https://shop.example/help">Help</a> · <a href="mailto:help@shop.example">Mail us</a></p>` +
  `<p style="font-size:11px"><a href="{unsubscribe_link}">Unsubscribe</a></p></td></tr></table></body></html>`;
const bodies = Array.from({ length: 2_000 }, (_, i) => body(i));
for (const b of bodies.slice(0, 200)) rewriteHtmlForTracking(b, tracking); // warm up
timed(`tracking rewrites (${bodies[0]!.length}-character bodies)`, renders, (i) => rewriteHtmlForTracking(bodies[i % bodies.length]!, tracking));
