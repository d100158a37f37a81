/**
 * Engine job statuses ↔ SmartFocus upload statuses (Data Mass Update guide): pending STORAGE,
 * VALIDATED, QUEUED, IMPORTING; errors ERROR, FAILURE; final DONE, DONE WITH ERRORS.
 */
import type { ImportStatus } from '../../../core/imports/types.js';

export type SfUploadStatus = 'STORAGE' | 'VALIDATED' | 'QUEUED' | 'IMPORTING' | 'DONE' | 'DONE WITH ERRORS' | 'ERROR' | 'FAILURE';

const TO_SF: Record<ImportStatus, SfUploadStatus> = {
  stored: 'STORAGE',
  validated: 'VALIDATED',
  queued: 'QUEUED',
  importing: 'IMPORTING',
  done: 'DONE',
  done_with_errors: 'DONE WITH ERRORS',
  error: 'ERROR',
  failed: 'FAILURE',
};

export function toSfStatus(status: ImportStatus): SfUploadStatus {
  return TO_SF[status];
}

/**
 * A status as a search filter spells it: case-insensitive, `DONE WITH ERRORS` also written with
 * `_` (a space cannot pass the PHP client's URL check unencoded). null when unknown.
 */
export function fromSfStatus(text: string): ImportStatus | null {
  const wanted = text.trim().toUpperCase().replace(/[_+\s]+/g, ' ');
  for (const [core, sf] of Object.entries(TO_SF) as Array<[ImportStatus, SfUploadStatus]>) if (sf === wanted) return core;
  return null;
}

/** Jobs other clients created (native API, CLI, console) show as uploads made in the interface. */
export const BATCH_SOURCE = 'API_BATCH_MEMBER';
export const INTERFACE_SOURCE = 'CCMD';

export function toSfSource(source: string): string {
  return source === BATCH_SOURCE ? BATCH_SOURCE : INTERFACE_SOURCE;
}
