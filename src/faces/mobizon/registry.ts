/**
 * The Mobizon methods by module and name. Routing is case-insensitive (`Campaign/AddRecipients` =
 * `campaign/addrecipients`: mobizon-php lower-cases, the docs write CamelCase), so names are looked
 * up lower-cased and kept in their documented spelling for messages.
 *
 * A method is either implemented (a handler) or only declared: documented by Mobizon but not built
 * in Herald yet. Declared methods answer code 9 (method access denied) with a message saying so,
 * not code 5: a client then sees the method exists and that this server does not serve it, rather
 * than thinking it misspelt the name.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { AccountScope, CoreContext } from '../../core/context.js';
import type { MobizonResult } from './envelope.js';
import type { UploadedFile } from './multipart.js';
import type { ParamMap } from './params.js';

/** What a handler may use besides the account and the parameters. */
export interface MethodContext {
  core: CoreContext;
  log: FastifyBaseLogger;
  /** File parts of a multipart request (`recipientsFile`), in the order sent. */
  files: readonly UploadedFile[];
  /** GET or POST: a few methods behave differently (none yet), and logs say which. */
  httpMethod: string;
  /** The time the request arrived, one value for the whole call. */
  now: Date;
}

/**
 * A method: the merged request parameters (`$_REQUEST` without apiKey/api/output) in, an envelope
 * out. Throwing MobizonError, or a core ValidationError/NotFoundError, also answers an envelope.
 */
export type MobizonHandler = (ctx: MethodContext, scope: AccountScope, params: ParamMap) => Promise<MobizonResult> | MobizonResult;

export type Resolution =
  | { kind: 'unknown-module' }
  | { kind: 'unknown-method'; module: string }
  | { kind: 'declared'; name: string }
  | { kind: 'implemented'; name: string; handler: MobizonHandler };

interface Entry {
  name: string;
  handler: MobizonHandler | null;
}

export class MethodRegistry {
  private readonly modules = new Map<string, { name: string; methods: Map<string, Entry> }>();

  /** A documented method Herald does not serve yet (answers code 9). */
  declare(module: string, method: string): this {
    this.entry(module, method);
    return this;
  }

  /** Serves `module/method` with `handler` (replacing a declaration or an earlier handler). */
  implement(module: string, method: string, handler: MobizonHandler): this {
    this.entry(module, method).handler = handler;
    return this;
  }

  resolve(module: string, method: string): Resolution {
    const mod = this.modules.get(module.toLowerCase());
    if (mod === undefined) return { kind: 'unknown-module' };
    const entry = mod.methods.get(method.toLowerCase());
    if (entry === undefined) return { kind: 'unknown-method', module: mod.name };
    return entry.handler === null ? { kind: 'declared', name: entry.name } : { kind: 'implemented', name: entry.name, handler: entry.handler };
  }

  /** Every method as `module/method` in documented spelling, with whether it is implemented. */
  list(): { name: string; implemented: boolean }[] {
    const out: { name: string; implemented: boolean }[] = [];
    for (const mod of this.modules.values()) for (const entry of mod.methods.values()) out.push({ name: entry.name, implemented: entry.handler !== null });
    return out;
  }

  private entry(module: string, method: string): Entry {
    let mod = this.modules.get(module.toLowerCase());
    if (mod === undefined) {
      mod = { name: module, methods: new Map() };
      this.modules.set(module.toLowerCase(), mod);
    }
    let entry = mod.methods.get(method.toLowerCase());
    if (entry === undefined) {
      entry = { name: `${mod.name}/${method}`, handler: null };
      mod.methods.set(method.toLowerCase(), entry);
    }
    return entry;
  }
}
