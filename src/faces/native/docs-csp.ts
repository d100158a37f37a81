/**
 * The docs page runs swagger-ui's scripts (allowed by hash in the plugin's own policy); this keeps
 * them and removes what it allows beyond its own origin: framing, https: styles and fonts, the
 * online validator, and upgrade-insecure-requests (which breaks the page on a plain-http server).
 */
export function docsCsp(policy: string): string {
  const directives = policy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d !== 'upgrade-insecure-requests')
    .map((d) => {
      const [name = '', ...values] = d.split(/\s+/);
      if (name === 'frame-ancestors' || name === 'base-uri') return `${name} 'none'`;
      return [name, ...values.filter((v) => v !== 'https:' && v !== 'validator.swagger.io')].join(' ');
    });
  return directives.join('; ');
}
