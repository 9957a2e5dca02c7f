import { createHash, randomBytes } from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { AgencyConnection } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import { contractError, technicalFailure, type AgencyHttp } from '../agency-http.client';

/**
 * BPJS Ketenagakerjaan adapter, for its SOAP 1.1 service (WSDL at `/ws/JkmService?wsdl`): WS-Security UsernameToken
 * with PasswordDigest (Base64(SHA-1(nonce + created + password))), SOAP Faults for technical and security errors,
 * result codes (`KODE_HASIL`) for business outcomes. Envelopes are built and read with fast-xml-parser. No idempotency
 * key: the member's claim is looked up (`CekKlaimJKM`, by the deceased's NIK) before it is opened.
 */
const NS = {
  soap: 'http://schemas.xmlsoap.org/soap/envelope/',
  wsse: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  wsu: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd',
  jkm: 'urn:bpjsketenagakerjaan:jkm:v1',
};
const PASSWORD_DIGEST = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest';
const BASE64 = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary';
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, attributeNamePrefix: '@_', parseTagValue: false });
type Result = { KODE_HASIL?: string; PESAN?: string; NO_KLAIM?: string };

export function createBpjsEmploymentAdapter(http: AgencyHttp, connection: AgencyConnection) {
  const ruleVersion = connection.apiVersion;
  const { username, password } = connection.credentials;

  const security = () => {
    const nonce = randomBytes(16);
    const created = new Date().toISOString();
    const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created + password, 'utf8')])).digest('base64');
    return {
      'wsse:Security': {
        '@_xmlns:wsse': NS.wsse,
        '@_xmlns:wsu': NS.wsu,
        '@_soapenv:mustUnderstand': '1',
        'wsse:UsernameToken': {
          'wsse:Username': username,
          'wsse:Password': { '@_Type': PASSWORD_DIGEST, '#text': digest },
          'wsse:Nonce': { '@_EncodingType': BASE64, '#text': nonce.toString('base64') },
          'wsu:Created': created,
        },
      },
    };
  };

  /** One SOAP operation: its result element, or a thrown failure for a SOAP Fault or a broken answer. */
  const call = async (request: AgencyStepRequest, action: string, operation: string, fields: Record<string, unknown>): Promise<Result> => {
    const body = builder.build({
      '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
      'soapenv:Envelope': { '@_xmlns:soapenv': NS.soap, '@_xmlns:jkm': NS.jkm, 'soapenv:Header': security(), 'soapenv:Body': { [`jkm:${operation}Request`]: fields } },
    });
    const reply = await http.exchange(request, action, { path: '/ws/JkmService', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${operation}"` }, body });
    let doc: { Envelope?: { Body?: Record<string, unknown> } };
    try {
      doc = parser.parse(reply.text) as typeof doc;
    } catch {
      doc = {};
    }
    const answer = doc.Envelope?.Body;
    const soapFault = answer?.Fault as { faultcode?: string; faultstring?: string } | undefined;
    if (soapFault) {
      const code = String(soapFault.faultcode ?? '');
      // Security and malformed-request faults are ours to fix; a server fault is the agency's trouble: retried.
      if (/Client|FailedAuthentication|MessageExpired|InvalidSecurity/.test(code)) throw contractError(`BPJS Ketenagakerjaan SOAP Fault ${code} on ${operation}: ${soapFault.faultstring ?? ''}`);
      throw technicalFailure(`BPJS Ketenagakerjaan SOAP Fault ${code} on ${operation}: ${soapFault.faultstring ?? ''}`);
    }
    if (reply.status >= 500 || reply.status === 408 || reply.status === 429) throw technicalFailure(`BPJS Ketenagakerjaan answered ${reply.status} to ${operation}`);
    const result = answer?.[`${operation}Response`] as Result | undefined;
    if (reply.status !== 200 || !result?.KODE_HASIL) throw contractError(`BPJS Ketenagakerjaan answered ${reply.status} to ${operation} without a result: check the service address`);
    return result;
  };

  return {
    async 'bpjs-employment.openDeathBenefitClaim'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const found = await call(request, 'openDeathBenefitClaim', 'CekKlaimJKM', { NIK_PESERTA: i.deceasedNik });
      // 00 found (a retry after a lost answer), else open it: 00 opened, 02 already open (its number), 01 not a member.
      const result =
        found.KODE_HASIL === '00'
          ? found
          : await call(request, 'openDeathBenefitClaim', 'BukaKlaimJKM', {
              NIK_PESERTA: i.deceasedNik,
              NIK_AHLI_WARIS: i.reporterNik,
              TGL_MENINGGAL: i.dateOfDeath,
              NO_AKTA_KEMATIAN: i.deathCertificateNumber,
            });
      if (result.KODE_HASIL === '01') {
        return {
          ruleVersion,
          outcome: 'SKIPPED',
          outputs: {},
          message: {
            id: 'Almarhum bukan peserta BPJS Ketenagakerjaan, sehingga tidak ada klaim Jaminan Kematian.',
            en: 'The deceased was not a BPJS Ketenagakerjaan member, so there is no death benefit claim.',
          },
        };
      }
      if (!['00', '02'].includes(result.KODE_HASIL as string) || !result.NO_KLAIM) throw contractError(`BPJS Ketenagakerjaan answered KODE_HASIL ${result.KODE_HASIL}: ${result.PESAN ?? ''}`);
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: result.NO_KLAIM,
        outputs: { deathBenefitClaimNumber: result.NO_KLAIM },
        message: { id: `Klaim Jaminan Kematian ${result.NO_KLAIM} dibuka untuk ahli waris.`, en: `Death benefit claim ${result.NO_KLAIM} opened for the heirs.` },
      };
    },
  };
}
