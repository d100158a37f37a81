// The few text fields of an unsubscribe POST, whatever encoding the sender chose: the app's form
// parser (application/x-www-form-urlencoded, already an object), multipart/form-data (RFC 8058 lets
// mailbox providers use it), or a bare `List-Unsubscribe=One-Click` sent as text.

/** Text fields of a parsed body; nested or non-string values are dropped. */
export function formFields(body: unknown): Record<string, string> {
  if (typeof body === 'string') return Object.fromEntries(new URLSearchParams(body.trim()));
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') out[name] = value;
  return out;
}

/** Text parts of a small multipart/form-data body (files are not expected and are skipped). */
export function parseMultipartFields(body: string, contentType: string): Record<string, string> {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const delimiter = boundary?.[1] ?? boundary?.[2];
  const out: Record<string, string> = {};
  if (delimiter === undefined) return out;
  for (const part of body.split(`--${delimiter}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const name = /content-disposition:[^\r\n]*\bname="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /\bfilename=/i.test(headers)) continue;
    const value = part.slice(split).replace(/^\r?\n\r?\n/, '').replace(/\r?\n$/, '');
    out[name] = value;
  }
  return out;
}
