// Turning a stored template and the values of one send into the subject, HTML and text of an
// EmailToSend. Links are left as plain URLs (an [EMV URL] wrapper becomes the URL it wraps): the
// delivery step tracks every http(s) link of a message whose trackClicks is on, so tracking is
// decided once, in one place, whatever grammar the template was written in.
import type { AccountScope } from '../context.js';
import type { EmailToSend } from '../messages/email-input.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { renderEmv, splitEmvParts } from './emv.js';
import { LiquidTemplateError, renderLiquid } from './liquid.js';
import { RenderedTooLargeError } from './render-limits.js';
import { getTemplate, type Template } from './templates.js';

export interface RenderedContent {
  subject: string;
  html: string | null;
  text: string | null;
}

/** Values for an emv template: push fields (`dyn`, names case-insensitive) and content blocks. */
export interface EmvValues {
  dyn: Record<string, string>;
  content: Record<string, string>;
}

/** A subject is one header line: line breaks a value brought in become spaces. */
function oneLine(subject: string): string {
  return subject.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

const blankToNull = (s: string | null): string | null => (s === null || s.trim() === '' ? null : s);

/**
 * Renders an emv (SmartFocus notification) template. The HTML field may hold both alternatives
 * split by [EMV TEXTPART] / [EMV HTMLPART]; a separate text field, when set, is the text part.
 * The subject may use [EMV DYN] too.
 */
export function renderEmvTemplate(template: Template, values: EmvValues): RenderedContent {
  const parts = template.html ? splitEmvParts(template.html) : { text: null, html: null };
  const textSource = blankToNull(template.text) ?? parts.text;
  const render = (source: string, escapeHtml: boolean): string => renderEmv(source, { dyn: values.dyn, content: values.content, escapeHtml }).output;
  return {
    subject: oneLine(renderEmv(template.subject, { dyn: values.dyn, content: {}, escapeHtml: false }).output),
    html: parts.html === null ? null : blankToNull(render(parts.html, true)),
    text: textSource === null ? null : blankToNull(render(textSource, false)),
  };
}

/** Renders a liquid template (HTML outputs escaped, text and subject not). Throws LiquidTemplateError. */
export async function renderLiquidTemplate(template: Template, variables: Record<string, unknown>): Promise<RenderedContent> {
  const part = async (source: string | null, html: boolean) => (source === null || source === '' ? null : blankToNull(await renderLiquid(source, variables, { html })));
  return {
    subject: oneLine(template.subject === '' ? '' : await renderLiquid(template.subject, variables, { html: false })),
    html: await part(template.html, true),
    text: await part(template.text, false),
  };
}

/** emv push fields are text: what a native caller sends as variables becomes their string form. */
function variablesAsDyn(variables: Record<string, unknown>): Record<string, string> {
  const dyn: Record<string, string> = {};
  for (const [k, v] of Object.entries(variables)) {
    if (v === null || v === undefined) continue;
    dyn[k] = typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return dyn;
}

/** One native send naming a template: the fields the caller gave, which win over the template's. */
export interface TemplatedEmail {
  templateId: number;
  variables: Record<string, unknown>;
  /** Only the fields present in the request; `from`, `fromName`, `subject`, `trackClicks` default to the template's. */
  email: Partial<EmailToSend> & { to: string };
}

/**
 * Builds the EmailToSend of each templated send. The template gives from, fromName, subject and
 * trackClicks unless the request set them, and all of the content: a request cannot combine a
 * template with its own html or text. Problems are validation errors on the request's fields,
 * prefixed like acceptEmails's (`messages[2].templateId`).
 */
export async function emailsFromTemplates(scope: AccountScope, items: readonly TemplatedEmail[], prefixOf: (index: number) => string = () => ''): Promise<EmailToSend[]> {
  const cache = new Map<number, Template | null>();
  const out: EmailToSend[] = [];
  let lastYield = performance.now();
  for (const [index, item] of items.entries()) {
    const at = (field: string): string => `${prefixOf(index)}${field}`;
    if (item.email.html != null || item.email.text != null) {
      throw ValidationError.single(at('html'), 'not_allowed', 'html and text come from the template when templateId is given');
    }
    if (!cache.has(item.templateId)) {
      cache.set(item.templateId, await getTemplate(scope, item.templateId).catch((err: unknown) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      }));
    }
    const template = cache.get(item.templateId);
    if (!template) throw ValidationError.single(at('templateId'), 'invalid', `Template ${item.templateId} does not exist`);
    let rendered: RenderedContent;
    try {
      rendered = template.kind === 'emv'
        ? renderEmvTemplate(template, { dyn: variablesAsDyn(item.variables), content: {} })
        : await renderLiquidTemplate(template, item.variables);
    } catch (err) {
      if (err instanceof LiquidTemplateError || err instanceof RenderedTooLargeError) throw ValidationError.single(at('variables'), 'invalid', `The template could not be rendered: ${err.message}`);
      throw err;
    }
    out.push(toEmail(template, rendered, item.email));
    lastYield = await yieldWhenBusy(lastYield);
  }
  return out;
}

/** Longest stretch of rendering before other requests get a turn. */
const RENDER_SLICE_MS = 50;

/**
 * Rendering runs on the main thread and each render may take up to the engine's limit: a batch of
 * templated sends lets the event loop serve other requests (health checks…) every slice.
 */
async function yieldWhenBusy(since: number): Promise<number> {
  if (performance.now() - since < RENDER_SLICE_MS) return since;
  await new Promise<void>((resolve) => setImmediate(resolve));
  return performance.now();
}

/** Combines the rendered template with the request: request fields first, then template defaults. */
export function toEmail(template: Template, rendered: RenderedContent, request: Partial<EmailToSend> & { to: string }): EmailToSend {
  return {
    ...request,
    to: request.to,
    from: request.from ?? template.from,
    fromName: request.fromName ?? template.fromName,
    subject: request.subject ?? rendered.subject,
    html: rendered.html,
    text: rendered.text,
    trackClicks: request.trackClicks ?? template.trackClicks,
    templateId: template.id,
  };
}
