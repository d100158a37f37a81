// Native Herald templates: Liquid (liquidjs), configured for untrusted, customer-written templates.
//
// - No file system: `templates: {}` makes every partial lookup hit an empty in-memory map, and the
//   include/render/layout tags are replaced by a tag that fails at parse time, so a template that
//   uses them is refused when it is saved (validateLiquid) instead of failing at every send.
// - Missing variables render empty (`strictVariables: false`), as customers expect from mail merge;
//   unknown filters are errors (`strictFilters: true`) so a typo is reported, not silently dropped.
// - HTML parts escape every output (`outputEscape: 'escape'`; `{{ x | raw }}` opts out), text parts
//   and subjects do not. Escaping is fixed when a template is parsed, so there is one engine per mode.
// - Only own properties are readable (no `constructor`, `__proto__`), dates format in UTC, and
//   parse/render/memory/output limits stop a template from stalling the process: rendering runs on
//   the main thread, so while a template renders nothing else (not even /healthz) is answered.
import { Context, Liquid, LiquidError, Tag, toPromise, toValue, toValueSync, type Emitter, type TagToken, type TopLevelToken, type Template } from 'liquidjs';
import { MAX_RENDERED_CHARS, RenderedTooLargeError } from './render-limits.js';

/** A template that cannot be parsed or rendered; line/column are 1-based, null when unknown. */
export class LiquidTemplateError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number | null,
    readonly column: number | null,
  ) {
    super(line === null ? reason : `${reason} (line ${line}, column ${column ?? 1})`);
    this.name = 'LiquidTemplateError';
  }
}

/** Stands in for tags that would read other templates from storage; it refuses to be parsed. */
class DisabledTag extends Tag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    throw new Error(`the "${token.name}" tag is not supported`);
  }
  *render(): Generator<unknown, void, unknown> {
    // never constructed
  }
}

/**
 * Limits. A large HTML mail is a few hundred kB of source; a real template renders in a few ms
 * (a loop over a thousand order lines in ~10 ms warm on an idle core), so 200 ms of wall time is a
 * runaway, and it also bounds how long one render keeps every other request waiting. Memory counts
 * the characters and items filters and loops allocate.
 */
const LIMITS = { parseLimit: 1_000_000, renderLimit: 200, memoryLimit: 20_000_000 };

/** liquidjs's own stringify (not exported): how an output value becomes text. */
function text(value: unknown): string {
  const v: unknown = toValue(value);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(text).join('');
  return String(v);
}

/**
 * Collects the output and stops the render as soon as it grows past MAX_RENDERED_CHARS (liquidjs
 * wraps the error with the position of the output that crossed it).
 */
class CappedEmitter implements Emitter {
  buffer = '';
  write(html: unknown): void {
    this.buffer += text(html);
    if (this.buffer.length > MAX_RENDERED_CHARS) throw new RenderedTooLargeError();
  }
}

function createEngine(html: boolean): Liquid {
  const engine = new Liquid({
    templates: {},
    strictVariables: false,
    strictFilters: true,
    ownPropertyOnly: true,
    timezoneOffset: 0,
    cache: false,
    outputEscape: html ? 'escape' : undefined,
    ...LIMITS,
  });
  for (const name of ['include', 'render', 'layout']) engine.registerTag(name, DisabledTag);
  return engine;
}

const engines = { html: createEngine(true), text: createEngine(false) };

/**
 * Parsed templates by mode + source. Bulk sends render one template thousands of times, and
 * parsing costs far more than rendering. Bounded by entries and by total source size; a hit moves
 * the entry to the back of the Map's insertion order, so eviction from the front is least recent.
 */
const CACHE_MAX_ENTRIES = 500;
const CACHE_MAX_CHARS = 20_000_000;
const cache = new Map<string, Template[]>();
let cachedChars = 0;

function positionOf(err: LiquidError): { line: number; column: number } | null {
  const [line, column] = err.token?.getPosition?.() ?? [];
  return line !== undefined && column !== undefined ? { line, column } : null;
}

/** liquidjs's limit messages, said in the customer's terms. */
const LIMIT_REASONS: Record<string, string> = {
  'template render limit exceeded': `the template took longer than ${LIMITS.renderLimit} ms to render (render limit; a loop over too many items?)`,
  'memory alloc limit exceeded': `the template allocates more than ${LIMITS.memoryLimit} characters or items (memory limit)`,
  'parse length limit exceeded': `the template is longer than ${LIMITS.parseLimit} characters (parse limit)`,
};

/** Converts liquidjs's error (message ends in ", line:L, col:C") to a LiquidTemplateError. */
function toTemplateError(err: unknown): LiquidTemplateError {
  if (err instanceof LiquidTemplateError) return err;
  if (LiquidError.is(err)) {
    const pos = positionOf(err);
    const message = err.message.replace(/, line:\d+, col:\d+$/, '');
    const reason = LIMIT_REASONS[message] ?? message;
    return new LiquidTemplateError(reason, pos?.line ?? null, pos?.column ?? null);
  }
  return new LiquidTemplateError(err instanceof Error ? err.message : String(err), null, null);
}

function parse(source: string, html: boolean): Template[] {
  const key = (html ? 'h\u0000' : 't\u0000') + source;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  let parsed: Template[];
  try {
    parsed = (html ? engines.html : engines.text).parse(source);
  } catch (err) {
    throw toTemplateError(err);
  }
  if (source.length <= CACHE_MAX_CHARS / 10) {
    cache.set(key, parsed);
    cachedChars += key.length;
    for (const oldest of cache.keys()) {
      if (cache.size <= CACHE_MAX_ENTRIES && cachedChars <= CACHE_MAX_CHARS) break;
      cache.delete(oldest);
      cachedChars -= oldest.length;
    }
  }
  return parsed;
}

export interface LiquidRenderOptions {
  /** True for HTML parts (outputs escaped); false for text parts and subjects. */
  html: boolean;
}

/**
 * One render through the engine's renderer with a CappedEmitter (liquid.render() offers no way to
 * pass an emitter); nested blocks (loops, ifs) write to the same emitter, so the cap covers them.
 */
function renderCapped(source: string, variables: Record<string, unknown>, options: LiquidRenderOptions, sync: boolean): IterableIterator<unknown> {
  const engine = options.html ? engines.html : engines.text;
  const context = new Context(variables, engine.options, { sync }, { liquid: engine });
  return engine.renderer.renderTemplates(parse(source, options.html), context, new CappedEmitter());
}

/** Renders a template with the given variables. Throws LiquidTemplateError. */
export async function renderLiquid(source: string, variables: Record<string, unknown>, options: LiquidRenderOptions): Promise<string> {
  try {
    return String(await toPromise(renderCapped(source, variables, options, false)));
  } catch (err) {
    throw toTemplateError(err);
  }
}

/** Synchronous renderLiquid, for hot loops that render many small templates. Throws LiquidTemplateError. */
export function renderLiquidSync(source: string, variables: Record<string, unknown>, options: LiquidRenderOptions): string {
  try {
    return String(toValueSync(renderCapped(source, variables, options, true)));
  } catch (err) {
    throw toTemplateError(err);
  }
}

/** Checks that a template parses (syntax, known tags and filters). Returns null when it is valid. */
export function validateLiquid(source: string): LiquidTemplateError | null {
  try {
    engines.text.parse(source);
    return null;
  } catch (err) {
    return toTemplateError(err);
  }
}

/** Number of parsed templates held (for tests and diagnostics). */
export function liquidCacheSize(): number {
  return cache.size;
}
