/**
 * The XML parameters part of insertUpload / mergeUpload (docs/protocols/smartfocus.md §Batch Member), parsed into a
 * face-neutral request. Tolerances a real client needs:
 * - the PHP library's insertUpload has no `<separator>` and a stray bare `tab` text between
 *   elements (operator-precedence bug in buildInsertXml): stray text is ignored and a missing
 *   separator means "detect it from the first line";
 * - element names and enumerated values are matched case-insensitively (the vendor's examples mix
 *   `skipUnsubAndHBQ` / `SKIPUNSUBANDHBQ` spellings across guides);
 * - unknown elements are ignored, as the vendor's JAXB binding does.
 */
import { parseRequestXml, requestXmlParser } from '../common/request-xml.js';
import type { DedupKey } from '../../../core/imports/types.js';

export type UploadKind = 'insert' | 'merge';

/** Root element / multipart part name of each method. */
export const UPLOAD_ELEMENT: Record<UploadKind, string> = { insert: 'insertUpload', merge: 'mergeUpload' };

/** A bad or missing parameter: the face answers INVALID_PARAMETERS with this description. */
export class UploadParameterError extends Error {
  constructor(message: string, readonly fields: string) {
    super(message);
    this.name = 'UploadParameterError';
  }
}

export interface UploadColumn {
  colNum: number;
  /** As written: a SmartFocus column name (EMAIL, FIRSTNAME, EMVCELLPHONE…) or a custom field name. */
  fieldName: string;
  toReplace: boolean;
}

export interface UploadRequest {
  kind: UploadKind;
  fileName: string;
  /** As written; checked by the engine. */
  encoding?: string;
  /** `,` `;` `|` or TAB; undefined = detect. */
  delimiter?: string;
  dateFormat?: string;
  autoMapping: boolean;
  /** Vendor `skipFirstLine`: the file keeps a header line that a `<mapping>` makes redundant. */
  skipFirstLine: boolean;
  /** Ordered by colNum. */
  columns: UploadColumn[];
  dedupKey?: DedupKey;
  dedupOrder?: 'first' | 'last';
  skipUnsubscribedAndHardBounced: boolean;
}

/** Largest XML parameters part accepted: a mapping of a few hundred columns fits many times over. */
export const MAX_UPLOAD_XML_BYTES = 1024 * 1024;

const SEPARATORS: Record<string, string> = { ',': ',', ';': ';', '|': '|', tab: '\t', '\t': '\t' };

/** SmartFocus dedup criteria → engine key. LOWER(EMAIL) and EMAIL both mean email (the engine lower-cases). */
const CRITERIA: Record<string, DedupKey> = {
  'LOWER(EMAIL)': 'email',
  EMAIL: 'email',
  EMVCELLPHONE: 'mobile',
  CELLPHONE: 'mobile',
  MEMBER_ID: 'memberId',
  MEMBERID: 'memberId',
};

type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };
type XmlObject = { [key: string]: XmlNode | XmlNode[] };

// Every element may repeat: the caller decides which occurrences matter.
const parser = requestXmlParser(() => true, true);

function isObject(node: XmlNode | undefined): node is XmlObject {
  return typeof node === 'object' && node !== null;
}

/** Child elements of `node` whose name matches case-insensitively (stray `#text` is never one). */
function children(node: XmlObject, name: string): XmlNode[] {
  const wanted = name.toLowerCase();
  const out: XmlNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === '#text' || key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) out.push(...value);
    else out.push(value);
  }
  return out;
}

/** Text of an element; an element that holds children (or nothing) reads as ''. */
function textOf(node: XmlNode): string {
  if (typeof node === 'string') return node;
  const text = node['#text'];
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) return text.filter((t): t is string => typeof t === 'string').join('');
  return '';
}

/** The single child's text, undefined when absent. */
function field(node: XmlObject, name: string, path: string): string | undefined {
  const found = children(node, name);
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new UploadParameterError(`Element '${name}' must appear only once`, `${path}${name}`);
  return textOf(found[0]!).trim();
}

function child(node: XmlObject, name: string, path: string): XmlObject | undefined {
  const found = children(node, name);
  if (found.length === 0) return undefined;
  if (found.length > 1) throw new UploadParameterError(`Element '${name}' must appear only once`, `${path}${name}`);
  const only = found[0]!;
  return isObject(only) ? only : {};
}

function bool(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new UploadParameterError(`Element '${name}' must be true or false`, name);
}

function parseSeparator(value: string | undefined): string | undefined {
  // trimValues turns a literal TAB into '': an empty separator is left to detection, which finds TAB.
  if (value === undefined || value === '') return undefined;
  const sep = SEPARATORS[value.toLowerCase()];
  if (sep === undefined) throw new UploadParameterError(`Invalid separator '${value}': use , ; | or tab`, 'separator');
  return sep;
}

