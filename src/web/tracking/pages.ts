// The small pages recipients see: the unsubscribe form, its confirmation, and "not found". Every
// value that comes from an account (form texts) or the URL is escaped.
import { escapeHtml } from '../session/html.js';

export interface UnsubscribeFormView {
  title: string;
  question: string;
  reasons: readonly string[];
}

/** Scripts are never needed here; inline styles are the only thing the pages load. */
export const PAGE_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
} as const;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:2rem 1rem;background:#f6f6f6;color:#222}
main{max-width:32rem;margin:0 auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1)}
h1{font-size:1.4rem;margin-top:0}fieldset{border:0;padding:0;margin:0 0 1rem}legend{margin-bottom:.5rem}
label{display:block;padding:.3rem 0}button{font-size:1rem;padding:.5rem 1.2rem;border:0;border-radius:4px;background:#c0392b;color:#fff;cursor:pointer}`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>
${body}
</main></body>
</html>
`;
}

/** The form: title, question, one radio button per reason, a submit button; posts back to `action`. */
export function unsubscribeFormPage(form: UnsubscribeFormView, action: string): string {
  const reasons = form.reasons
    .map((reason, i) => `<label><input type="radio" name="reason" value="${escapeHtml(reason)}"${i === 0 ? ' required' : ''}> ${escapeHtml(reason)}</label>`)
    .join('\n');
  const question = form.question === '' ? '' : `<legend>${escapeHtml(form.question)}</legend>`;
  const fieldset = reasons === '' && question === '' ? '' : `<fieldset>${question}\n${reasons}\n</fieldset>\n`;
  return layout(
    form.title,
    `<h1>${escapeHtml(form.title)}</h1>
<form method="post" action="${escapeHtml(action)}">
${fieldset}<button type="submit">Unsubscribe</button>
</form>`,
  );
}

export function unsubscribedPage(title: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1>\n<p>You have been unsubscribed. You will not receive these emails any more.</p>`);
}

export function notFoundPage(): string {
  return layout('Link not valid', '<h1>Link not valid</h1>\n<p>This link is not valid. Check that it was copied completely.</p>');
}
