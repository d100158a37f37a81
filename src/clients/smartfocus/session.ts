/**
 * What Member and BatchMember share: the base path, the session token (kept in the instance, as
 * the issue asks, instead of passed to every method as in the PHP library) and the three request
 * shapes the PHP CurlClient sends (docs/protocols/smartfocus.md §Transport):
 *   GET  — `Accept: *\/*` only (no User-Agent, no Content-Type)
 *   POST — `Content-Type: text/xml; charset=utf-8`, `Accept: application/xml`, the XML verbatim
 *   PUT  — `Content-Type: multipart/form-data; boundary=…`, `Accept: application/xml`
 * HTTP status is not what decides: the envelope's responseStatus is (envelope.ts).
 */
import { nodeTransport, type HttpRequest, type HttpTransport } from '../transport.js';
import { pathSegment, phpUrlencode } from './encoding.js';
import { readEnvelope, resultText, type Envelope } from './envelope.js';
import { SmartFocusNotConnectedError } from './errors.js';
import { textResult, type RawResult, type TextResult } from './member-results.js';

export interface SmartFocusClientOptions {
  /**
   * Scheme and host of the API server, e.g. `https://p1apie.emv2.com` or a Herald at
   * `https://herald.example.com` (the PHP library's `$server`, with the scheme it hard-codes).
   */
  baseUrl: string;
  /** Default: nodeTransport(). */
  transport?: HttpTransport;
  /** A token from an earlier openConnection() to go on with (tokens live 60 minutes). */
  token?: string;
}

export interface ConnectionResult extends RawResult {
  token: string;
}

export abstract class SessionService {
  protected readonly transport: HttpTransport;
  /** e.g. `https://host/apimember/services/rest` */
  protected readonly prefix: string;
  private currentToken: string | null;

  protected constructor(options: SmartFocusClientOptions, basePath: string) {
    this.transport = options.transport ?? nodeTransport();
    this.prefix = `${options.baseUrl.replace(/\/+$/, '')}${basePath}`;
    this.currentToken = options.token ?? null;
  }

  /** The open session's token, null when none. */
  get token(): string | null {
    return this.currentToken;
  }

  /**
   * connect/open/{login}/{password}/{key}: the password is PHP-urlencoded as the library does;
   * login and key go raw (path-safe characters) like every other value.
   */
  async openConnection(login: string, password: string, key: string): Promise<ConnectionResult> {
    const env = await this.get(`connect/open/${pathSegment(login)}/${phpUrlencode(password)}/${pathSegment(key)}`);
    // The vendor writes the token without surrounding whitespace; a pretty-printed one would
    // otherwise end up inside every later URL.
    const token = resultText(env).trim();
    this.currentToken = token;
    return { token, raw: env.raw };
  }

  /** connect/close/{token}; the instance forgets the token whatever the answer (a refused close means it is dead anyway). */
  async closeConnection(): Promise<TextResult> {
    const token = this.requireToken();
    try {
      return textResult(await this.get(`connect/close/${pathSegment(token)}`));
    } finally {
      this.currentToken = null;
    }
  }

  /** The token as a path segment; throws when no connection is open. */
  protected requireToken(): string {
    if (this.currentToken === null) throw new SmartFocusNotConnectedError(this.constructor.name);
    return pathSegment(this.currentToken);
  }

  protected send(request: HttpRequest): Promise<Envelope> {
    return this.transport.send(request).then(readEnvelope);
  }

  /** `path` is already encoded (segments through pathSegment). */
  protected get(path: string): Promise<Envelope> {
    return this.send({ method: 'GET', url: `${this.prefix}/${path}`, headers: { Accept: '*/*' } });
  }

  protected post(path: string, xml: string): Promise<Envelope> {
    return this.send({ method: 'POST', url: `${this.prefix}/${path}`, headers: { 'Content-Type': 'text/xml; charset=utf-8', Accept: 'application/xml' }, body: xml });
  }

  protected put(path: string, contentType: string, body: string | Uint8Array): Promise<Envelope> {
    return this.send({ method: 'PUT', url: `${this.prefix}/${path}`, headers: { 'Content-Type': contentType, Accept: 'application/xml' }, body });
  }
}