function parseCriteria(value: string | undefined, name: string): DedupKey | undefined {
  if (value === undefined || value === '') return undefined;
  const key = CRITERIA[value.toUpperCase().replace(/\s+/g, '')];
  if (key === undefined) throw new UploadParameterError(`Invalid ${name} '${value}': use LOWER(EMAIL), EMAIL, EMVCELLPHONE or MEMBER_ID`, name);
  return key;
}

function parseColumns(root: XmlObject, path: string): UploadColumn[] {
  const mapping = child(root, 'mapping', path);
  if (mapping === undefined) return [];
  const columns: UploadColumn[] = [];
  const seen = new Set<number>();
  for (const node of children(mapping, 'column')) {
    const column = isObject(node) ? node : {};
    const colNumText = field(column, 'colNum', 'mapping/column/') ?? '';
    const colNum = /^\d{1,4}$/.test(colNumText) ? Number(colNumText) : NaN;
    if (!Number.isInteger(colNum) || colNum < 1) throw new UploadParameterError(`Invalid colNum '${colNumText}' in mapping`, 'colNum');
    if (seen.has(colNum)) throw new UploadParameterError(`Column ${colNum} is mapped twice`, 'colNum');
    seen.add(colNum);
    const fieldName = field(column, 'fieldName', 'mapping/column/') ?? '';
    if (fieldName === '') throw new UploadParameterError(`Column ${colNum} has no fieldName`, 'fieldName');
    columns.push({ colNum, fieldName, toReplace: bool(field(column, 'toReplace', 'mapping/column/'), 'toReplace') ?? false });
  }
  if (columns.length === 0) throw new UploadParameterError('The mapping has no column', 'mapping');
  return columns.sort((a, b) => a.colNum - b.colNum);
}

/** Parses the parameters part of `kind`. @throws UploadParameterError */
export function parseUploadXml(kind: UploadKind, xml: string): UploadRequest {
  const rootName = UPLOAD_ELEMENT[kind];
  if (xml.trim() === '') throw new UploadParameterError(`Element '${rootName}' is required`, rootName);
  const parsed = parseRequestXml(parser, xml);
  if (!parsed.ok) throw new UploadParameterError(parsed.reason === 'doctype' ? `The ${rootName} XML must not declare a DOCTYPE` : `The ${rootName} XML is not well formed: ${parsed.detail}`, rootName);
  const doc = parsed.doc as XmlObject;
  const roots = children(doc, rootName);
  if (roots.length !== 1) throw new UploadParameterError(`Element '${rootName}' is required`, rootName);
  const root = isObject(roots[0]) ? roots[0] : {};
  const path = `${rootName}/`;

  const fileName = field(root, 'fileName', path) ?? '';
  if (fileName === '') throw new UploadParameterError("Element 'fileName' is required", 'fileName');
  const encoding = field(root, 'fileEncoding', path) || undefined;
  const dateFormat = field(root, 'dateFormat', path) || undefined;
  const autoMapping = bool(field(root, 'autoMapping', path), 'autoMapping') ?? false;
  const skipFirstLine = bool(field(root, 'skipFirstLine', path), 'skipFirstLine') ?? false;
  const columns = parseColumns(root, path);
  if (!autoMapping && columns.length === 0) throw new UploadParameterError("Either 'autoMapping' true or a 'mapping' is required", 'mapping');

  const request: UploadRequest = {
    kind,
    fileName,
    encoding,
    delimiter: parseSeparator(field(root, 'separator', path)),
    dateFormat,
    autoMapping,
    skipFirstLine,
    columns,
    skipUnsubscribedAndHardBounced: false,
  };
  const dedup = child(root, 'dedup', path);
  if (dedup !== undefined) {
    request.dedupKey = parseCriteria(field(dedup, 'criteria', 'dedup/'), 'criteria');
    const order = field(dedup, 'order', 'dedup/');
    if (order !== undefined && order !== '') {
      const o = order.toLowerCase();
      if (o !== 'first' && o !== 'last') throw new UploadParameterError(`Invalid order '${order}': use first or last`, 'order');
      request.dedupOrder = o;
    }
    request.skipUnsubscribedAndHardBounced = bool(field(dedup, 'skipUnsubAndHBQ', 'dedup/'), 'skipUnsubAndHBQ') ?? false;
  }
  // mergeUpload names its key directly under the root (the library sends LOWER(EMAIL) there).
  const direct = parseCriteria(field(root, 'criteria', path), 'criteria');
  if (direct !== undefined) request.dedupKey ??= direct;
  return request;
}
