/**
 * The methods of the Mobizon face: everything the documentation and the official clients use
 * (docs/protocols/mobizon.md §Campaigns, §Methods), declared, and the ones Herald serves, implemented. A new method plugs
 * in with one `implement` line here.
 */
import { getSmsStatus, sendSmsMessage } from './message.js';
import { listMessages } from './message-list.js';
import { listAlphanames } from './alphaname.js';
import { MethodRegistry } from './registry.js';
import { createCampaignMethod } from './campaign/create.js';
import { addRecipientsMethod } from './campaign/add-recipients.js';
import { deleteCampaignMethod, getCampaignInfoMethod, getCampaignMethod, sendCampaignMethod } from './campaign/actions.js';
import { listCampaignsMethod } from './campaign/list.js';
import { createContactGroupMethod, deleteContactGroupMethod, listContactGroupsMethod } from './contactgroup.js';
import { listPublicPricesMethod } from './price.js';
import { getOwnBalance } from './user.js';
import { getTaskStatus } from './taskqueue.js';
import { createLinkMethod, deleteLinkMethod, getCampaignLinksMethod, getLinkMethod, updateLinkMethod } from './link.js';
import { getLinkStatsMethod, listLinksMethod } from './link-list.js';

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
  registry.implement('taskqueue', 'getStatus', getTaskStatus);
  registry.implement('message', 'list', listMessages);
  registry.implement('alphaname', 'list', listAlphanames);
  registry.implement('link', 'create', createLinkMethod);
  registry.implement('link', 'get', getLinkMethod);
  registry.implement('link', 'list', listLinksMethod);
  registry.implement('link', 'update', updateLinkMethod);
  registry.implement('link', 'delete', deleteLinkMethod);
  registry.implement('link', 'getStats', getLinkStatsMethod);
  registry.implement('link', 'getLinks', getCampaignLinksMethod);
  registry.implement('campaign', 'getLinks', getCampaignLinksMethod);
  registry.implement('contactgroup', 'create', createContactGroupMethod);
  registry.implement('contactgroup', 'delete', deleteContactGroupMethod);
  registry.implement('contactgroup', 'list', listContactGroupsMethod);
  registry.implement('price', 'listPublic', listPublicPricesMethod);
  registry.implement('campaign', 'create', createCampaignMethod);
  registry.implement('campaign', 'addRecipients', addRecipientsMethod);
  registry.implement('campaign', 'get', getCampaignMethod);
  registry.implement('campaign', 'getInfo', getCampaignInfoMethod);
  registry.implement('campaign', 'list', listCampaignsMethod);
  registry.implement('campaign', 'send', sendCampaignMethod);
  registry.implement('campaign', 'delete', deleteCampaignMethod);
  return registry;
}
