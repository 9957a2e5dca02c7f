import { createHash, timingSafeEqual } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * The SOAP 1.1 conventions of the BPJS Ketenagakerjaan stand-in (modelled on how legacy social-security services are
 * published to partners; written by us): a WSDL at `?wsdl`, WS-Security UsernameToken with PasswordDigest
 * (Base64(SHA-1(nonce + created + password))), SOAP Faults for technical and security errors (HTTP 500), and result
 * codes (`KODE_HASIL`) for business outcomes. Built and read with fast-xml-parser, never by string templates.
 */
export const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  jkm: 'urn:bpjsketenagakerjaan:jkm:v1',
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  soapBinding: 'http://schemas.xmlsoap.org/wsdl/soap/',
  xsd: 'http://www.w3.org/2001/XMLSchema',
};
export const MAX_CREATED_SKEW_MS = 300_000;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, attributeNamePrefix: '@_', parseTagValue: false });
export const xml = (doc: Record<string, unknown>) => builder.build({ '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' }, ...doc });
export const readXml = (text: string): Record<string, unknown> => parser.parse(text) as Record<string, unknown>;

export function envelope(body: Record<string, unknown>): string {
  return xml({ 'soapenv:Envelope': { '@_xmlns:soapenv': NS.soap, '@_xmlns:jkm': NS.jkm, 'soapenv:Body': body } });
}

export function fault(code: 'soapenv:Client' | 'soapenv:Server' | 'wsse:FailedAuthentication' | 'wsse:MessageExpired', message: string): string {
  return xml({
    'soapenv:Envelope': { '@_xmlns:soapenv': NS.soap, '@_xmlns:wsse': NS.wsse, 'soapenv:Body': { 'soapenv:Fault': { faultcode: code, faultstring: message } } },
  });
}

export const passwordDigest = (nonceBase64: string, created: string, password: string) =>
  createHash('sha1').update(Buffer.concat([Buffer.from(nonceBase64, 'base64'), Buffer.from(created + password, 'utf8')])).digest('base64');

/** Checks the UsernameToken; returns the fault to answer, or undefined. Nonces are accepted once. */
export function checkToken(header: Record<string, unknown> | undefined, creds: { username: string; password: string }, seen: Map<string, number>, now = Date.now()): string | undefined {
  const token = ((header?.Security as Record<string, unknown> | undefined)?.UsernameToken ?? {}) as Record<string, unknown>;
  const password = token.Password as { '#text'?: string; '@_Type'?: string } | string | undefined;
  const digest = typeof password === 'object' ? password['#text'] : password;
  const nonce = typeof token.Nonce === 'object' ? (token.Nonce as { '#text'?: string })['#text'] : (token.Nonce as string | undefined);
  const created = token.Created as string | undefined;
  if (!token.Username || !digest || !nonce || !created) return fault('wsse:FailedAuthentication', 'WS-Security UsernameToken dengan PasswordDigest wajib');
  if (Math.abs(now - Date.parse(created)) > MAX_CREATED_SKEW_MS || Number.isNaN(Date.parse(created))) return fault('wsse:MessageExpired', 'wsu:Created di luar toleransi waktu');
  const expected = Buffer.from(passwordDigest(nonce, created, creds.password));
  const given = Buffer.from(digest);
  if (token.Username !== creds.username || expected.length !== given.length || !timingSafeEqual(expected, given)) return fault('wsse:FailedAuthentication', 'Username atau PasswordDigest tidak valid');
  if (seen.has(nonce)) return fault('wsse:FailedAuthentication', 'Nonce sudah pernah dipakai');
  seen.set(nonce, now);
  for (const [n, at] of seen) if (now - at > MAX_CREATED_SKEW_MS * 2) seen.delete(n);
  return undefined;
}

/** The service description partners generate their clients from. */
export function wsdl(address: string): string {
  const part = (name: string) => ({ '@_name': 'parameters', '@_element': `jkm:${name}` });
  const op = (name: string) => ({ '@_name': name, 'wsdl:input': { '@_message': `jkm:${name}Request` }, 'wsdl:output': { '@_message': `jkm:${name}Response` } });
  const bind = (name: string) => ({ '@_name': name, 'soap:operation': { '@_soapAction': name }, 'wsdl:input': { 'soap:body': { '@_use': 'literal' } }, 'wsdl:output': { 'soap:body': { '@_use': 'literal' } } });
  const el = (name: string, fields: string[]) => ({ '@_name': name, 'xsd:complexType': { 'xsd:sequence': { 'xsd:element': fields.map((f) => ({ '@_name': f, '@_type': 'xsd:string' })) } } });
  const ops = ['CekKlaimJKM', 'BukaKlaimJKM'];
  return xml({
    'wsdl:definitions': {
      '@_xmlns:wsdl': NS.wsdl, '@_xmlns:soap': NS.soapBinding, '@_xmlns:xsd': NS.xsd, '@_xmlns:jkm': NS.jkm, '@_targetNamespace': NS.jkm, '@_name': 'JkmService',
      'wsdl:types': {
        'xsd:schema': {
          '@_targetNamespace': NS.jkm,
          'xsd:element': [
            el('CekKlaimJKMRequest', ['NIK_PESERTA']),
            el('CekKlaimJKMResponse', ['KODE_HASIL', 'PESAN', 'NO_KLAIM']),
            el('BukaKlaimJKMRequest', ['NIK_PESERTA', 'NIK_AHLI_WARIS', 'TGL_MENINGGAL', 'NO_AKTA_KEMATIAN']),
            el('BukaKlaimJKMResponse', ['KODE_HASIL', 'PESAN', 'NO_KLAIM']),
          ],
        },
      },
      'wsdl:message': ops.flatMap((o) => [{ '@_name': `${o}Request`, 'wsdl:part': part(`${o}Request`) }, { '@_name': `${o}Response`, 'wsdl:part': part(`${o}Response`) }]),
      'wsdl:portType': { '@_name': 'JkmPort', 'wsdl:operation': ops.map(op) },
      'wsdl:binding': { '@_name': 'JkmBinding', '@_type': 'jkm:JkmPort', 'soap:binding': { '@_style': 'document', '@_transport': 'http://schemas.xmlsoap.org/soap/http' }, 'wsdl:operation': ops.map(bind) },
      'wsdl:service': { '@_name': 'JkmService', 'wsdl:port': { '@_name': 'JkmPort', '@_binding': 'jkm:JkmBinding', 'soap:address': { '@_location': address } } },
    },
  });
}
