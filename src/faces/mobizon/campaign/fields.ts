/** Reading Mobizon form fields into typed values, collecting field errors as code 1 wants them. */
import { IssueList } from '../../../core/errors.js';
import type { ParamMap } from '../params.js';
import { stringParam } from '../params.js';
import { parseMobizonTime } from '../../../wire/mobizon-time.js';

export class FieldReader {
  readonly issues = new IssueList();
  constructor(
    private readonly params: ParamMap,
    private readonly prefix: string[] = [],
  ) {}

  string(name: string): string | undefined {
    return stringParam(this.params, ...this.prefix, name);
  }

  /** A whole number (PHP-style: "12", " 12 "); empty or absent → undefined. */
  int(name: string): number | undefined {
    const raw = this.string(name)?.trim();
    if (raw === undefined || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw)) {
      this.issues.add(name, 'invalid', `${name} must be a whole number.`);
      return undefined;
    }
    return Number(raw);
  }

  /** 0/1 flags ("true"/"false" as mobizon-node's qs writes booleans). */
  flag(name: string): boolean | undefined {
    const raw = this.string(name)?.trim().toLowerCase();
    if (raw === undefined || raw === '') return undefined;
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    this.issues.add(name, 'invalid', `${name} must be 0 or 1.`);
    return undefined;
  }

  time(name: string, timeZone: string): Date | undefined {
    const raw = this.string(name)?.trim();
    if (raw === undefined || raw === '') return undefined;
    const at = parseMobizonTime(raw, timeZone);
    if (at === null) this.issues.add(name, 'invalid', `${name} must be YYYY-MM-DD HH:MM:SS.`);
    return at ?? undefined;
  }
}
