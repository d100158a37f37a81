/**
 * The methods of the Mobizon face: everything the documentation and the official clients use
 * (wire-formats.md §2.4–2.5), declared, and the ones Herald serves, implemented. A new method plugs
 * in with one `implement` line here.
 */
import { getSmsStatus, sendSmsMessage } from './message.js';
import { MethodRegistry } from './registry.js';
import { getOwnBalance } from './user.js';

/** Documented spelling; routing ignores case. */
const DOCUMENTED: Record<string, string[]> = {
  campaign: ['addRecipients', 'create', 'delete', 'get', 'getInfo', 'getLinks', 'list', 'send'],
  message: ['sendSMSMessage', 'getSMSStatus', 'list'],
  link: ['create', 'get', 'getLinks', 'list', 'update', 'delete', 'getStats'],
  taskqueue: ['getStatus'],
  alphaname: ['list'],
  user: ['getOwnBalance'],
  // Called by mobizon-node though not publicly documented.
  contactgroup: ['create', 'delete', 'list'],
  price: ['listPublic'],
};

export function defaultMethods(): MethodRegistry {
  const registry = new MethodRegistry();
  for (const [module, methods] of Object.entries(DOCUMENTED)) for (const method of methods) registry.declare(module, method);
  registry.implement('user', 'getOwnBalance', getOwnBalance);
  registry.implement('message', 'sendSMSMessage', sendSmsMessage);
  registry.implement('message', 'getSMSStatus', getSmsStatus);
  return registry;
}
