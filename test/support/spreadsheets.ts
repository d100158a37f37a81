/**
 * Spreadsheets built byte by byte for the limit tests: a minimal XLSX whose worksheet comes before
 * its shared strings (as Excel writes them, which makes the reader spill the sheet to a temporary
 * file), and the bombs made of it.
 */
import { deflatedEntry, repeatedEntry, type ZipEntry } from './zip-files.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook needs besides its sheet and shared strings. */
export function workbookParts(): ZipEntry[] {
  return [
    deflatedEntry('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    deflatedEntry('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    deflatedEntry('xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`),
    deflatedEntry('xl/workbook.xml', `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
  ];
}

/** A sheet of `rows` rows: an email (shared string i) and a number. */
export function sheetXml(rows: number): string {
  let xml = `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>`;
  for (let r = 1; r <= rows; r++) xml += `<row r="${r}"><c r="A${r}" t="s"><v>${r - 1}</v></c><c r="B${r}"><v>${r}</v></c></row>`;
  return `${xml}</sheetData></worksheet>`;
}

export function sharedStringsXml(strings: readonly string[]): string {
  return `<?xml version="1.0"?><sst xmlns="${MAIN}" count="${strings.length}">${strings.map((s) => `<si><t>${s}</t></si>`).join('')}</sst>`;
}

/** A readable XLSX of `rows` rows, its sheet before its shared strings. */
export function normalXlsx(rows: number): ZipEntry[] {
  const emails = Array.from({ length: rows }, (_, i) => `person${i + 1}@example.com`);
  return [...workbookParts(), deflatedEntry('xl/worksheets/sheet1.xml', sheetXml(rows)), deflatedEntry('xl/sharedStrings.xml', sharedStringsXml(emails))];
}

/** `mb` MB of one shared string repeated: kB on disk. */
export function sharedStringsBomb(mb: number): Promise<ZipEntry> {
  const item = `<si><t>${'A'.repeat(1000)}</t></si>`;
  return repeatedEntry('xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="${MAIN}">`, item, Math.ceil((mb * 1024 * 1024) / item.length), '</sst>');
}

/** A worksheet of `mb` MB of identical rows. */
export function sheetBomb(name: string, mb: number): Promise<ZipEntry> {
  const row = '<row><c t="s"><v>0</v></c><c><v>1</v></c></row>';
  return repeatedEntry(name, `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>`, row, Math.ceil((mb * 1024 * 1024) / row.length), '</sheetData></worksheet>');
}
