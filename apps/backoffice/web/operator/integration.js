/*
 * Phased integration in the operator console (#/integration): per agency and region the connection mode, when it
 * changed, the steps of the last 30 days by API and by hand, the automated share and the median step time per mode
 * (GET /v1/operator/integration-progress), a chart of the same figures, the CSV, and (operators) the form that changes
 * a mode in the connection registry (PUT /v1/operator/connections, audited), with, for API, the connection profile
 * (DIRECT, GATEWAY through SPLP, or as the agency worker is configured). Texts from the server via textContent.
 */
(function () {
  'use strict';
  var S = window.Simpul;
  var h = S.h;
  var append = S.append;
  var MODES = ['API', 'MANUAL', 'UNAVAILABLE'];
  var PROFILES = ['DIRECT', 'GATEWAY'];

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function pct(share) { return share === null || share === undefined ? '—' : Math.round(share * 100) + ' %'; }
  function secs(s) { return s === null || s === undefined ? '—' : (s >= 3600 ? (s / 3600).toFixed(1) + ' h' : s >= 60 ? (s / 60).toFixed(1) + ' min' : s.toFixed(1) + ' s'); }
  function problemText(err) {
    var p = err && err.problem;
    if (!p) return String((err && err.message) || err);
    var fields = (p.errors || []).map(function (e) { return e.field + ': ' + e.message; }).join('; ');
    return (p.title || 'Error') + (p.detail ? ': ' + p.detail : '') + (fields ? ' (' + fields + ')' : '');
  }

  function table(items) {
    var head = [S.t('Instansi', 'Agency'), S.t('Wilayah', 'Region'), S.t('Kantor', 'Office'), S.t('Mode', 'Mode'), S.t('Profil', 'Profile'), S.t('Diubah', 'Changed'),
      'API (30 ' + S.t('hari', 'days') + ')', S.t('Manual', 'By hand'), S.t('Menunggu', 'Waiting'), S.t('Otomatis', 'Automated'), S.t('Median API', 'Median API'), S.t('Median manual', 'Median by hand')];
    return h('table', { class: 'op-table', 'data-testid': 'integration-progress' },
      h('thead', {}, h('tr', {}, head.map(function (t) { return h('th', { text: t }); }))),
      h('tbody', {}, items.map(function (i) {
        return h('tr', { 'data-testid': 'integration-row', 'data-agency': i.agency, 'data-region': i.region || '' },
          h('td', { text: i.agency }), h('td', { text: i.region ? i.region + ' · ' + (i.regionName || '') : S.t('seluruh Indonesia', 'whole country') }),
          h('td', { text: i.office }), h('td', {}, h('span', { class: 'op-badge', 'data-status': i.mode === 'API' ? 'COMPLETED' : i.mode === 'MANUAL' ? 'WAITING_FOR_OFFICER' : 'ACTION_REQUIRED', text: i.mode })),
          h('td', { 'data-testid': 'integration-profile', text: i.profile || '—' }), h('td', { text: when(i.changedAt) }), h('td', { text: String(i.steps.api) }), h('td', { text: String(i.steps.manual) }), h('td', { text: String(i.steps.waiting) }),
          h('td', { text: pct(i.automatedShare) }), h('td', { text: secs(i.medianSeconds.api) }), h('td', { text: secs(i.medianSeconds.manual) }));
      })));
  }

  function chart(items) {
    var rows = items.filter(function (i) { return i.steps.api + i.steps.manual > 0; }).map(function (i) {
      return { label: i.agency + ' · ' + (i.region || S.t('nasional', 'national')), values: [{ name: 'API', value: i.steps.api }, { name: S.t('manual', 'by hand'), value: i.steps.manual, cls: 'p95' }] };
    });
    return h('figure', { class: 'op-chart', 'data-testid': 'chart' }, window.OperatorCharts.bars(S.t('Langkah per mode (30 hari)', 'Steps per mode (30 days)'), rows));
  }

  /** Operators change a mode; it applies to steps not started yet, without a restart. */
  function changeForm(reload, toast) {
    var agency = h('select', { name: 'agency', 'data-testid': 'connection-agency' });
    // The agencies come from the catalog's steps (GET /v1/life-events): a new agency needs no change here.
    S.api('GET', '/v1/life-events').then(function (c) {
      var seen = {};
      c.items.forEach(function (e) { e.steps.forEach(function (s) { seen[s.agency] = true; }); });
      append(agency, Object.keys(seen).sort().map(function (a) { return h('option', { value: a, text: a }); }));
    });
    var region = h('input', { name: 'region', 'data-testid': 'connection-region', placeholder: S.t('kode provinsi (2) atau kab/kota (4); kosong: seluruh instansi', 'province (2) or regency (4) code; empty: the whole agency'), maxlength: 4 });
    var profile = h('select', { name: 'profile', 'data-testid': 'connection-profile', title: S.t('Profil koneksi (hanya API)', 'Connection profile (API only)') },
      [h('option', { value: '', text: S.t('profil: sesuai konfigurasi worker', 'profile: as the worker is configured') })].concat(PROFILES.map(function (p) { return h('option', { value: p, text: p }); })));
    var mode = h('select', { name: 'mode', 'data-testid': 'connection-mode', onchange: function () { profile.disabled = mode.value !== 'API'; if (profile.disabled) profile.value = ''; } },
      MODES.map(function (m) { return h('option', { value: m, text: m }); }));
    var reason = h('input', { name: 'reason', 'data-testid': 'connection-reason', placeholder: S.t('alasan (tanpa data pribadi)', 'reason (no personal data)'), maxlength: 500 });
    var button = h('button', { type: 'button', 'data-testid': 'connection-save', text: S.t('Ubah mode', 'Change mode'), onclick: function () {
      button.disabled = true;
      S.api('PUT', '/v1/operator/connections', { agency: agency.value, region: region.value, mode: mode.value, profile: profile.value || undefined, reason: reason.value || undefined }).then(function (res) {
        toast(res.office + ': ' + (res.previous || 'API') + ' → ' + res.mode + (res.effectiveProfile ? ' (' + res.effectiveProfile + ')' : ''));
        reload();
      }, function (err) { toast(problemText(err), 'error'); }).then(function () { button.disabled = false; });
    } });
    return h('section', { class: 'op-section', 'data-testid': 'connection-form' }, h('h2', { text: S.t('Ubah koneksi', 'Change a connection') }),
      h('p', { class: 'op-muted', text: S.t('Berlaku untuk langkah yang belum dimulai; langkah yang sedang berjalan tidak dialihkan.', 'Applies to steps not started yet; a running step is never switched.') }),
      h('span', { class: 'op-actions' }, agency, region, mode, profile, reason, button));
  }

  /** The CSV needs the bearer token: fetched through the shell, offered as a download. */
  function csvButton(toast) {
    return h('button', { type: 'button', class: 'secondary', 'data-testid': 'integration-csv', text: 'CSV', onclick: function () {
      S.ready.then(function (a) { return a.accessToken(); })
        .then(function (token) { return fetch(S.apiBase() + '/v1/operator/integration-progress.csv', { headers: { Authorization: 'Bearer ' + token } }); })
        .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.blob(); })
        .then(function (blob) { var a = h('a', { href: URL.createObjectURL(blob), download: 'integration-progress.csv' }); document.body.appendChild(a); a.click(); a.remove(); }, function (err) { toast(String(err.message || err), 'error'); });
    } });
  }

  function view(main, toast) {
    var box = h('div', { 'data-testid': 'integration' }, h('p', { class: 'op-muted', text: 'Loading…' }));
    var reload = function () { view(main, toast); };
    main.textContent = '';
    var operator = (S.claims() || {}).role === 'operator';
    append(main, [h('h1', { text: S.t('Integrasi bertahap', 'Phased integration') }), box, operator ? changeForm(reload, toast) : null]);
    S.api('GET', '/v1/operator/integration-progress').then(function (p) {
      box.textContent = '';
      append(box, [h('p', { class: 'op-muted', text: S.t('Kode wilayah: ', 'Area codes: ') + p.reference + ' · ' + S.t('sejak ', 'since ') + when(p.since) + ' ' }, csvButton(toast)), table(p.items), chart(p.items)]);
    }, function (err) { box.textContent = problemText(err); });
  }

  window.OperatorIntegration = { view: view };
})();
