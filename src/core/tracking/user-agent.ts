// OS, device and browser of an open or click, from the User-Agent header (ua-parser-js 1.x), in the
// shape SendExpert's getStatusMail shows ("OS": "Windows 7", "DEVICE": "Desktop").
//
// Mail-provider image proxies fetch the open pixel on the recipient's behalf; their User-Agent says
// nothing about the recipient's device, so they are reported as device "Other" with an empty OS and
// flagged by isMailProxy (statistics can then tell proxy opens from real ones). Detection is by
// User-Agent only; Apple Mail Privacy Protection is recognised by its bare "Mozilla/5.0" and would
// otherwise need Apple's published egress IP ranges.
import UAParser from 'ua-parser-js';

export type DeviceKind = 'Desktop' | 'Mobile' | 'Tablet' | 'Other';

export interface UserAgentDescription {
  /** Name and version, e.g. "Windows 7", "iOS 17.1", "Mac OS 10.15.7"; empty when unknown. */
  os: string;
  device: DeviceKind;
  /** Browser or mail client with its major version, e.g. "Chrome 120", "Outlook 16"; empty when unknown. */
  browser: string;
}

interface ProxySignature {
  name: string;
  pattern: RegExp;
}

const MAIL_PROXIES: readonly ProxySignature[] = [
  // Gmail's image cache: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
  { name: 'Google Image Proxy', pattern: /GoogleImageProxy|via ggpht\.com/i },
  // Gmail's prefetch of images for signed-in users (an old Edge string followed by a second "Mozilla/5.0").
  { name: 'Google Image Proxy', pattern: /Chrome\/42\.0\.2311\.135 Safari\/537\.36 Edge\/12\.246 Mozilla\/5\.0$/ },
  // Yahoo, AOL, Verizon: "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html"
  { name: 'Yahoo Mail Proxy', pattern: /YahooMailProxy/i },
  // Outlook.com's link preview fetches pages server-side (a "click" nobody made). Outlook.com and
  // Microsoft 365 publish no image-proxy User-Agent; their fetches look like a normal browser.
  { name: 'Outlook Link Preview', pattern: /BingPreview/i },
  // Apple Mail Privacy Protection fetches with nothing but the product token.
  { name: 'Apple Mail Privacy Proxy', pattern: /^Mozilla\/5\.0$/ },
];

function proxyName(ua: string): string | null {
  for (const p of MAIL_PROXIES) if (p.pattern.test(ua)) return p.name;
  return null;
}

/** True when the request comes from a mail provider's image proxy rather than the recipient's device. */
export function isMailProxy(ua: string | undefined): boolean {
  return ua !== undefined && proxyName(ua.trim()) !== null;
}

const MOBILE_OS = /^(?:iOS|Android|Windows Phone|Windows Mobile|BlackBerry|KaiOS|HarmonyOS|Symbian|Series40|Sailfish|Firefox OS|WebOS|Bada)$/i;
const DESKTOP_OS =
  /^(?:Windows|Mac OS|macOS|Linux|Ubuntu|Kubuntu|Xubuntu|Debian|Fedora|Mint|Arch|Gentoo|SUSE|openSUSE|Red ?Hat|CentOS|Manjaro|Slackware|Mandriva|Mageia|Chromium OS|Chrome OS|FreeBSD|OpenBSD|NetBSD|DragonFly|Solaris|Unix|Haiku)$/i;

// Mail clients ua-parser does not name: Outlook for Windows embeds its version, Thunderbird its token.
const MAIL_CLIENTS: readonly [RegExp, string][] = [
  [/Microsoft Outlook (\d+)/i, 'Outlook'],
  [/Thunderbird\/(\d+)/i, 'Thunderbird'],
];

function describeDevice(type: string | undefined, osName: string | undefined): DeviceKind {
  switch (type) {
    case 'mobile':
    case 'wearable':
      return 'Mobile';
    case 'tablet':
      return 'Tablet';
    case undefined:
      break;
    default:
      return 'Other'; // smarttv, console, embedded, xr
  }
  if (osName === undefined) return 'Other';
  if (MOBILE_OS.test(osName)) return 'Mobile';
  return DESKTOP_OS.test(osName) ? 'Desktop' : 'Other';
}

function describeBrowser(ua: string, name: string | undefined, major: string | undefined, osName: string | undefined): string {
  for (const [pattern, client] of MAIL_CLIENTS) {
    const m = pattern.exec(ua);
    if (m) return `${client} ${m[1]!}`;
  }
  // WebKit without a browser token on Apple systems is the Mail app's own web view.
  if (name === 'WebKit' && (osName === 'Mac OS' || osName === 'iOS')) return 'Apple Mail';
  if (name === undefined) return '';
  return major ? `${name} ${major}` : name;
}

const OTHER: UserAgentDescription = { os: '', device: 'Other', browser: '' };

/** Parses are memoised: opens arrive in bursts from a few thousand distinct User-Agents. */
const CACHE_MAX = 2_000;
const cache = new Map<string, UserAgentDescription>();

/** OS, device kind and browser of a User-Agent (see the module comment for proxies). */
export function describeUserAgent(ua: string | undefined): UserAgentDescription {
  // ua-parser-js reads at most 500 characters itself; capping here also bounds the cache keys.
  const trimmed = (ua ?? '').slice(0, 512).trim();
  if (trimmed === '') return { ...OTHER };
  const cached = cache.get(trimmed);
  if (cached !== undefined) return { ...cached };

  let result: UserAgentDescription;
  const proxy = proxyName(trimmed);
  if (proxy !== null) {
    result = { os: '', device: 'Other', browser: proxy };
  } else {
    const parsed = new UAParser(trimmed).getResult();
    const osName = parsed.os.name;
    result = {
      os: osName === undefined ? '' : parsed.os.version ? `${osName} ${parsed.os.version}` : osName,
      device: describeDevice(parsed.device.type, osName),
      browser: describeBrowser(trimmed, parsed.browser.name, parsed.browser.major, osName),
    };
  }
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(trimmed, result);
  return { ...result };
}
