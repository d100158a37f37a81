/**
 * Recipients from contact groups or a file as a background task (Mobizon AddRecipients with
 * `recipientGroups` / `recipientsFile`: code 100 and the task id, progress by taskqueue/getStatus).
 *
 * The request validates everything it can cheaply (options, group ids, the file's readability and
 * a template file's header) so mistakes are answered at once; the task then reads the whole
 * source and adds it in chunks through the campaign core, holding the campaign's adding lock from
 * the request until its end (a second adder meets code 10 meanwhile). The lock is a lease: each
 * chunk extends it, so it lapses by itself only if no runner carries the task on.
 *
 * Durability: the task stores the file itself (base64 in its payload: another process may run
 * it). After each chunk it checkpoints the next chunk and the counts so far; a task left by a dead
 * process resumes at the first chunk not checkpointed. The chunk in flight at the kill may have
 * been committed already: run again, its numbers meet the campaign's duplicate check and count as
 * code 4 — nothing is added twice, but they are reported as duplicates. `replace` applies to the
 * first chunk only (a rerun of it clears and adds again, which is the same end state).
 */
import type { AccountScope } from '../../../context.js';
import { ValidationError } from '../../../errors.js';
import { createTask } from '../../../tasks/queue.js';
import { TaskInterrupted, type ProgressReporter, type RunningTask } from '../../../tasks/types.js';
import type { PlaceholdersFlag } from '../../placeholders.js';
import { CampaignType } from '../campaign-input.js';
import { campaignRow } from '../campaigns.js';
import { ADDING_LEASE_MS, releaseAddingLock, takeAddingLock } from '../lock.js';
import { addRecipientsLocked } from '../recipients.js';
import { fileReadOptions, readFileCells, recipientsFromRows, templateHeader } from './file.js';
import { checkGroupIds, contactInputs, groupContactIds } from './groups.js';
import type { RecipientInput } from './inputs.js';

export const RECIPIENTS_TASK_KIND = 'sms-recipients';
/** Recipients per call of the campaign core: one transaction, one progress step, one checkpoint. */
export const RECIPIENTS_CHUNK = 500;

export type RecipientSource =
  | { kind: 'groups'; groupIds: number[] }
  | { kind: 'file'; fileName: string; bytes: Buffer; encoding?: string; skipHeader?: boolean; delimiter?: string; enclosure?: string };

export interface RecipientsTaskOptions {
  replace?: boolean;
  placeholdersFlag?: PlaceholdersFlag;
  publicUrl: string;
  /** The data directory, where the request reads the file (not stored with the task). */
  dataDir: string;
}

/** The task's payload (JSON): the source as stored, the options. */
type StoredSource =
  | { kind: 'groups'; groupIds: number[] }
  | { kind: 'file'; fileName: string; base64: string; encoding?: string; skipHeader?: boolean; delimiter?: string; enclosure?: string };

interface RecipientsPayload {
  campaignId: number;
  source: StoredSource;
  replace: boolean;
  placeholdersFlag: PlaceholdersFlag;
  publicUrl: string;
}

interface Checkpoint {
  /** The first chunk not added yet. */
  next: number;
  /** Recipients so far per Mobizon recipient code. */
  codes: Record<string, number>;
}

/** What the task leaves as its result. */
export interface RecipientsTaskResult {
  total: number;
  /** Recipient code (0 added, 1 empty, 3 bad format, 4 duplicate, 5 stop list, 31 no mobile…) → count. */
  codes: Record<string, number>;
}

/** Sets the adding lease again from now: the task still adds (taken for it by the request). */
async function extendAddingLease(scope: AccountScope, campaignId: number): Promise<void> {
  await scope.db
    .updateTable('smsCampaigns')
    .set({ addingUntil: new Date(Date.now() + ADDING_LEASE_MS).toISOString() })
    .where('id', '=', campaignId)
    .where('accountId', '=', scope.accountId)
    .execute();
}

/** Comma-separated group ids of the campaign (smsCampaigns.groups) after adding `ids`. */
function mergedGroups(existing: string, ids: readonly number[], replace: boolean): string {
  const all = replace ? [] : existing.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const id of ids) if (!all.includes(String(id))) all.push(String(id));
  return all.join(',');
}

/**
 * Validates (ValidationError for bad options, NotFoundError for an unknown campaign or group),
 * takes the adding lock (CampaignStateError when held or the campaign is not NEW; held until the
 * task ends), stores a durable task; returns its id.
 */
