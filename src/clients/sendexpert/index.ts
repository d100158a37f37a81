/** SendExpert transactional API client (docs/protocols/sendexpert.md): `import { SendExpertClient } from 'herald/clients/sendexpert'`. */
export { SendExpertClient, attachmentOf, DEFAULT_USER_AGENT, type SendExpertClientOptions, type SendMailParams, type Attachment } from './client.js';
export { SendExpertError, SendExpertResponseError } from './errors.js';
export { buildSendExpertRequest, transapiUrl, TRANSAPI_PATH, type SendExpertEncoding, type Credentials } from './request.js';
export { sign, signText, callbackChecksum } from './sign.js';
// The PHP encoder is the one the SendExpert face signs and checks with; the names are the client's own.
export { phpJsonEncode, formatFloat as phpFloat, PhpJsonError as PhpJsonEncodeError } from '../../wire/php-json.js';
export { verifyCallback, parseCallback, SendExpertCallbackError, type CallbackEvent, type CallbackStatus, type CallbackBody } from './callback.js';
export type { AccountInfo, Packet, StatusMail, DayStats } from './results.js';
