/**
 * Multipart bodies for the upload operations (contact imports, SMS campaign recipient files).
 * openapi-fetch sends JSON unless given a bodySerializer; pass this one:
 * `client.POST('/api/v1/imports', { body: { mode: 'upsert', file }, bodySerializer: multipart })`.
 */
type Part = string | number | boolean | Blob | null | undefined;

/**
 * Fields go in the order of the object: Herald's import reads the options before the file part,
 * so put `file` last. A File keeps its name; a bare Blob is sent as `blob`. null and undefined
 * fields are left out.
 */
export function multipart(body: Record<string, Part>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    if (value instanceof Blob) form.append(name, value);
    else form.append(name, String(value));
  }
  return form;
}