export async function startRecipientsTask(scope: AccountScope, campaignId: number, source: RecipientSource, options: RecipientsTaskOptions): Promise<number> {
  const campaign = await campaignRow(scope, campaignId);
  let stored: StoredSource;
  if (source.kind === 'groups') {
    stored = { kind: 'groups', groupIds: await checkGroupIds(scope, source.groupIds) };
  } else {
    const read = fileReadOptions(source.bytes, source);
    const first = await readFileCells(source.bytes, read, options.dataDir, 1);
    if (first[0] === undefined) throw ValidationError.single('recipientsFile', 'invalid', 'The recipients file has no lines');
    if (campaign.type === CampaignType.Template) templateHeader(first[0]);
    const { bytes, kind, ...rest } = source;
    stored = { kind, ...rest, base64: bytes.toString('base64') };
  }
  const placeholdersFlag = options.placeholdersFlag ?? 1;
  if (![1, 2, 3].includes(placeholdersFlag)) throw ValidationError.single('placeholdersFlag', 'invalid', 'placeholdersFlag must be 1, 2 or 3');

  await takeAddingLock(scope, campaignId, ADDING_LEASE_MS);
  try {
    const payload: RecipientsPayload = { campaignId, source: stored, replace: options.replace === true, placeholdersFlag, publicUrl: options.publicUrl };
    const id = await createTask(scope.db, { accountId: scope.accountId, kind: RECIPIENTS_TASK_KIND, campaignId, payload });
    if (stored.kind === 'groups') {
      await scope.db
        .updateTable('smsCampaigns')
        .set({ groups: mergedGroups(campaign.groups, stored.groupIds, options.replace === true) })
        .where('id', '=', campaignId)
        .where('accountId', '=', scope.accountId)
        .execute();
    }
    return id;
  } catch (err) {
    await releaseAddingLock(scope, campaignId);
    throw err;
  }
}

/** The source's recipients, cut in chunks; each chunk's inputs are built when it is added. */
async function sourceChunks(scope: AccountScope, dataDir: string, payload: RecipientsPayload, template: boolean): Promise<(() => Promise<RecipientInput[]>)[]> {
  const chunks: (() => Promise<RecipientInput[]>)[] = [];
  const { source } = payload;
  if (source.kind === 'groups') {
    const ids = await groupContactIds(scope, source.groupIds);
    for (let i = 0; i < ids.length; i += RECIPIENTS_CHUNK) {
      const slice = ids.slice(i, i + RECIPIENTS_CHUNK);
      chunks.push(() => contactInputs(scope, slice));
    }
  } else {
    const bytes = Buffer.from(source.base64, 'base64');
    const rows = await readFileCells(bytes, fileReadOptions(bytes, source), dataDir);
    const inputs = recipientsFromRows(rows, template, source.skipHeader === true);
    for (let i = 0; i < inputs.length; i += RECIPIENTS_CHUNK) {
      const slice = inputs.slice(i, i + RECIPIENTS_CHUNK);
      chunks.push(() => Promise.resolve(slice));
    }
  }
  return chunks;
}

function checkpointOf(value: unknown): Checkpoint {
  if (typeof value === 'object' && value !== null && 'next' in value && 'codes' in value) {
    const c = value as Checkpoint;
    if (Number.isSafeInteger(c.next) && typeof c.codes === 'object' && c.codes !== null) return { next: c.next, codes: { ...c.codes } };
  }
  return { next: 0, codes: {} };
}

/** The task handler (registered under RECIPIENTS_TASK_KIND in src/core/tasks/handlers.ts). */
export async function runRecipientsTask(task: RunningTask, progress: ProgressReporter): Promise<RecipientsTaskResult> {
  const payload = task.payload as RecipientsPayload;
  const scope: AccountScope = { db: task.db, accountId: task.accountId };
  const { campaignId } = payload;
  let finished = false;
  try {
    await extendAddingLease(scope, campaignId);
    const campaign = await campaignRow(scope, campaignId);
    const chunks = await sourceChunks(scope, task.dataDir, payload, campaign.type === CampaignType.Template);
    const state = checkpointOf(task.checkpoint);
    for (let i = state.next; i < chunks.length; i++) {
      if (task.signal.aborted) throw new TaskInterrupted();
      await extendAddingLease(scope, campaignId);
      const inputs = await chunks[i]!();
      const results = await addRecipientsLocked(scope, campaignId, inputs, {
        replace: payload.replace && i === 0,
        placeholdersFlag: payload.placeholdersFlag,
        publicUrl: payload.publicUrl,
      });
      for (const r of results) state.codes[String(r.code)] = (state.codes[String(r.code)] ?? 0) + 1;
      state.next = i + 1;
      await progress.checkpoint(state, (100 * state.next) / chunks.length);
    }
    // An empty source with replace still empties the campaign, as a synchronous replace would.
    if (chunks.length === 0 && payload.replace) await addRecipientsLocked(scope, campaignId, [], { replace: true, placeholdersFlag: payload.placeholdersFlag, publicUrl: payload.publicUrl });
    finished = true;
    return { total: Object.values(state.codes).reduce((a, b) => a + b, 0), codes: state.codes };
  } finally {
    // Interrupted (the runner stops): the lease stays, so the campaign is still being filled when
    // the task resumes. Done or failed: the campaign is free again.
    if (finished || !task.signal.aborted) await releaseAddingLock(scope, campaignId);
  }
}
