/*
 * Counter mode of the citizen portal: a counter officer of a public service mall (role counter-officer, their mall in
 * the token's mall_id) files for a citizen who is present, through the same life-event pages (docs/counter-officers.md):
 *   1. the officer types the citizen's NIK; POST /v1/presence-checks asks the identity provider to send the citizen a
 *      one-time code (to the citizen's own phone or identity app, never through this page);
 *   2. the officer picks the life event; the form carries a "citizen present" part where the officer types the code the
 *      citizen reads out;
 *   3. the filing is POST /v1/applications with applicantNik, channel MPP_COUNTER and presence { checkId, code }: portal-api
 *      checks the code with the provider and records the officer and the mall from the token (assistedBy).
 * The form starts empty: the family card is read only for the signed-in citizen themselves (GET /v1/me/family-card), so
 * at the counter the officer fills it from the citizen's documents. The NIK and the check live in this page's memory
 * only (never in storage): a reload starts a new check.
 */
(function () {
  'use strict';
  var S = window.Simpul;
  var h = S.h;
  var t = S.t;
  /** The citizen being served: { nik, checkId, expiresAt }, or null. */
  var serving = null;

  function active() {
    return (S.claims() || {}).role === 'counter-officer';
  }

  function mall() {
    return (S.claims() || {}).mall_id || '';
  }

  /** #/ for a counter officer: start serving a citizen (their NIK), then choose what to file. */
  function start(main, catalog, tx) {
    main.textContent = '';
    document.title = t('Layanan loket', 'Counter service') + ' · Simpul';
    S.append(main, [
      h('h1', { text: t('Layani warga yang hadir', 'Serve a citizen who is present') }),
      h('p', { class: 'app-muted', 'data-testid': 'counter-mall', text: t('Loket ', 'Counter of ') + mall() }),
    ]);
    if (!serving) return S.append(main, nikForm(main, catalog, tx));
    S.append(main, [
      h('div', { class: 'app-card', 'data-testid': 'counter-check' },
        h('p', {}, h('strong', { text: t('Warga: NIK ', 'Citizen: NIK ') + serving.nik })),
        h('p', { text: t('Penyedia identitas telah mengirim kode kehadiran ke kontak warga yang terdaftar. Minta warga membacakan kodenya; kode berlaku sampai ',
          'The identity provider sent a presence code to the citizen\u2019s registered contact. Ask the citizen to read it out; it is valid until ') + time(serving.expiresAt) + '.' }),
        devMailbox(),
        h('div', { class: 'app-actions' }, h('button', { type: 'button', class: 'secondary', 'data-testid': 'counter-next', text: t('Ganti warga', 'Another citizen'), onclick: function () { finish(); start(main, catalog, tx); } }))),
      h('h2', { text: t('Apa yang diajukan warga?', 'What does the citizen file?') }),
      h('ul', { class: 'events', 'data-testid': 'life-events' }, catalog.map(function (item) {
        return h('li', {}, h('a', { href: '#/apply/' + item.type, 'data-testid': 'apply-' + item.type }, h('strong', { text: tx(item.title) })));
      })),
    ]);
  }

  function time(iso) {
    return new Date(iso).toLocaleTimeString(S.lang() === 'en' ? 'en-GB' : 'id-ID', { hour: '2-digit', minute: '2-digit' });
  }

  /** Outside production the development provider keeps the codes it "sent" in a mailbox page (for demos and tests). */
  function devMailbox() {
    var base = S.settings().devMailbox;
    if (!base) return null;
    return h('p', { class: 'app-muted' }, t('Pengembangan: kode ada di ', 'Development: the code is in the '),
      h('a', { href: base + '?to=' + serving.nik, target: '_blank', rel: 'noopener', text: t('kotak surat penyedia identitas', 'identity provider\u2019s mailbox') }), '.');
  }

  function nikForm(main, catalog, tx) {
    var input = h('input', { id: 'counter-nik', name: 'nik', inputmode: 'numeric', maxlength: 16, autocomplete: 'off', required: true, 'aria-describedby': 'counter-nik-problem' });
    var problem = h('span', { class: 'problem', id: 'counter-nik-problem' });
    var button = h('button', { type: 'submit', 'data-testid': 'counter-start', text: t('Kirim kode kehadiran', 'Send the presence code') });
    return h('form', { class: 'app-card', novalidate: true, onsubmit: function (ev) {
      ev.preventDefault();
      button.disabled = true;
      problem.textContent = '';
      input.removeAttribute('aria-invalid');
      S.api('POST', '/v1/presence-checks', { nik: input.value.trim() }).then(function (check) {
        serving = { nik: input.value.trim(), checkId: check.id, expiresAt: check.expiresAt };
        start(main, catalog, tx);
      }).catch(function (err) {
        button.disabled = false;
        var named = err.problem && err.problem.errors && err.problem.errors[0];
        problem.textContent = named ? named.message : err.message;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
      });
    } },
    h('p', { text: t('Masukkan NIK warga yang hadir di depan Anda. Warga akan menerima kode sekali pakai dari penyedia identitas dan membacakannya kepada Anda.',
      'Enter the NIK of the citizen in front of you. The citizen gets a one-time code from the identity provider and reads it out to you.') }),
    h('div', { class: 'field' }, h('label', { for: 'counter-nik', text: t('NIK warga *', 'Citizen\u2019s NIK *') }), input, problem),
    h('div', { class: 'app-actions' }, button));
  }

  /**
   * The form's "citizen present" part: the NIK being served and the code the citizen reads out. Returns the node, the
   * body additions for POST /v1/applications, and showErrors(errors) for the presence fields (the rest is returned).
   */
  function formPart() {
    var code = h('input', { id: 'presence-code', 'data-path': 'presence.code', inputmode: 'numeric', maxlength: 6, autocomplete: 'one-time-code', required: true, 'aria-describedby': 'presence-code-problem' });
    var problem = h('span', { class: 'problem', id: 'presence-code-problem' });
    var node = h('fieldset', { 'data-testid': 'counter-presence' }, h('legend', { text: t('Warga yang hadir', 'Citizen present') }),
      h('p', { text: t('Diajukan di loket ', 'Filed at the counter of ') + mall() + t(' untuk NIK ', ' for NIK ') + serving.nik }),
      h('div', { class: 'field' }, h('label', { for: 'presence-code', text: t('Kode kehadiran dari warga *', 'Presence code from the citizen *') }), code, problem));
    return {
      node: node,
      body: function () {
        return { applicantNik: serving.nik, channel: 'MPP_COUNTER', presence: { checkId: serving.checkId, code: code.value.trim() } };
      },
      showErrors: function (errors) {
        problem.textContent = '';
        code.removeAttribute('aria-invalid');
        return (errors || []).filter(function (e) {
          if (!/^(presence|applicantNik)/.test(String(e.field))) return true;
          problem.textContent = (problem.textContent ? problem.textContent + ' · ' : '') + e.message;
          code.setAttribute('aria-invalid', 'true');
          code.focus();
          return false;
        });
      },
    };
  }

  /** On the application's page: filed at the counter, by whom and where (from the application's own record). */
  function receipt(view) {
    if (!view.assistedBy) return null;
    return h('div', { class: 'app-card', 'data-testid': 'counter-receipt' },
      h('p', {}, h('strong', { text: t('Diajukan di loket untuk warga yang hadir', 'Filed at the counter for a citizen who was present') })),
      h('p', { class: 'app-muted', text: t('Petugas ', 'Officer ') + view.assistedBy.officerId + ' · ' + (view.assistedBy.mallId || view.assistedBy.office) + ' · ' + view.channel }),
      h('p', { text: t('Warga dapat mengikuti permohonan ini dengan masuk sendiri ke portal.', 'The citizen can follow this application by signing in to the portal themselves.') }),
      h('div', { class: 'app-actions' }, h('a', { class: 'button', href: '#/', 'data-testid': 'counter-done', onclick: finish, text: t('Layani warga berikutnya', 'Serve the next citizen') })));
  }

  function finish() {
    serving = null;
  }

  window.SimpulCounter = { active: active, start: start, serving: function () { return serving; }, formPart: formPart, receipt: receipt, finish: finish };
})();
