/*
 * Operator console (vanilla JS, no build): search, the application page (timeline, decoded workflow history,
 * masking), actions (retry, cancel, resend, unmask), dead letters and the dashboard, all on /v1/operator/... .
 * Views are hash routes: #/search?…, #/applications/<id>, #/dead-letters, #/dashboard, #/integration (integration.js).
 * Every text from the server is set with textContent, never parsed as HTML. Indonesian first, English on the shell's
 * switch (t); codes (statuses, step ids, event kinds) and the server's own technical texts (errors, timeline summaries)
 * stay as they are.
 */
(function () {
  'use strict';

  var API = '/v1/operator';
  var STATUSES = ['SUBMITTED', 'IN_PROGRESS', 'ACTION_REQUIRED', 'COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'];
  var STEP_STATUSES = ['PENDING', 'RUNNING', 'WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN', 'COMPLETED', 'SKIPPED', 'REJECTED', 'FAILED', 'COMPENSATED'];
  /**
   * The life events and the agencies come from the catalog (GET /v1/life-events, served by the back office too): a new
   * life event or agency needs no change here. Loaded once; the views that list them wait for it.
   */
  var catalog;
  function lifeEvents() {
    catalog = catalog || window.Simpul.api('GET', '/v1/life-events').then(function (c) { return c.items; }, function () { catalog = undefined; return []; });
    return catalog;
  }
  function agenciesOf(items) {
    var seen = {};
    items.forEach(function (e) { e.steps.forEach(function (s) { seen[s.agency] = seen[s.agency] || s.agencyName; }); });
    return Object.keys(seen).map(function (id) { return { value: id, text: id + ' (' + seen[id] + ')' }; });
  }

  /* ---- HTTP: the shared shell's bearer-token helper (../app.js) ---- */

  function api(method, path, body) {
    return window.Simpul.api(method, API + path, body);
  }

  /* ---- DOM helpers ---- */

  var h = window.Simpul.h;
  var t = window.Simpul.t;
  var append = window.Simpul.append;
  function main() { return document.getElementById('op-main'); }
  function show() {
    var m = main();
    while (m.firstChild) m.removeChild(m.firstChild);
    for (var i = 0; i < arguments.length; i++) append(m, arguments[i]);
  }
  function badge(status) { return h('span', { class: 'op-badge', 'data-status': status, text: status }); }
  function when(iso) { return iso ? new Date(iso).toLocaleString(window.Simpul.lang() === 'en' ? 'en-GB' : 'id-ID') : '—'; }
  function toast(text, kind) {
    var box = document.getElementById('op-toast');
    box.textContent = text;
    box.setAttribute('data-kind', kind || 'info');
    box.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { box.hidden = true; }, 6000);
  }
  function problemText(err) {
    var p = err && err.problem;
    if (!p) return String(err && err.message || err);
    var fields = (p.errors || []).map(function (e) { return e.field + ': ' + e.message; }).join('; ');
    return (p.title || t('Galat', 'Error')) + (p.detail ? ': ' + p.detail : '') + (fields ? ' (' + fields + ')' : '');
  }
  function options(values, selected, empty) {
    return [h('option', { value: '', text: empty || t('semua', 'any') })].concat(values.map(function (v) { return h('option', { value: v, selected: v === selected, text: v }); }));
  }
  function yesNo(selected) {
    return [h('option', { value: '', text: t('semua', 'any') }), h('option', { value: 'true', selected: selected === 'true', text: t('ya', 'yes') }), h('option', { value: 'false', selected: selected === 'false', text: t('tidak', 'no') })];
  }
  function query(params) {
    var q = Object.keys(params).filter(function (k) { return params[k] !== undefined && params[k] !== ''; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(params[k]); }).join('&');
    return q ? '?' + q : '';
  }
  function parseHash() {
    var raw = location.hash.replace(/^#/, '') || '/search';
    var parts = raw.split('?');
    var params = {};
    (parts[1] || '').split('&').filter(Boolean).forEach(function (kv) {
      var i = kv.indexOf('=');
      params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
    });
    return { path: parts[0], params: params };
  }
  /** A reason field and a button; the action runs with the reason, then `after`. */
  function reasoned(label, testid, run, after, danger) {
    var input = h('input', { type: 'text', placeholder: t('alasan (10+ karakter, tanpa data pribadi)', 'reason (10+ characters, no personal data)'), 'aria-label': t('Alasan', 'Reason'), 'data-testid': testid + '-reason' });
    var button = h('button', { type: 'button', class: danger ? 'op-danger' : null, 'data-testid': testid, text: label, onclick: function () {
      button.disabled = true;
      run(input.value).then(function (res) {
        toast(label + t(': selesai', ': done') + (res && res.actionId ? t(' (tindakan ', ' (action ') + res.actionId + ')' : ''));
        if (after) after(res);
      }, function (err) { toast(problemText(err), 'error'); }).then(function () { button.disabled = false; });
    } });
    return h('span', { class: 'op-actions' }, input, button);
  }

  /* ---- Search ---- */

  function searchView(params) {
    var f = {};
    function field(name, label, control) { f[name] = control; return h('label', {}, label, control); }
    var form = h('form', { class: 'op-form', 'data-testid': 'search-form', onsubmit: function (e) {
      e.preventDefault();
      var p = {};
      Object.keys(f).forEach(function (k) { if (f[k].value) p[k] = f[k].value; });
      location.hash = '#/search' + query(p);
    } },
      field('status', t('Status', 'Status'), h('select', { name: 'status' }, options(STATUSES, params.status))),
      field('lifeEvent', t('Peristiwa hidup', 'Life event'), fill(h('select', { name: 'lifeEvent' }, options([], params.lifeEvent)), params.lifeEvent, function (items) {
        return items.map(function (e) { return { value: e.type, text: t(e.title.id, e.title.en) }; });
      })),
      field('agency', t('Instansi', 'Agency'), fill(h('select', { name: 'agency' }, options([], params.agency)), params.agency, agenciesOf)),
      field('stepStatus', t('Status langkah', 'Step status'), h('select', { name: 'stepStatus' }, options(STEP_STATUSES, params.stepStatus))),
      field('createdFrom', t('Diajukan sejak', 'Filed from'), h('input', { name: 'createdFrom', value: params.createdFrom || '', placeholder: '2026-11-01T00:00:00Z' })),
      field('createdTo', t('Diajukan sampai', 'Filed to'), h('input', { name: 'createdTo', value: params.createdTo || '', placeholder: '2026-12-01T00:00:00Z' })),
      field('stuckFor', t('Macet selama', 'Stuck for'), h('input', { name: 'stuckFor', value: params.stuckFor || '', placeholder: 'PT30M, P2D' })),
      field('openIncident', t('Insiden terbuka', 'Open incident'), h('select', { name: 'openIncident' }, yesNo(params.openIncident))),
      h('button', { type: 'submit', 'data-testid': 'search-submit', text: t('Cari', 'Search') }));
    var results = h('div', { 'data-testid': 'search-results' }, h('p', { class: 'op-muted', text: t('Mencari…', 'Searching…') }));
    show(h('h1', { text: t('Permohonan', 'Applications') }), form, results);
    api('GET', '/applications' + query(params)).then(function (page) {
      while (results.firstChild) results.removeChild(results.firstChild);
      append(results, h('p', { class: 'op-muted', text: page.total + t(' ditemukan', ' found') }));
      append(results, h('table', { class: 'op-table' },
        h('thead', {}, h('tr', {}, [t('Permohonan', 'Application'), t('Peristiwa hidup', 'Life event'), t('Status', 'Status'), t('Langkah', 'Steps'), t('Diajukan', 'Filed'), t('Aktivitas terakhir', 'Last activity'), t('Insiden', 'Incidents')].map(function (c) { return h('th', { text: c }); }))),
        h('tbody', {}, page.items.map(function (a) {
          return h('tr', { 'data-testid': 'result-row', 'data-id': a.id },
            h('td', {}, h('a', { href: '#/applications/' + a.id, 'data-testid': 'open-application', text: a.id })),
            h('td', { text: a.lifeEvent + ' v' + a.definitionVersion }),
            h('td', {}, badge(a.status)),
            h('td', {}, a.steps.map(function (s) { return h('span', { class: 'op-badge', 'data-status': s.status, title: s.agency, text: s.stepId + ': ' + s.status }); })),
            h('td', { text: when(a.createdAt) }),
            h('td', { text: when(a.lastActivityAt) }),
            h('td', { text: String(a.openIncidents) }));
        }))));
      var limit = page.limit, offset = page.offset;
      var pager = h('p', { class: 'op-actions' });
      if (offset > 0) append(pager, h('a', { href: '#/search' + query(Object.assign({}, params, { offset: Math.max(0, offset - limit) })), text: t('← sebelumnya', '← previous') }));
      if (offset + limit < page.total) append(pager, h('a', { href: '#/search' + query(Object.assign({}, params, { offset: offset + limit })), 'data-testid': 'next-page', text: t('berikutnya →', 'next →') }));
      append(results, pager);
    }, function (err) { results.textContent = problemText(err); });
  }

  /* ---- Application page ---- */

  function applicationView(id, unmaskReason) {
    show(h('p', { class: 'op-muted', text: t('Memuat permohonan ', 'Loading application ') + id + '…' }));
    api('GET', '/applications/' + id + query({ unmaskReason: unmaskReason })).then(function (app) {
      var reload = function () { applicationView(id); };
      show(
        h('h1', {}, t('Permohonan ', 'Application '), h('code', { text: app.id }), ' ', badge(app.status)),
        h('p', { class: 'op-actions' },
          h('a', { href: app.workflow.temporalUi, target: '_blank', rel: 'noopener', 'data-testid': 'temporal-ui-link', text: t('Buka alur kerja di Temporal UI', 'Open the workflow in the Temporal UI') }),
          h('span', { class: 'op-muted', 'data-testid': 'masked-state', text: app.masked ? t('Data pribadi disamarkan', 'Personal data masked') : t('Data pribadi ditampilkan (dicatat)', 'Personal data shown (recorded)') }),
          app.masked ? reasoned(t('Tampilkan data', 'Unmask'), 'unmask', function (reason) {
            if (reason.length < 10) return Promise.reject(new Error(t('beri alasan minimal 10 karakter', 'give a reason of at least 10 characters')));
            applicationView(id, reason);
            return Promise.resolve();
          }) : null),
        facts(app),
        stepsSection(app, reload),
        actionsSection(app, reload),
        timelineSection(app, reload),
        historySection(app, unmaskReason));
    }, function (err) { show(h('p', { 'data-testid': 'load-error', text: problemText(err) })); });
  }

  function facts(app) {
    var rows = [[t('Peristiwa hidup', 'Life event'), app.lifeEvent + ' v' + app.definitionVersion], [t('Kanal', 'Channel'), app.channel], [t('Diajukan', 'Filed'), when(app.createdAt)],
      [t('Diperbarui', 'Updated'), when(app.updatedAt)], [t('ID korelasi', 'Correlation id'), app.correlationId], [t('Alasan', 'Reason'), app.statusReason ? t(app.statusReason.id, app.statusReason.en) : '—'],
      [t('Data', 'Data'), JSON.stringify(app.data)]];
    return h('section', { class: 'op-section' }, h('dl', { class: 'op-facts', 'data-testid': 'facts' }, rows.map(function (r) { return [h('dt', { text: r[0] }), h('dd', { text: r[1] })]; })));
  }

  function stepsSection(app, reload) {
    return h('section', { class: 'op-section' }, h('h2', { text: t('Langkah', 'Steps') }), h('table', { class: 'op-table', 'data-testid': 'steps' },
      h('thead', {}, h('tr', {}, [t('Langkah', 'Step'), t('Instansi', 'Agency'), t('Status', 'Status'), t('Pesan', 'Message'), t('Mulai', 'Started'), t('Selesai', 'Ended'), t('Bukti', 'Evidence'), ''].map(function (c) { return h('th', { text: c }); }))),
      h('tbody', {}, app.steps.map(function (s) {
        return h('tr', { 'data-testid': 'step-row', 'data-step': s.stepId, 'data-status': s.status },
          h('td', { text: s.stepId }), h('td', { text: s.agency }), h('td', {}, badge(s.status)), h('td', { text: t(s.message.id, s.message.en) }),
          h('td', { text: when(s.startedAt) }), h('td', { text: when(s.completedAt) }),
          h('td', { text: s.evidence.map(function (e) { return 'HTTP ' + e.httpStatus + ' via ' + e.via; }).join(', ') || '—' }),
          h('td', {}, s.status === 'FAILED' && app.status === 'ACTION_REQUIRED'
            ? reasoned(t('Ulangi langkah', 'Retry step'), 'retry-' + s.stepId, function (reason) { return api('POST', '/applications/' + app.id + '/steps/' + s.stepId + '/retry', { reason: reason }); }, function () { setTimeout(reload, 1500); })
            : null));
      }))));
  }

  function actionsSection(app, reload) {
    var final = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'].indexOf(app.status) >= 0;
    return h('section', { class: 'op-section' }, h('h2', { text: t('Tindakan', 'Actions') }),
      final ? h('p', { class: 'op-muted', text: t('Permohonan berstatus ' + app.status + '; tidak dapat dibatalkan lagi.', 'The application is ' + app.status + '; it can no longer be cancelled.') })
        : reasoned(t('Batalkan permohonan', 'Cancel application'), 'cancel', function (reason) { return api('POST', '/applications/' + app.id + '/cancel', { reason: reason }); }, function () { setTimeout(reload, 1500); }, true),
      app.incidents.filter(function (i) { return i.status === 'OPEN'; }).map(function (i) {
        return h('p', {}, t('Insiden ', 'Incident ') + i.incident_id + ': ' + i.error + ' ', reasoned(t('Selesaikan', 'Resolve'), 'resolve-' + i.incident_id, function (note) {
          return api('POST', '/applications/' + app.id + '/incidents/' + encodeURIComponent(i.incident_id) + '/resolve', { note: note });
        }, reload));
      }));
  }

  function timelineSection(app, reload) {
    return h('section', { class: 'op-section' }, h('h2', { text: t('Linimasa', 'Timeline') }), h('ol', { class: 'op-timeline', 'data-testid': 'timeline' },
      app.timeline.map(function (e) {
        return h('li', { 'data-kind': e.kind, 'data-step': e.stepId || '' },
          h('time', { text: when(e.at) }), h('span', { class: 'op-kind', text: e.kind }), e.summary,
          e.detail && e.detail.lastFailure ? h('div', { class: 'op-muted', text: t('kegagalan terakhir: ', 'last failure: ') + e.detail.lastFailure }) : null,
          e.detail && e.detail.failure ? h('div', { class: 'op-muted', text: t('kegagalan: ', 'failure: ') + e.detail.failure }) : null,
          e.kind === 'notification' ? h('details', { class: 'op-inline' }, h('summary', { text: t('kirim ulang…', 'resend…') }), reasoned(t('Kirim ulang', 'Resend'), 'resend-' + e.seq, function (reason) {
            return api('POST', '/applications/' + app.id + '/notifications/' + e.seq + '/resend', { reason: reason });
          }, reload)) : null);
      })));
  }

  function historySection(app, unmaskReason) {
    var box = h('div', { 'data-testid': 'history' }, h('p', { class: 'op-muted', text: t('Memuat riwayat alur kerja…', 'Loading the workflow history…') }));
    api('GET', '/applications/' + app.id + '/history' + query({ unmaskReason: unmaskReason })).then(function (history) {
      while (box.firstChild) box.removeChild(box.firstChild);
      append(box, h('p', { class: 'op-muted', text: history.events.length + t(' peristiwa, muatan diurai', ' events, payloads decoded') + (history.masked ? t(', data pribadi disamarkan', ', personal data masked') : '') }));
      append(box, history.events.map(function (e) {
        var attrs = Object.keys(e).filter(function (k) { return /Attributes$/.test(k); })[0];
        return h('details', { class: 'op-history-event', 'data-testid': 'history-event', 'data-type': e.eventType },
          h('summary', { text: e.eventId + ' · ' + e.eventType.replace('EVENT_TYPE_', '') + ' · ' + when(e.eventTime) }),
          h('pre', { class: 'op-json', text: JSON.stringify(attrs ? e[attrs] : e, null, 2) }));
      }));
    }, function (err) { box.textContent = problemText(err); });
    return h('section', { class: 'op-section' }, h('h2', { text: t('Riwayat alur kerja', 'Workflow history') }), box);
  }

  /* ---- Dead letters ---- */

  function deadLettersView(params) {
    var status = h('select', { name: 'status', onchange: function () { location.hash = '#/dead-letters' + query({ status: status.value }); } }, options(['OPEN', 'REPLAYED', 'DISCARDED'], params.status));
    var list = h('div', { 'data-testid': 'dead-letters' }, h('p', { class: 'op-muted', text: t('Memuat…', 'Loading…') }));
    var selected = {};
    var reload = function () { deadLettersView(params); };
    show(h('h1', { text: t('Pesan gagal', 'Dead letters') }), h('label', {}, t('status ', 'status '), status),
      h('p', {}, reasoned(t('Putar ulang yang dipilih', 'Replay selected'), 'replay-selected', function (reason) {
        var ids = Object.keys(selected).filter(function (k) { return selected[k]; }).map(Number);
        return api('POST', '/dead-letters/replay', { ids: ids, reason: reason }).then(function (res) { toast(t(res.replayed + ' diputar ulang, ' + res.refused + ' ditolak', res.replayed + ' replayed, ' + res.refused + ' refused')); return res; });
      }, reload)), list);
    api('GET', '/dead-letters' + query(params)).then(function (page) {
      while (list.firstChild) list.removeChild(list.firstChild);
      append(list, h('table', { class: 'op-table' },
        h('thead', {}, h('tr', {}, ['', 'Id', t('Status', 'Status'), t('Galat', 'Error'), t('Asal', 'Origin'), t('Kunci', 'Key'), t('Grup', 'Group'), t('Waktu', 'When'), ''].map(function (c) { return h('th', { text: c }); }))),
        h('tbody', {}, page.items.map(function (d) {
          return h('tr', { 'data-testid': 'dead-letter-row', 'data-id': d.id },
            h('td', {}, d.replayable ? h('input', { type: 'checkbox', onchange: function (e) { selected[d.id] = e.target.checked; } }) : null),
            h('td', { text: String(d.id) + (d.replayOf ? t(' (putar ulang dari ', ' (replay of ') + d.replayOf + ')' : '') }), h('td', {}, badge(d.status)),
            h('td', { text: d.error }), h('td', { text: d.origin.topic + ' / ' + d.origin.partition + ' / ' + d.origin.offset }),
            h('td', {}, d.applicationId ? h('a', { href: '#/applications/' + d.applicationId, text: d.key }) : (d.key || '—')),
            h('td', { text: d.consumerGroup || '—' }), h('td', { text: when(d.deadLetteredAt || d.recordedAt) }),
            h('td', {}, d.status === 'OPEN' ? reasoned(t('Buang', 'Discard'), 'discard-' + d.id, function (reason) { return api('POST', '/dead-letters/' + d.id + '/discard', { reason: reason }); }, reload, true) : null));
        }))));
    }, function (err) { list.textContent = problemText(err); });
  }

  /* ---- Dashboard ---- */

  function dashboardView() {
    var box = h('div', { class: 'op-charts', 'data-testid': 'charts' }, h('p', { class: 'op-muted', text: t('Memuat…', 'Loading…') }));
    show(h('h1', { text: t('Dasbor', 'Dashboard') }), box);
    api('GET', '/dashboard').then(function (d) {
      while (box.firstChild) box.removeChild(box.firstChild);
      var byStatus = {};
      d.applications.forEach(function (r) { byStatus[r.status] = (byStatus[r.status] || 0) + r.count; });
      var byEvent = {};
      d.applications.forEach(function (r) { byEvent[r.lifeEvent] = (byEvent[r.lifeEvent] || 0) + r.count; });
      var charts = [
        window.OperatorCharts.bars(t('Permohonan per status', 'Applications per status'), Object.keys(byStatus).map(function (s) { return { label: s, values: [{ name: t('permohonan', 'applications'), value: byStatus[s] }] }; })),
        window.OperatorCharts.bars(t('Permohonan per peristiwa hidup', 'Applications per life event'), Object.keys(byEvent).map(function (s) { return { label: s, values: [{ name: t('permohonan', 'applications'), value: byEvent[s] }] }; })),
        window.OperatorCharts.bars(t('Pelanggaran SLA per instansi', 'SLA breaches per agency'), d.slaBreaches.map(function (r) { return { label: r.agency, values: [{ name: t('pelanggaran', 'breaches'), value: r.breaches }, { name: t('masih terbuka', 'still open'), value: r.open, cls: 'p95' }] }; })),
        window.OperatorCharts.bars(t('Waktu per langkah (median, p95)', 'Time per step (median, p95)'), d.stepDurations.map(function (r) {
          return { label: r.lifeEvent + ' · ' + r.stepId, values: [{ name: 'median', value: r.medianSeconds }, { name: 'p95', value: r.p95Seconds, cls: 'p95' }] };
        }), ' s'),
      ];
      charts.forEach(function (svg) { append(box, h('figure', { class: 'op-chart', 'data-testid': 'chart' }, svg)); });
      lifeEvents().then(function (items) { append(box, statusByEvent(d.applications, items.map(function (e) { return e.type; }))); });
    }, function (err) { box.textContent = problemText(err); });
  }

  /** Adds the catalog's choices (value, text) to a select once the catalog is loaded. */
  function fill(select, selected, choices) {
    lifeEvents().then(function (items) {
      choices(items).forEach(function (c) { append(select, h('option', { value: c.value, selected: c.value === selected, text: c.text })); });
    });
    return select;
  }

  /** Applications per status (rows) and life event (columns, in the catalog's order), the figures behind the two charts. */
  function statusByEvent(rows, types) {
    var events = types.filter(function (e) { return rows.some(function (r) { return r.lifeEvent === e; }); });
    var count = function (s, e) { var r = rows.filter(function (x) { return x.status === s && x.lifeEvent === e; })[0]; return r ? r.count : 0; };
    return h('table', { class: 'op-table', 'data-testid': 'status-by-life-event' },
      h('thead', {}, h('tr', {}, h('th', { text: t('status', 'status') }), events.map(function (e) { return h('th', { text: e }); }))),
      h('tbody', {}, STATUSES.filter(function (s) { return rows.some(function (r) { return r.status === s; }); }).map(function (s) {
        return h('tr', {}, h('td', {}, badge(s)), events.map(function (e) { return h('td', { text: String(count(s, e)) }); }));
      })));
  }

  /* ---- Router ---- */

  function route() {
    document.title = 'Simpul · ' + t('Konsol operator', 'Operator console');
    if (!window.Simpul.claims()) return window.Simpul.signedOutPanel(main(), window.Simpul.auth().problem);
    var r = parseHash();
    document.querySelectorAll('[data-nav]').forEach(function (a) {
      if (r.path.indexOf('/' + a.getAttribute('data-nav')) === 0) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    var app = /^\/applications\/([0-9a-f-]{36})$/.exec(r.path);
    if (app) return applicationView(app[1]);
    if (r.path === '/dead-letters') return deadLettersView(r.params);
    if (r.path === '/dashboard') return dashboardView();
    if (r.path === '/integration') return window.OperatorIntegration.view(main(), toast);
    return searchView(r.params);
  }

  window.addEventListener('hashchange', route);
  window.addEventListener('simpul:lang', route);
  // Starts once auth.js has signed in (silently, from the provider's session) or found no one signed in.
  window.Simpul.ready.then(route);
})();
