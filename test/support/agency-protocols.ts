import { createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { decompressFromEncodedURIComponent } from 'lz-string';
import { SANDBOX } from './api';

/** A raw HTTP exchange with a sandbox agency, optionally from another loopback address (to test allow-lists). */
export function rawCall(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; localAddress?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const url = new URL(`${SANDBOX}${path}`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'POST', headers: options.headers, localAddress: options.localAddress },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The Dukcapil web service: credentials in the body, answers always 200 with `content`. */
export async function dukcapil(service: string, fields: Record<string, unknown>, creds = { user_id: 'simpul-dev', password: 'dukcapil-dev-password' }, localAddress?: string) {
  const res = await rawCall(`/civil-registry/ws/${service}`, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...creds, ...fields }), localAddress });
  return { status: res.status, content: (JSON.parse(res.text) as { content: Array<Record<string, string>> }).content };
}

export const BPJS_DEV = { consId: '10001', secret: 'bpjs-kes-dev-secret', userKey: 'bpjs-kes-dev-user-key' };

/** A BPJS Kesehatan bridging call, signed as the adapter signs it (or wrongly, on purpose). */
export async function bpjsBridging(service: string, part: string, fields: Record<string, unknown>, opts: { timestamp?: number; secret?: string } = {}) {
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const headers = {
    'Content-Type': 'application/json',
    'X-cons-id': BPJS_DEV.consId,
    'X-timestamp': timestamp,
    'X-signature': createHmac('sha256', opts.secret ?? BPJS_DEV.secret).update(`${BPJS_DEV.consId}&${timestamp}`).digest('base64'),
    user_key: BPJS_DEV.userKey,
  };
  const res = await rawCall(`/bpjs-health/${service}`, { headers, body: JSON.stringify({ request: { [part]: fields } }) });
  const body = JSON.parse(res.text) as { metaData: { code: string; message: string }; response: string | null };
  let plain: unknown;
  if (body.response) {
    const key = createHash('sha256').update(`${BPJS_DEV.consId}${BPJS_DEV.secret}${timestamp}`).digest();
    const d = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    plain = JSON.parse(decompressFromEncodedURIComponent(Buffer.concat([d.update(Buffer.from(body.response, 'base64')), d.final()]).toString('utf8')));
  }
  return { status: res.status, metaData: body.metaData, encrypted: body.response, plain };
}

const soapBuilder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_' });
const soapParser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, attributeNamePrefix: '@_', parseTagValue: false });

/** A SOAP 1.1 call to BPJS Ketenagakerjaan with a WS-Security UsernameToken (PasswordDigest), right or wrong on purpose. */
export async function bpjstkSoap(operation: string, fields: Record<string, string>, opts: { password?: string; created?: string } = {}) {
  const nonce = randomBytes(16);
  const created = opts.created ?? new Date().toISOString();
  const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created + (opts.password ?? 'bpjstk-dev-password'))])).digest('base64');
  const body = soapBuilder.build({
    'soapenv:Envelope': {
      '@_xmlns:soapenv': 'http://schemas.xmlsoap.org/soap/envelope/',
      '@_xmlns:jkm': 'urn:bpjsketenagakerjaan:jkm:v1',
      'soapenv:Header': {
        'wsse:Security': {
          '@_xmlns:wsse': 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
          '@_xmlns:wsu': 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
          'wsse:UsernameToken': { 'wsse:Username': 'simpul', 'wsse:Password': { '#text': digest }, 'wsse:Nonce': { '#text': nonce.toString('base64') }, 'wsu:Created': created },
        },
      },
      'soapenv:Body': { [`jkm:${operation}Request`]: fields },
    },
  });
  const res = await rawCall('/bpjs-employment/ws/JkmService', { headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${operation}"` }, body });
  const doc = soapParser.parse(res.text) as { Envelope: { Body: Record<string, Record<string, string>> } };
  return { status: res.status, body: doc.Envelope.Body };
}
