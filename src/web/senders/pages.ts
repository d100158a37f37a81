import { escapeHtml } from '../session/html.js';

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}

/** Asks the reader to confirm; the token travels in the form, never again in a URL. */
export function confirmPage(email: string, token: string): string {
  return layout(
    'Confirm sender',
    `<p>Allow Herald to send email as <b>${escapeHtml(email)}</b>?</p>
<form method="post" action="/senders/verify">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">Confirm</button>
</form>`,
  );
}

export function verifiedPage(email: string): string {
  return layout('Sender verified', `<p>${escapeHtml(email)} is verified: mail can now be sent from it.</p>`);
}

export function invalidLinkPage(): string {
  return layout('Link not valid', '<p>This verification link is invalid or has already been used.</p>');
}
