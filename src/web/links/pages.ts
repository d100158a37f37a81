// The pages a recipient sees when a short link does not redirect: unknown, switched off, expired.
// Static text only: nothing from the link or the URL is echoed.
import { PAGE_SECURITY_HEADERS } from '../tracking/pages.js';

export { PAGE_SECURITY_HEADERS };

function page(title: string, text: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow">
<title>${title}</title><style>body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:2rem 1rem;background:#f6f6f6;color:#222}main{max-width:32rem;margin:0 auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.1)}h1{font-size:1.4rem;margin-top:0}</style></head>
<body><main>
<h1>${title}</h1>
<p>${text}</p>
</main></body>
</html>
`;
}

export function linkNotFoundPage(): string {
  return page('Link not found', 'This short link does not exist. Check that it was copied completely.');
}

export function linkInactivePage(): string {
  return page('Link not available', 'This short link has been switched off by its owner.');
}

export function linkExpiredPage(): string {
  return page('Link expired', 'This short link has expired and no longer leads anywhere.');
}
