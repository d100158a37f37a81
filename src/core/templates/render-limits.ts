// How large a rendered template part (subject, HTML or text) may become, whatever the grammar.
// A template small enough to save can still multiply its values (a loop, a field used a thousand
// times) into gigabytes; the render stops at this size instead of exhausting memory.

/** A large HTML mail is a few hundred kB (Gmail clips HTML past ~100 kB): 2 MB leaves room for any real one. */
export const MAX_RENDERED_CHARS = 2_000_000;

/** A render stopped because its output grew past MAX_RENDERED_CHARS. */
export class RenderedTooLargeError extends Error {
  constructor() {
    super(`the rendered template is larger than ${MAX_RENDERED_CHARS} characters`);
    this.name = 'RenderedTooLargeError';
  }
}
