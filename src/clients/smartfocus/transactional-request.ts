/**
 * The NMSXML MultiSendRequest document that the PHP library's buildTransactionalRequestObject()
 * builds as a SimpleXMLElement and post() sends with asXML() (docs/protocols/smartfocus.md §Notification):
 *
 *   <?xml version="1.0"?>\n<MultiSendRequest><sendrequest><email/><encrypt/><random/>
 *   {additional params, caller order}<dyn><entry><key/><value/></entry>…</dyn>
 *   <content><entry><key/><value/></entry>…</content></sendrequest></MultiSendRequest>\n
 *
 * Text is escaped as libxml does (encoding.ts xmlText). With tracking on, content links are
 * wrapped in `[EMV URL]…[EMV /URL]` and `£` becomes the HTML entity `&pound;`, as the library does.
 */
import { xmlText } from './encoding.js';

export type FieldValue = string | number;

/** The library's href expression: a quoted or bare http(s)/ftp URL after `href=`. */
const HREF = /href=(['"])?((?:https?|ftp):\/\/[^'" >]+)/gi;

/** Content with tracked links, as setContentInXMLObject() does when tracking is enabled. */
export function trackedContent(html: string): string {
  return html.replace(HREF, (_m, quote: string | undefined, url: string) => `href=${quote ?? ''}[EMV URL]${url}[EMV /URL]`).replace(/£/g, '&pound;');
}

// XML 1.0 element names (ASCII subset plus anything non-ASCII); `xml…` reserved names are allowed as libxml does.
const ELEMENT_NAME = /^[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_.\-\u0080-\uFFFF]*$/;

function element(name: string, value: FieldValue): string {
  const text = xmlText(String(value));
  return text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`;
}

function entries(name: 'dyn' | 'content', pairs: ReadonlyArray<readonly [string, FieldValue]>): string {
  return `<${name}>${pairs.map(([k, v]) => `<entry>${element('key', k)}${element('value', v)}</entry>`).join('')}</${name}>`;
}

export class TransactionalRequest {
  readonly additionalParams: ReadonlyArray<readonly [string, FieldValue]>;
  readonly dyn: ReadonlyArray<readonly [string, FieldValue]> | null;
  /** Content blocks after tracking was applied; keys are the block ids (0, 1… for a list). */
  readonly content: ReadonlyArray<readonly [string, FieldValue]> | null;

  constructor(
    readonly email: string,
    readonly encrypt: string,
    readonly random: string,
    dyn: Readonly<Record<string, FieldValue>> | null = null,
    content: ReadonlyArray<FieldValue> | Readonly<Record<string, FieldValue>> | null = null,
    enableTracking = false,
    additionalParams: Readonly<Record<string, FieldValue>> | null = null,
  ) {
    this.additionalParams = Object.entries(additionalParams ?? {});
    for (const [name] of this.additionalParams) {
      if (!ELEMENT_NAME.test(name)) throw new RangeError(`additional parameter ${JSON.stringify(name)} is not an XML element name`);
    }
    this.dyn = dyn === null ? null : Object.entries(dyn);
    const blocks: Array<[string, FieldValue]> | null = content === null ? null : Array.isArray(content) ? content.map((v, i) => [String(i), v]) : Object.entries(content);
    this.content = blocks === null ? null : blocks.map(([k, v]) => [k, enableTracking && typeof v === 'string' ? trackedContent(v) : v]);
  }

  /** The document as SimpleXMLElement::asXML() writes it. */
  asXML(): string {
    let xml = `<sendrequest>${element('email', this.email)}${element('encrypt', this.encrypt)}${element('random', this.random)}`;
    for (const [name, value] of this.additionalParams) xml += element(name, value);
    if (this.dyn !== null) xml += entries('dyn', this.dyn);
    if (this.content !== null) xml += entries('content', this.content);
    return `<?xml version="1.0"?>\n<MultiSendRequest>${xml}</sendrequest></MultiSendRequest>\n`;
  }
}
