/*
 * The shell every Simpul web app shares (the back office's officer queue and operator console, the citizen portal),
 * served by each at /ui/shared/shell.js: the language (Indonesian first, English on the switch), who is signed in,
 * sign-out, the step-up prompt and the fetch helper. Signing in is auth.js beside it (authorization code + PKCE at the
 * identity provider); the tokens live in its memory only. The pages start when `Simpul.ready` resolves. No framework,
 * no build step, no inline scripts.
 */
(function () {
  'use strict';

  var LANG_KEY = 'simpul.lang';
  var lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'id';
  document.documentElement.lang = lang;
  /** The text in the page's language: t('Antrean kerja', 'Work queue'). */
  function t(id, en) {
    return lang === 'en' ? en : id;
  }
  function setLang(next) {
    lang = next === 'en' ? 'en' : 'id';
    localStorage.setItem(LANG_KEY, lang); // a display preference, not a secret
    document.documentElement.lang = lang;
    header();
    window.dispatchEvent(new Event('simpul:lang'));
  }

  /** Where the API is: this origin (the back office), or another one the page's settings name (the citizen portal). */
  var apiBase = '';
  var publicSettings = {};
  /** The page's public settings (/ui/config.json), handed over by auth.js, which loads them first. */
  function configure(settings) {
    publicSettings = settings;
    apiBase = settings.apiBase || '';
  }

  var resolveReady;
  var ready = new Promise(function (resolve) { resolveReady = resolve; });
  /** Set by auth.js: { accessToken(), signIn(options), signOut(), who(), signedIn() }. */
  var auth = null;
  function useAuth(a) {
    auth = a;
    header();
    resolveReady(a);
  }

  /** Claims of the current access token (unverified, for display only: the server verifies every call). */
  function claims() {
    var who = auth && auth.who();
    return who ? who.access : null;
  }

  /**
   * Calls the API with the access token (refreshed first when it is about to expire). Resolves with the JSON body;
   * rejects with an Error carrying `status` and `problem` (the application/problem+json body: title, detail, errors
   * naming the fields). A step-up challenge shows the prompt to sign in again at the higher level; another 401 means
   * the session is gone: sign in again.
   */
  function api(method, path, body, extraHeaders) {
    return ready.then(function (a) { return a.accessToken(); }).then(function (token) {
      var headers = Object.assign({ Accept: 'application/json' }, extraHeaders || {});
      if (token) headers.Authorization = 'Bearer ' + token;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(apiBase + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) });
    }).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = null; }
        if (res.ok) return json;
        var challenge = res.headers.get('WWW-Authenticate') || '';
        if (res.status === 401 && challenge.indexOf('insufficient_user_authentication') >= 0) stepUpPrompt(json && json.acr_values);
        else if (res.status === 401) signedOutPanel(document.querySelector('main'));
        var err = new Error((json && (json.detail || json.title)) || res.statusText);
        err.status = res.status;
        err.problem = json;
        throw err;
      });
    });
  }

  /** Builds an element: h('a', { href: '#', text: 'x', onclick: fn }, child, [children]); text only, never HTML. */
  function h(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null || v === false) return;
      if (k === 'text') node.textContent = String(v);
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  /* ---- header: who is signed in, sign-out, language ---- */

  function header() {
    document.querySelectorAll('[data-i18n]').forEach(function (el) { el.textContent = el.getAttribute('data-i18n').split('|')[lang === 'en' ? 1 : 0]; });
    var bar = document.getElementById('app-session');
    if (!bar) return;
    bar.textContent = '';
    var who = auth && auth.who();
    var switcher = h('button', { type: 'button', class: 'app-link', 'data-testid': 'lang-switch', text: lang === 'id' ? 'English' : 'Bahasa Indonesia', onclick: function () { setLang(lang === 'id' ? 'en' : 'id'); } });
    if (!who) return append(bar, switcher);
    var c = who.access || {};
    var where = [c.role, c.agency, c.region].filter(Boolean).join(' · ');
    var level = auth.isHighAssurance() ? t('IKD (tingkat tinggi)', 'digital ID (high level)') : t('kata sandi', 'password');
    append(bar, [
      h('span', { class: 'app-who', 'data-testid': 'who' }, h('strong', { text: who.name || c.sub }), ' ', h('span', { class: 'app-muted', text: where + ' · ' + level })),
      h('button', { type: 'button', class: 'app-link', 'data-testid': 'sign-out', text: t('Keluar', 'Sign out'), onclick: function () { auth.signOut(); } }),
      switcher]);
  }

  /** Shown when no one is signed in (the provider's silent sign-in found no session, or the session ended). */
  function signedOutPanel(main, error) {
    if (!main) return;
    main.textContent = '';
    append(main, h('div', { class: 'app-card app-decision', 'data-testid': 'signed-out' },
      h('h1', { text: t('Masuk', 'Sign in') }),
      h('p', { class: 'app-muted', text: t('Masuk melalui penyedia identitas (SSO instansi atau Identitas Kependudukan Digital).', 'Sign in at the identity provider (your agency\u2019s single sign-on or the digital identity).') }),
      error ? h('p', { class: 'app-error', 'data-testid': 'sign-in-error', text: error }) : null,
      h('div', { class: 'app-actions' }, h('button', { type: 'button', 'data-testid': 'sign-in', text: t('Masuk', 'Sign in'), onclick: function () { auth.signIn({}); } }))));
  }

  /** The step-up prompt: this action needs the high assurance level; sign in again with the digital identity. */
  function stepUpPrompt(acr) {
    var old = document.getElementById('app-step-up');
    if (old) old.remove();
    var box = h('div', { id: 'app-step-up', class: 'app-step-up', role: 'alertdialog', 'data-testid': 'step-up' },
      h('p', { text: t('Tindakan ini memerlukan tingkat jaminan tinggi. Masuk ulang dengan Identitas Kependudukan Digital, lalu ulangi tindakannya.', 'This action needs the high assurance level. Sign in again with the digital identity, then repeat the action.') }),
      h('div', { class: 'app-actions' },
        h('button', { type: 'button', 'data-testid': 'step-up-sign-in', text: t('Masuk ulang (IKD)', 'Sign in again (digital ID)'), onclick: function () { auth.signIn({ acr: acr, stepUp: true }); } }),
        h('button', { type: 'button', class: 'secondary', text: t('Batal', 'Cancel'), onclick: function () { box.remove(); } })));
    document.body.appendChild(box);
  }

  window.Simpul = {
    api: api, configure: configure, apiBase: function () { return apiBase; }, settings: function () { return publicSettings; }, claims: claims, h: h, append: append, t: t, lang: function () { return lang; },
    ready: ready, useAuth: useAuth, auth: function () { return auth || {}; }, signedOutPanel: signedOutPanel, header: header,
  };
})();
