import type { KoaContextWithOIDC } from 'oidc-provider';
import { DEMO_ACCOUNTS, DEMO_REGIONS, type DemoAccount } from '@simpul/testing';

/** The provider's pages, Indonesian first (English with ?lang=en or the client's ui_locales=en). */
export type Lang = 'id' | 'en';

const TEXT = {
  id: {
    title: 'Masuk ke Simpul',
    intro: 'Penyedia identitas pengembangan: pilih akun dari populasi demo. Tidak ada kata sandi sungguhan.',
    method: 'Cara masuk',
    password: 'Kata sandi (tingkat dasar)',
    digital: 'Identitas Kependudukan Digital dengan verifikasi wajah (tingkat tinggi)',
    stepUp: 'Tindakan ini memerlukan tingkat jaminan tinggi: masuk dengan Identitas Kependudukan Digital.',
    signInAs: 'Masuk sebagai',
    groups: { citizens: 'Warga', officers: 'Petugas (nasional)', 'regional-officers': 'Petugas daerah', supervisors: 'Supervisor', 'counter-officers': 'Petugas loket MPP', operators: 'Operator', auditors: 'Auditor' },
    other: 'English',
    logoutTitle: 'Keluar dari Simpul?',
    logoutYes: 'Ya, keluar',
    logoutNo: 'Tidak, tetap masuk',
    loggedOut: 'Anda telah keluar.',
  },
  en: {
    title: 'Sign in to Simpul',
    intro: 'Development identity provider: choose an account of the demo population. No real passwords.',
    method: 'Sign-in method',
    password: 'Password (basic level)',
    digital: 'Digital identity (IKD) with face liveness check (high level)',
    stepUp: 'This action needs the high assurance level: sign in with the digital identity.',
    signInAs: 'Sign in as',
    groups: { citizens: 'Citizens', officers: 'Officers (national)', 'regional-officers': 'Regional officers', supervisors: 'Supervisors', 'counter-officers': 'Counter officers (MPP)', operators: 'Operators', auditors: 'Auditors' },
    other: 'Bahasa Indonesia',
    logoutTitle: 'Sign out of Simpul?',
    logoutYes: 'Yes, sign out',
    logoutNo: 'No, stay signed in',
    loggedOut: 'You are signed out.',
  },
} as const;

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** Inline styles only (the page's CSP allows nothing else); readable on a phone. */
const STYLE = `body{font-family:system-ui,sans-serif;margin:0;padding:1rem;max-width:44rem;margin-inline:auto;line-height:1.4}
h1{font-size:1.4rem}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}fieldset{border:1px solid #ccc;border-radius:6px}
.accounts{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.4rem}
button{padding:.6rem;border:1px solid #1d4ed8;background:#eff6ff;border-radius:6px;text-align:left;cursor:pointer;font-size:.95rem}
.note{background:#fef3c7;padding:.6rem;border-radius:6px}.lang{float:right}small{color:#555}`;

export function page(lang: Lang, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function accountButton(account: DemoAccount, lang: Lang): string {
  const where = account.region ? ` · ${DEMO_REGIONS[account.region] ?? account.region}` : '';
  const detail = account.role === 'citizen' ? `NIK ${account.subject}` : `${account.subject}${where}`;
  return `<button type="submit" name="subject" value="${escapeHtml(account.subject)}" aria-label="${TEXT[lang].signInAs} ${escapeHtml(account.name)}">${escapeHtml(account.name)}<br><small>${escapeHtml(detail)}</small></button>`;
}

export function signInPage(input: { uid: string; lang: Lang; highRequested: boolean; error?: string }): string {
  const t = TEXT[input.lang];
  const groups = Object.entries(t.groups)
    .map(([group, label]) => {
      const accounts = DEMO_ACCOUNTS.filter((a) => a.group === group);
      return `<h2>${label}</h2><div class="accounts">${accounts.map((a) => accountButton(a, input.lang)).join('')}</div>`;
    })
    .join('');
  const other = input.lang === 'id' ? 'en' : 'id';
  const body = `<a class="lang" href="?lang=${other}">${t.other}</a><h1>${t.title}</h1><p>${t.intro}</p>
${input.highRequested ? `<p class="note" role="alert">${t.stepUp}</p>` : ''}${input.error ? `<p class="note" role="alert">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(input.uid)}/login">
<input type="hidden" name="lang" value="${input.lang}">
<fieldset><legend>${t.method}</legend>
<label><input type="radio" name="method" value="password"${input.highRequested ? '' : ' checked'}> ${t.password}</label><br>
<label><input type="radio" name="method" value="digital-id"${input.highRequested ? ' checked' : ''}> ${t.digital}</label></fieldset>
${groups}</form>`;
  return page(input.lang, t.title, body);
}

function langOf(ctx: KoaContextWithOIDC): Lang {
  const locales = String((ctx.oidc.params as { ui_locales?: string } | undefined)?.ui_locales ?? ctx.query.lang ?? '');
  return /^en\b/.test(locales) ? 'en' : 'id';
}

/** RP-initiated sign-out: confirm (oidc-provider's form carries its anti-forgery token). */
export async function logoutPage(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const t = TEXT[langOf(ctx)];
  ctx.body = page(langOf(ctx), t.logoutTitle, `<h1>${t.logoutTitle}</h1>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">${t.logoutYes}</button>
<button type="submit" form="op.logoutForm">${t.logoutNo}</button>`);
}

export async function postLogoutPage(ctx: KoaContextWithOIDC): Promise<void> {
  const t = TEXT[langOf(ctx)];
  ctx.body = page(langOf(ctx), t.loggedOut, `<h1>${t.loggedOut}</h1>`);
}
