/*
 * The citizen portal's pages (one page, hash routes, so a sign-in round trip and a live stream survive navigation):
 *   #/                  the life events (GET /v1/life-events) and the citizen's applications
 *   #/apply/<TYPE>      the form generated from the life event's schema, pre-filled from the family card
 *                       (GET /v1/me/family-card), with the consent of each consent-gated step in plain words
 *   #/drafts/<id>       a health facility's record of a birth or death: check, complete, confirm
 *   #/applications/<id> the timeline, updated live from GET /v1/applications/:id/events (Server-Sent Events),
 *                       the answer to an officer's request for information, the reference numbers issued
 * A counter officer (role counter-officer) signs in to the same pages in counter mode (counter.js): #/ starts serving a
 * citizen who is present, and the form files for them with the code the citizen reads out.
 */
(function () {
  'use strict';
  var S = window.Simpul;
  var C = window.SimpulCounter;
  var h = S.h;
  var t = S.t;
  var main = document.getElementById('app-main');
  var catalog = null;
  /** The answer form on screen: { key: application and step, node }. */
  var answering = null;
  /** The live stream of the application on screen; closed when the page changes. */
  var stream = null;

  /** Statuses in the citizen's words. */
  var STATUS = {
    PENDING: ['Belum dimulai', 'Not started'], RUNNING: ['Sedang diproses', 'In progress'], IN_PROGRESS: ['Sedang diproses', 'In progress'],
    SUBMITTED: ['Diterima', 'Received'], WAITING_FOR_OFFICER: ['Menunggu petugas', 'Waiting for an officer'],
    WAITING_FOR_CITIZEN: ['Menunggu jawaban Anda', 'Waiting for your answer'], COMPLETED: ['Selesai', 'Done'], SKIPPED: ['Tidak diperlukan', 'Not needed'],
    REJECTED: ['Ditolak', 'Rejected'], FAILED: ['Gagal', 'Failed'], COMPENSATED: ['Dibatalkan', 'Undone'], CANCELLED: ['Dibatalkan', 'Cancelled'],
    ACTION_REQUIRED: ['Sedang ditangani petugas', 'Being handled by staff'],
  };
  function statusText(code) {
    var s = STATUS[code];
    return s ? t(s[0], s[1]) : code;
  }

  function tx(text) {
    return text ? t(text.id, text.en) : '';
  }

  /**
   * Each route() starts a new generation; what an earlier page fetched and answers late (a slow request, a stream's
   * event) must not draw over the page on screen now.
   */
  var generation = 0;
  function Stale() {}
  function current(mine) {
    if (mine !== generation) throw new Stale();
  }

  function show(title) {
    main.textContent = '';
    document.title = title + ' · Simpul';
    var heading = h('h1', { text: title });
    S.append(main, heading);
    return heading;
  }

  function failed(err) {
    if (err instanceof Stale) return;
    S.append(main, h('p', { class: 'app-error', role: 'alert', text: (err && err.message) || String(err) }));
  }

  function loadCatalog() {
    if (catalog) return Promise.resolve(catalog);
    return S.api('GET', '/v1/life-events').then(function (body) { catalog = body.items; return catalog; });
  }

  function date(iso) {
    return iso ? new Date(iso).toLocaleString(S.lang() === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short' }) : '';
  }

  /* ---- #/ : what the citizen can do, and what they filed ---- */

  function home(mine) {
    if (C.active()) return counterHome(mine);
    show(t('Layanan apa yang Anda perlukan?', 'What do you need?'));
    loadCatalog().then(function (items) {
      current(mine);
      S.append(main, h('ul', { class: 'events', 'data-testid': 'life-events' }, items.map(function (item) {
        return h('li', {}, h('a', { href: '#/apply/' + item.type, 'data-testid': 'apply-' + item.type },
          h('strong', { text: tx(item.title) }),
          h('span', { class: 'app-muted', text: item.steps.map(function (s) { return s.agencyName; }).filter(function (n, i, all) { return all.indexOf(n) === i; }).join(' · ') })));
      })));
      return S.api('GET', '/v1/application-drafts?limit=20');
    }).then(function (drafts) {
      current(mine);
      var open = drafts.items.filter(function (d) { return d.status === 'DRAFT'; });
      if (open.length) {
        S.append(main, [h('h2', { text: t('Menunggu konfirmasi Anda', 'Waiting for your confirmation') }),
          h('p', { class: 'app-muted', text: t('Fasilitas kesehatan sudah mencatat peristiwa ini; periksa, lengkapi, dan konfirmasi.', 'A health facility recorded this; check it, complete it and confirm.') }),
          h('ul', { class: 'events', 'data-testid': 'drafts' }, open.map(function (d) {
            var item = catalog.find(function (i) { return i.type === d.lifeEvent; });
            return h('li', {}, h('a', { href: '#/drafts/' + d.id, 'data-testid': 'draft-' + d.id },
              h('strong', { text: item ? tx(item.title) : d.lifeEvent }),
              h('span', { class: 'app-muted', text: t('Berlaku sampai ', 'Open until ') + date(d.expiresAt) })));
          }))]);
      }
      return S.api('GET', '/v1/applications?limit=20');
    }).then(function (page) {
      current(mine);
      S.append(main, h('h2', { text: t('Permohonan saya', 'My applications') }));
      if (!page.items.length) return S.append(main, h('p', { class: 'app-muted', text: t('Belum ada permohonan.', 'No applications yet.') }));
      S.append(main, h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', { text: t('Layanan', 'Service') }), h('th', { text: t('Status', 'Status') }), h('th', { text: t('Diajukan', 'Filed') }))),
        h('tbody', {}, page.items.map(function (a) {
          return h('tr', {}, h('td', {}, h('a', { href: '#/applications/' + a.id, text: tx(a.title) || a.lifeEvent })), h('td', {}, h('span', { class: 'badge', 'data-status': a.status, text: statusText(a.status) })), h('td', { text: date(a.createdAt) }));
        }))));
    }).catch(failed);
  }

  /** #/ in counter mode: the citizen present, then the life events to file for them. */
  function counterHome(mine) {
    show(t('Memuat…', 'Loading…'));
    loadCatalog().then(function (items) {
      current(mine);
      C.start(main, items, tx);
    }).catch(failed);
  }

  /* ---- #/apply/<TYPE> ---- */

  /** What the state knows already, by the catalog's pre-fill sources. */
  function prefill(item, card, me) {
    var byRelation = function (relation, sex) {
      var m = (card ? card.members : []).find(function (x) { return x.relation === relation && (!sex || x.sex === sex); });
      return m ? m.nik : undefined;
    };
    var sources = {
      'me.nik': me,
      'familyCard.kkNumber': card && card.kkNumber,
      'familyCard.mother.nik': byRelation('SPOUSE', 'F') || byRelation('HEAD', 'F'),
      'familyCard.father.nik': byRelation('HEAD', 'M') || byRelation('SPOUSE', 'M'),
    };
    var values = {};
    (item.fields || []).forEach(function (f) {
      var v = f.prefill && sources[f.prefill];
      if (!v) return;
      var parts = f.path.split('.');
      var at = values;
      parts.slice(0, -1).forEach(function (p) { at = at[p] = at[p] || {}; });
      at[parts[parts.length - 1]] = v;
    });
    return values;
  }

  function consentSection(item) {
    var steps = item.steps.filter(function (s) { return s.consentRequired; });
    if (!steps.length) return { node: null, read: function () { return undefined; } };
    var node = h('fieldset', { 'data-testid': 'consents' }, h('legend', { text: t('Persetujuan berbagi data', 'Consent to share data') }),
      h('p', { class: 'app-muted', text: t('Langkah berikut hanya dijalankan jika Anda setuju. Anda dapat mencabutnya sebelum langkah dimulai.', 'These steps run only if you agree. You can withdraw before a step starts.') }),
      // At the counter the consent is still the citizen's own: the officer reads it out and ticks what the citizen agrees to.
      C.active() ? h('p', { 'data-testid': 'counter-consent-note', text: t('Bacakan kepada warga; centang hanya yang disetujui warga.', 'Read this out to the citizen; tick only what the citizen agrees to.') }) : null,
      steps.map(function (s) {
        var fields = (s.inputs || []).map(function (i) { return tx(i.label); });
        return h('div', { class: 'consent' },
          h('input', { type: 'checkbox', id: 'consent-' + s.id, 'data-step': s.id }),
          h('label', { for: 'consent-' + s.id },
            h('strong', { text: tx(s.title) }), ' — ',
            t(s.agencyName + ' menerima: ', s.agencyName + ' receives: ') + fields.join(', ')));
      }));
    return {
      node: node,
      read: function () {
        var out = {};
        node.querySelectorAll('input[data-step]').forEach(function (el) { out[el.getAttribute('data-step')] = el.checked; });
        return out;
      },
    };
  }

  /**
   * The form of a life event, filled with `values`, sent by `send(data, consents, idempotencyKey)`; on success the
   * application's page opens, on a refusal each named field shows its problem.
   */
  function formPage(item, values, intro, send, extra) {
    show(tx(item.title));
    S.append(main, h('p', { class: 'app-muted', 'data-testid': 'prefill-note', text: intro }));
    var form = window.SimpulForm.render(item, values);
    // Counter mode's part (the citizen present, their code): its own fields and its own problems.
    var part = extra || { node: null, showErrors: function (errors) { return errors; } };
    var consents = consentSection(item);
    var summary = h('div', { role: 'alert', class: 'app-error' });
    // One key per form on screen: a retry after a lost answer is the same application, not a second one.
    var key = 'portal-' + Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
    var submit = h('button', { type: 'submit', 'data-testid': 'submit', text: t('Ajukan', 'Submit') });
    S.append(main, h('form', { novalidate: true, onsubmit: function (ev) {
      ev.preventDefault();
      submit.disabled = true;
      summary.textContent = '';
      send(form.read(), consents.read(), key).then(function (res) {
        location.hash = '#/applications/' + res.id;
      }).catch(function (err) {
        submit.disabled = false;
        var rest = form.showErrors(part.showErrors(err.problem && err.problem.errors));
        summary.textContent = [err.message].concat(rest.map(function (e) { return e.field + ': ' + e.message; })).join(' · ');
      });
    } }, part.node, form.node, consents.node, summary, h('div', { class: 'app-actions' }, submit)));
  }

  function apply(type, mine) {
    if (C.active()) return counterApply(type, mine);
    show(t('Memuat formulir…', 'Loading the form…'));
    var me = (S.claims() || {}).sub;
    Promise.all([loadCatalog(), S.api('GET', '/v1/me/family-card').catch(function () { return null; })]).then(function (got) {
      current(mine);
      var item = got[0].find(function (i) { return i.type === type; });
      if (!item) return show(t('Layanan tidak dikenal', 'Unknown service'));
      var card = got[1];
      var intro = card
        ? t('Data dari Kartu Keluarga Anda sudah diisi; periksa dan perbaiki bila perlu.', 'What your family card holds is filled in; check it and correct it if needed.')
        : t('Data Kartu Keluarga belum dapat dibaca; isi secara manual.', 'Your family card could not be read; fill in the form yourself.');
      formPage(item, prefill(item, card, me), intro, function (data, consents, key) {
        return S.api('POST', '/v1/applications', { lifeEvent: item.type, data: data, consents: consents }, { 'Idempotency-Key': key });
      });
    }).catch(failed);
  }

  /**
   * The same form in counter mode, for the citizen being served (none yet: back to #/ to start). It starts empty but for
   * the citizen's own NIK: the family card is read for the signed-in citizen only.
   */
  function counterApply(type, mine) {
    var serving = C.serving();
    if (!serving) return void (location.hash = '#/');
    show(t('Memuat formulir…', 'Loading the form…'));
    loadCatalog().then(function (items) {
      current(mine);
      var item = items.find(function (i) { return i.type === type; });
      if (!item) return show(t('Layanan tidak dikenal', 'Unknown service'));
      var part = C.formPart();
      var intro = t('Mode loket: isi dari dokumen warga (Kartu Keluarga tidak diisi otomatis di loket).', 'Counter mode: fill it in from the citizen\u2019s documents (the family card is not filled in at the counter).');
      formPage(item, prefill(item, null, serving.nik), intro, function (data, consents, key) {
        return S.api('POST', '/v1/applications', Object.assign({ lifeEvent: item.type, data: data, consents: consents }, part.body()), { 'Idempotency-Key': key });
      }, part);
    }).catch(failed);
  }

  /* ---- #/drafts/<id>: a health facility's record, which the family confirms ---- */

  function draft(id, mine) {
    show(t('Memuat…', 'Loading…'));
    Promise.all([loadCatalog(), S.api('GET', '/v1/application-drafts/' + id)]).then(function (got) {
      current(mine);
      var d = got[1];
      var item = got[0].find(function (i) { return i.type === d.lifeEvent; });
      if (d.status !== 'DRAFT') {
        if (d.applicationUrl) location.hash = '#/applications/' + d.id;
        else show(t('Draf ini sudah tidak berlaku', 'This draft is no longer open'));
        return;
      }
      var intro = t('Fasilitas kesehatan dan Kartu Keluarga Anda sudah mengisi sebagian; lengkapi lalu konfirmasi.', 'The health facility and your family card filled in part of it; complete it, then confirm.');
      formPage(item, d.data, intro, function (data, consents, key) {
        return S.api('POST', '/v1/application-drafts/' + d.id + '/confirmation', { data: data, consents: consents }, { 'Idempotency-Key': key });
      });
    }).catch(failed);
  }

  /* ---- #/applications/<id> ---- */

  function timeline(view) {
    return h('ol', { class: 'timeline', 'data-testid': 'timeline' }, view.steps.map(function (s) {
      return h('li', { 'data-status': s.status, 'data-step': s.stepId },
        h('strong', { text: tx(s.title) }), ' ', h('span', { class: 'badge', 'data-status': s.status, text: statusText(s.status) }),
        h('div', { text: tx(s.message) }),
        s.expectedBy ? h('div', { class: 'app-muted', text: t('Perkiraan selesai: ', 'Expected by: ') + date(s.expectedBy) }) : null);
    }));
  }

  /**
   * The answer to an officer's request. A live update redraws the page, so the form on screen is kept (the same node,
   * moved into the new page) for as long as the same request is open: what the citizen types, and a click on its
   * button, survive the update.
   */
  function answerForm(view) {
    var next = view.nextAction;
    if (!next || next.code !== 'PROVIDE_INFORMATION') return (answering = null);
    var key = view.id + ':' + next.stepId;
    if (answering && answering.key === key) return answering.node;
    var text = h('textarea', { id: 'answer', maxlength: 2000, required: true });
    var note = h('p', { role: 'status', 'data-testid': 'answer-note' });
    var node = h('form', { class: 'app-card', 'data-testid': 'answer-form', onsubmit: function (ev) {
      ev.preventDefault();
      S.api('POST', '/v1/applications/' + view.id + '/responses', { message: text.value }, { 'Idempotency-Key': 'answer-' + view.id + '-' + next.stepId })
        .then(function () { note.textContent = t('Jawaban terkirim.', 'Answer sent.'); text.disabled = true; })
        .catch(function (err) { note.textContent = err.message; });
    } }, h('p', { text: tx(next) }),
      h('div', { class: 'field' }, h('label', { for: 'answer', text: t('Jawaban Anda', 'Your answer') }), text),
      h('button', { type: 'submit', 'data-testid': 'send-answer', text: t('Kirim jawaban', 'Send answer') }), note);
    answering = { key: key, node: node };
    return node;
  }

  function renderApplication(view) {
    show(tx(view.title));
    S.append(main, [
      h('p', {}, h('span', { class: 'badge', 'data-status': view.status, 'data-testid': 'status', text: statusText(view.status) }), ' ', tx(view.statusText)),
      h('p', { text: tx(view.summary) }),
      // A counter officer does not answer for the citizen (the citizen answers in their own portal).
      C.active() ? C.receipt(view) : answerForm(view),
      timeline(view),
      view.references.length ? h('section', { 'data-testid': 'references' }, h('h2', { text: t('Nomor yang terbit', 'Numbers issued') }),
        h('dl', { class: 'refs' }, view.references.filter(function (r) { return r.valid; }).map(function (r) { return [h('dt', { text: tx(r.label) }), h('dd', { text: r.value })]; }))) : null,
      h('p', {}, h('a', { href: '#/', text: t('← Kembali', '← Back') })),
    ]);
  }

  /**
   * The application's page, redrawn when its view changes. Events come in bursts (a resumed stream replays what was
   * missed): one read at a time, one more after it if events came meanwhile, and no redraw of an unchanged view, so
   * the page stays still while the citizen types or clicks.
   */
  function application(id, mine) {
    show(t('Memuat permohonan…', 'Loading the application…'));
    var drawn = null;
    var reading = false;
    var again = false;
    function refresh() {
      if (reading) return void (again = true);
      reading = true;
      S.api('GET', '/v1/applications/' + id).then(function (view) {
        current(mine);
        var json = JSON.stringify(view);
        if (json !== drawn) renderApplication(view);
        drawn = json;
      }).catch(failed).then(function () {
        reading = false;
        if (again) {
          again = false;
          refresh();
        }
      });
    }
    stream = window.SimpulLive.follow(id, refresh);
    refresh();
  }

  /* ---- routing ---- */

  function route() {
    if (stream) stream.close();
    stream = null;
    if (!S.auth().signedIn || !S.auth().signedIn()) return S.signedOutPanel(main, S.auth().problem);
    var mine = ++generation;
    answering = null;
    var hash = location.hash.replace(/^#\/?/, '');
    var parts = hash.split('/');
    if (parts[0] === 'apply' && parts[1]) apply(parts[1], mine);
    else if (parts[0] === 'applications' && parts[1]) application(parts[1], mine);
    else if (parts[0] === 'drafts' && parts[1] && !C.active()) draft(parts[1], mine);
    else home(mine);
    main.focus();
  }

  S.ready.then(function () {
    window.addEventListener('hashchange', route);
    window.addEventListener('simpul:lang', route);
    route();
  });
})();
