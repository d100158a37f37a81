import type { Db } from '../store/database.js';
import type { ImportStorage } from './imports/retention.js';
import type { SecretBox } from './secrets/encryption.js';
import type { AuthThrottle } from './auth-throttle/throttle.js';

/** What core operations need from the running process. */
export interface CoreContext {
  db: Db;
  secrets: SecretBox;
  /** Base URL for links Herald generates (SSO session URLs, tracking links). */
  publicUrl: string;
  /** Directory for files Herald keeps (import uploads, their log and bad files). */
  dataDir: string;
  /** From address of mail Herald sends itself (sender verification); HERALD_SYSTEM_FROM. */
  systemFrom?: string | null;
  /** Failed-authentication counts shared by every face of the process (HERALD_AUTH_*). */
  authThrottle?: AuthThrottle;
  /** Import file retention and the per-account upload quota; absent: DEFAULT_IMPORT_STORAGE. */
  importStorage?: ImportStorage;
}

/** Every account-owned operation runs inside one account; its queries filter on accountId. */
export interface AccountScope {
  db: Db;
  accountId: number;
}
