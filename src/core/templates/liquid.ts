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
//   parse/render/memory limits stop a template from stalling a worker.
import { Liquid, LiquidError, Tag, type TagToken, type TopLevelToken, type Template } from 'liquidjs';

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

/** Limits: a large HTML mail is a few hundred kB; loops over thousands of items stay well inside. */
const LIMITS = { parseLimit: 2_000_000, renderLimit: 2_000, memoryLimit: 50_000_000 };

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

/** Converts liquidjs's error (message ends in ", line:L, col:C") to a LiquidTemplateError. */
function toTemplateError(err: unknown): LiquidTemplateError {
  if (err instanceof LiquidTemplateError) return err;
  if (LiquidError.is(err)) {
    const pos = positionOf(err);
    const reason = err.message.replace(/, line:\d+, col:\d+$/, '');
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

/** Renders a template with the given variables. Throws LiquidTemplateError. */
export async function renderLiquid(source: string, variables: Record<string, unknown>, options: LiquidRenderOptions): Promise<string> {
  const templates = parse(source, options.html);
  try {
    return String(await (options.html ? engines.html : engines.text).render(templates, variables));
  } catch (err) {
    throw toTemplateError(err);
  }
}

/** Synchronous renderLiquid, for hot loops that render many small templates. Throws LiquidTemplateError. */
export function renderLiquidSync(source: string, variables: Record<string, unknown>, options: LiquidRenderOptions): string {
  const templates = parse(source, options.html);
  try {
    return String((options.html ? engines.html : engines.text).renderSync(templates, variables));
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
