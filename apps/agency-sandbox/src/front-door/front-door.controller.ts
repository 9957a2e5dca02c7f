import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@simpul/auth';

/** The stand-in agencies, each in the style of its real counterpart (docs/agency-integration.md tells the details). */
export const SANDBOX_AGENCIES: Array<{ id: string; name: string; style: string; entry: string }> = [
  { id: 'civil-registry', name: 'Disdukcapil', style: 'Dukcapil web service: credentials and caller address in the JSON body, uppercase fields, always HTTP 200, no idempotency', entry: 'POST /civil-registry/ws/…' },
  { id: 'bpjs-health', name: 'BPJS Kesehatan', style: 'BPJS bridging: X-cons-id, X-timestamp, X-signature (HMAC-SHA256), user_key; metaData + AES-256-CBC encrypted, LZ-string-compressed response', entry: 'POST /bpjs-health/Peserta/…' },
  { id: 'social-aid', name: 'Kemensos', style: 'DTKS proposals in batch style: Api-Key header, a ticket now, verified in periodic batches, the result polled by ticket (no callback, no idempotency); its changes service kept on the asynchronous push contract (202 Accepted, then a signed callback)', entry: 'POST /social-aid/dtks/v1/usulan, GET /social-aid/dtks/v1/usulan/<no_tiket>; POST /social-aid/api/v1/…' },
  { id: 'education', name: 'Kemendikbudristek', style: 'REST with OAuth 2.0 client credentials (short-lived tokens), 429 Retry-After, RFC 9457 problems', entry: 'POST /education/oauth2/token, /education/v2/…' },
  {
    id: 'religious-affairs',
    name: 'KUA Kemenag (SIMKAH)',
    style: 'web service like Dukcapil\'s, with which it exchanges NIK data: credentials and caller address in the JSON body, uppercase fields, always HTTP 200, no idempotency',
    entry: 'POST /religious-affairs/ws/NIKAH/…',
  },
  { id: 'bpjs-employment', name: 'BPJS Ketenagakerjaan', style: 'SOAP 1.1: WSDL, WS-Security UsernameToken (PasswordDigest), SOAP Faults, result codes', entry: 'GET /bpjs-employment/ws/JkmService?wsdl' },
];

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

/** `GET /`: what a person who types the sandbox's address lands on. Every other unknown route stays a problem+json 404. */
@ApiExcludeController()
@Controller()
export class FrontDoorController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  page(): string {
    const rows = SANDBOX_AGENCIES.map((a) => `<tr><td><code>${a.id}</code></td><td>${escape(a.name)}</td><td>${escape(a.style)}</td><td><code>${escape(a.entry)}</code></td></tr>`).join('');
    return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simpul — sandbox instansi / agency sandbox</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem;max-width:60rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}@media(max-width:40rem){td,th{display:block}}</style></head>
<body><h1>Sandbox instansi <small>(agency sandbox)</small></h1>
<p>Tiruan sistem instansi untuk pengembangan, pengujian dan demo; masing-masing berbicara dengan gaya aslinya.
<br><em>Stand-ins for the agency systems, for development, tests and demos; each speaks in the style of its real counterpart.</em></p>
<table><thead><tr><th>id</th><th>instansi / agency</th><th>gaya protokol / protocol style</th><th>pintu masuk / entry</th></tr></thead><tbody>${rows}</tbody></table>
<h2>Injeksi gangguan / fault injection</h2>
<p>Admin API (header <code>X-Admin-Key</code>): <code>GET /admin/faults</code>, <code>PUT /admin/faults/&lt;agency&gt;</code>
(<code>failNext</code>, <code>failStatus</code>, <code>latencyMs</code>, <code>outageForMs</code>, <code>errorRate</code>, <code>responseDelayMs</code>,
<code>dropAfterCommitRate</code>, <code>callbackDelayMs</code>, <code>duplicateCallbacks</code>, <code>pathContains</code>, <code>correlationId</code>),
<code>DELETE /admin/faults</code>, <code>PUT /admin/civil-registry/allowed-ips</code>, <code>DELETE /admin/education/tokens</code>, <code>GET /admin/records</code> (what each agency issued), <code>GET /admin/calls/&lt;correlation id&gt;</code>.</p>
<h2>Gerbang SPLP / gateway</h2>
<p><code>POST /splp/oauth2/token</code> (OAuth 2.0 client credentials), then <code>/splp/&lt;agency&gt;/…</code> with <code>X-Gateway-Authorization: Bearer …</code>.</p>
<p>Health: <a href="/health/ready">/health/ready</a> · metrics: <a href="/metrics">/metrics</a></p></body></html>`;
  }
}
