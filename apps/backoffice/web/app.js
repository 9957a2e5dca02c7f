/*
 * Shared shell of the back-office web app (officer queue, operator console under operator/): the bearer token and
 * the fetch helper. Sign-in is pasting a bearer token (kept in sessionStorage, gone when the tab closes); in
 * development `npm run -s token -- officer <agency>` prints one; in production the back office sits behind
 * the national identity provider, which supplies the token. No framework, no build step, no inline scripts.
 */
(function () {
  'use strict';

  var KEY = 'simpul.token';

  function token() {
    return sessionStorage.getItem(KEY);
  }
  function signIn(value) {
    sessionStorage.setItem(KEY, value.trim());
  }
  function signOut() {
    sessionStorage.removeItem(KEY);
  }
  /** Claims of the token (unverified, for display only: the server verifies every call). */
  function claims() {
    var t = token();
    if (!t) return null;
    try {
      var part = t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part + '==='.slice((part.length + 3) % 4)));
    } catch {
      return null;
    }
  }
  function toSignIn() {
    location.href = '/ui/?next=' + encodeURIComponent(location.pathname + location.hash);
  }

  /**
   * Calls the API with the bearer token. Resolves with the JSON body; rejects with an Error carrying `status` and
   * `problem` (the application/problem+json body: title, detail, errors naming the fields). A 401 signs out.
   */
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    var t = token();
    if (t) headers.Authorization = 'Bearer ' + t;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) }).then(function (res) {
      return res.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch { json = null; }
        if (res.ok) return json;
        if (res.status === 401) { signOut(); toSignIn(); }
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

  window.Simpul = { api: api, token: token, signIn: signIn, signOut: signOut, claims: claims, toSignIn: toSignIn, h: h, append: append };
})();
