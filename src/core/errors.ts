/** One problem with one input field; faces render these in their own error formats. */
export interface FieldIssue {
  field: string;
  code: 'required' | 'invalid' | 'too_long' | 'unknown' | 'conflict' | 'not_allowed';
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly kind: 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'gone';
}

export class ValidationError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(readonly issues: FieldIssue[]) {
    super(issues[0]?.message ?? 'Invalid input');
    this.name = 'ValidationError';
  }
  static single(field: string, code: FieldIssue['code'], message: string): ValidationError {
    return new ValidationError([{ field, code, message }]);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found' as const;
  constructor(readonly entity: string, readonly id: number | string) {
    super(`${entity} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The thing existed but is no longer kept (an import's files after their retention period). */
export class GoneError extends DomainError {
  readonly kind = 'gone' as const;
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Collects field issues so a whole input is checked before anything is written. */
export class IssueList {
  readonly issues: FieldIssue[] = [];
  add(field: string, code: FieldIssue['code'], message: string): void {
    this.issues.push({ field, code, message });
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
  }
}
