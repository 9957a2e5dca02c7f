/*
 * Officer work queue (vanilla JS, no build; sign-in is the shell's, app.js and auth.js): the queue (most urgent first, with
 * due time and overdue flag, filters, paging) and the task page (the masked data the step needs, the citizen's
 * answers, claim/release and the decision form). Every text from the server is set with textContent, never as HTML.
 * Indonesian first, English on the shell's switch (S.t); codes (statuses, life events, step ids) stay as they are.
 */
(function () {
  'use strict';

  var main = document.getElementById('app-main');
  var S = window.Simpul;
  var t = S.t;

  var h = window.Simpul.h;
  var append = window.Simpul.append;
  function show() {
    main.textContent = '';
    append(main, Array.prototype.slice.call(arguments));
  }
  function toast(text, kind) {
    var t = document.getElementById('app-toast');
    t.textContent = text;
    t.setAttribute('data-kind', kind || 'info');
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.hidden = true; }, 6000);
  }
  function problemText(err) {
    var p = err && err.problem;
    if (!p) return String((err && err.message) || err);
    var fields = (p.errors || []).map(function (e) { return e.field + ': ' + e.message; }).join('; ');
    return (p.title || t('Galat', 'Error')) + (p.detail ? ': ' + p.detail : '') + (fields ? ' (' + fields + ')' : '');
  }
  function when(iso) {
    return iso ? new Date(iso).toLocaleString(S.lang() === 'en' ? 'en-GB' : 'id-ID') : '—';
  }
  function params() {
    var q = location.hash.split('?')[1] || '';
    var out = {};
    q.split('&').filter(Boolean).forEach(function (kv) { var p = kv.split('='); out[decodeURIComponent(p[0])] = decodeURIComponent(p[1] || ''); });
    return out;
  }
  function query(p) {
    var q = Object.keys(p).filter(function (k) { return p[k] !== undefined && p[k] !== ''; })
      .map(function (k) { return encodeURIComponent(k) + '=' + encodeURIComponent(p[k]); }).join('&');
    return q ? '?' + q : '';
  }
  function options(values, selected, empty) {
    return [h('option', { value: '', text: empty || t('semua', 'any') })].concat(values.map(function (v) { return h('option', { value: v, selected: v === selected, text: v }); }));
  }

  function yesNo(selected) {
    return [h('option', { value: '', text: t('semua', 'any') }), h('option', { value: 'true', selected: selected === 'true', text: t('ya', 'yes') }), h('option', { value: 'false', selected: selected === 'false', text: t('tidak', 'no') })];
  }

  /* The life events and their names come from the catalog (GET /v1/life-events), never from a list in this page. */
  var catalog;
  function lifeEvents() {
    catalog = catalog || S.api('GET', '/v1/life-events').then(function (c) { return c.items; }, function () { catalog = undefined; return []; });
    return catalog;
  }
  function lifeEventOptions(select, selected) {
    lifeEvents().then(function (items) {
      append(select, items.map(function (e) { return h('option', { value: e.type, selected: e.type === selected, text: S.t(e.title.id, e.title.en) }); }));
    });
    return select;
  }

  /* ---- queue ---- */

  function queuePage() {
    var p = params();
    var limit = 20;
    var offset = Number(p.offset || 0);
    var go = function (next) { location.hash = '#/queue' + query(next); };
    var status = h('select', { name: 'status', 'data-testid': 'filter-status' }, options(['WAITING_FOR_OFFICER', 'WAITING_FOR_CITIZEN'], p.status, t('menunggu petugas', 'waiting for an officer')));
    var lifeEvent = lifeEventOptions(h('select', { name: 'lifeEvent', 'data-testid': 'filter-life-event' }, options([], p.lifeEvent)), p.lifeEvent);
    var overdue = h('select', { name: 'overdue', 'data-testid': 'filter-overdue' }, yesNo(p.overdue));
    var filters = h('form', { class: 'app-filters', onsubmit: function (e) { e.preventDefault(); go({ status: status.value, lifeEvent: lifeEvent.value, overdue: overdue.value }); } },
      h('label', {}, t('Status', 'Status'), status), h('label', {}, t('Peristiwa hidup', 'Life event'), lifeEvent), h('label', {}, t('Lewat tenggat', 'Overdue'), overdue), h('button', { type: 'submit', text: t('Saring', 'Filter') }));
    var counts = h('p', { class: 'app-muted', 'data-testid': 'counts' });
    show(h('h1', { text: t('Antrean kerja', 'Work queue') }), counts, filters, h('p', { class: 'app-muted', text: t('Memuat…', 'Loading…') }));
    S.api('GET', '/v1/tasks/counts').then(function (res) {
      counts.textContent = res.items.map(function (c) {
        return c.agency + ': ' + t(c.open + ' terbuka, ' + c.overdue + ' lewat tenggat, ' + c.waitingForCitizen + ' menunggu warga', c.open + ' open, ' + c.overdue + ' overdue, ' + c.waitingForCitizen + ' waiting for the citizen');
      }).join(' · ') || t('Tidak ada tugas terbuka.', 'No open tasks.');
    }, function () { counts.textContent = ''; });
    S.api('GET', '/v1/tasks' + query({ status: p.status, lifeEvent: p.lifeEvent, overdue: p.overdue, limit: limit, offset: offset })).then(function (page) {
      var rows = page.items.map(function (task) {
        return h('tr', { 'data-testid': 'task-row', 'data-task': task.id, 'data-overdue': String(task.overdue) },
          h('td', {}, h('a', { href: '#/tasks/' + encodeURIComponent(task.id), text: task.stepId })),
          h('td', { text: task.lifeEvent }),
          h('td', {}, h('code', { text: task.applicationId.slice(0, 8) })),
          h('td', { text: when(task.dueAt) }, task.overdue ? [' ', h('span', { class: 'app-badge', 'data-kind': 'overdue', text: t('lewat tenggat', 'overdue') })] : null),
          h('td', {}, task.claim ? h('span', { class: 'app-badge', 'data-kind': 'claimed', text: t('diklaim ', 'claimed by ') + task.claim.officerId }) : h('span', { class: 'app-muted', text: t('bebas', 'free') })),
          h('td', {}, h('span', { class: 'app-badge', 'data-kind': task.status === 'WAITING_FOR_CITIZEN' ? 'citizen' : '', text: task.status })));
      });
      var table = rows.length
        ? h('table', { 'data-testid': 'queue' }, h('thead', {}, h('tr', {}, [t('Langkah', 'Step'), t('Peristiwa hidup', 'Life event'), t('Permohonan', 'Application'), t('Tenggat', 'Due'), t('Klaim', 'Claim'), t('Status', 'Status')].map(function (c) { return h('th', { text: c }); }))), h('tbody', {}, rows))
        : h('p', { class: 'app-muted', 'data-testid': 'queue-empty', text: page.escalated ? t('Tidak ada tugas eskalasi (lewat tenggat).', 'No escalated (overdue) tasks.') : t('Tidak ada tugas.', 'No tasks.') });
      var pager = h('div', { class: 'app-pager' },
        h('button', { type: 'button', class: 'secondary', disabled: offset === 0, text: t('Sebelumnya', 'Previous'), onclick: function () { go(Object.assign({}, p, { offset: Math.max(0, offset - limit) })); } }),
        h('span', { class: 'app-muted', text: page.total === 0 ? t('0 tugas', '0 tasks') : offset + 1 + '–' + (offset + page.items.length) + t(' dari ', ' of ') + page.total }),
        h('button', { type: 'button', class: 'secondary', disabled: offset + limit >= page.total, text: t('Berikutnya', 'Next'), onclick: function () { go(Object.assign({}, p, { offset: offset + limit })); } }));
      show(h('h1', { text: page.escalated ? t('Tugas eskalasi (lewat tenggat)', 'Escalated tasks (overdue)') : t('Antrean kerja', 'Work queue') }), counts, filters, table, pager);
    }, function (err) { show(h('h1', { text: t('Antrean kerja', 'Work queue') }), h('p', { class: 'app-error', text: problemText(err) })); });
  }

  /* ---- task ---- */

  function taskPage(id) {
    show(h('p', { class: 'app-muted', text: t('Memuat…', 'Loading…') }));
    var reload = function () { taskPage(id); };
    S.api('GET', '/v1/tasks/' + encodeURIComponent(id)).then(function (task) {
      var me = (S.claims() || {}).sub;
      var mine = task.claim && task.claim.officerId === me;
      var open = task.status === 'WAITING_FOR_OFFICER';
      var act = function (promise, done) {
        return promise.then(function (res) { toast(done); reload(); return res; }, function (err) { toast(problemText(err), 'error'); });
      };
      var fields = Object.keys(task.data).map(function (k) { return [h('dt', { text: k }), h('dd', { 'data-testid': 'field-' + k, text: String(task.data[k]) })]; });
      var claimBox = h('div', { class: 'app-actions', 'data-testid': 'claim-box' },
        task.claim ? h('span', { class: 'app-badge', 'data-kind': 'claimed', 'data-testid': 'claimed-by', text: t('diklaim ', 'claimed by ') + task.claim.officerId + t(' sampai ', ' until ') + when(task.claim.expiresAt) }) : h('span', { class: 'app-muted', text: t('Belum diklaim.', 'Not claimed.') }),
        open && !mine ? h('button', { type: 'button', 'data-testid': 'claim', text: t('Klaim', 'Claim'), onclick: function () { act(S.api('POST', '/v1/tasks/' + encodeURIComponent(id) + '/claim'), t('Diklaim.', 'Claimed.')); } }) : null,
        task.claim ? h('button', { type: 'button', class: 'secondary', 'data-testid': 'release', text: t('Lepas', 'Release'), onclick: function () { act(S.api('POST', '/v1/tasks/' + encodeURIComponent(id) + '/release'), t('Dilepas.', 'Released.')); } }) : null);

      var outcome = h('select', { name: 'outcome', 'data-testid': 'outcome' }, [
        h('option', { value: 'APPROVE', text: t('Setujui', 'Approve') }), h('option', { value: 'REJECT', text: t('Tolak (alasan wajib)', 'Reject (reason required)') }), h('option', { value: 'REQUEST_INFORMATION', text: t('Minta keterangan warga (pesan wajib)', 'Ask the citizen (message required)') })]);
      var reason = h('input', { name: 'reason', 'data-testid': 'reason', maxlength: 500 });
      var message = h('textarea', { name: 'message', 'data-testid': 'message', maxlength: 1000 });
      var errors = h('p', { class: 'app-error', 'data-testid': 'decision-errors' });
      var submit = h('button', { type: 'submit', 'data-testid': 'decide', text: t('Kirim keputusan', 'Submit decision') });
      var form = h('form', { class: 'app-decision', 'data-testid': 'decision-form', onsubmit: function (e) {
        e.preventDefault();
        errors.textContent = '';
        submit.disabled = true;
        var body = { outcome: outcome.value };
        if (reason.value.trim()) body.reason = reason.value.trim();
        if (message.value.trim()) body.message = message.value.trim();
        S.api('POST', '/v1/tasks/' + encodeURIComponent(id) + '/decision', body).then(function () {
          toast(t('Keputusan terkirim: ', 'Decision sent: ') + body.outcome + '.');
          setTimeout(reload, 800);
        }, function (err) { errors.textContent = problemText(err); submit.disabled = false; });
      } },
        h('label', {}, t('Keputusan', 'Decision'), outcome), h('label', {}, t('Alasan (dicatat)', 'Reason (recorded)'), reason), h('label', {}, t('Pesan untuk warga', 'Message to the citizen'), message), errors, h('div', {}, submit));

      show(
        h('p', {}, h('a', { href: '#/queue', text: t('← Antrean kerja', '← Work queue') })),
        h('h1', {}, t('Tugas ', 'Task '), h('code', { text: task.stepId }), ' ', h('span', { class: 'app-badge', 'data-testid': 'task-status', 'data-kind': task.status === 'WAITING_FOR_CITIZEN' ? 'citizen' : '', text: task.status })),
        h('div', { class: 'app-card' }, h('dl', { class: 'app-fields' },
          h('dt', { text: t('Permohonan', 'Application') }), h('dd', { text: task.applicationId }),
          h('dt', { text: t('Peristiwa hidup', 'Life event') }), h('dd', { text: task.lifeEvent }),
          h('dt', { text: t('Instansi', 'Agency') }), h('dd', { text: task.agency }),
          h('dt', { text: t('Tenggat', 'Due') }), h('dd', { 'data-testid': 'due', text: when(task.dueAt) + (task.overdue ? t(' (lewat tenggat)', ' (overdue)') : '') }))),
        h('h2', { text: t('Data untuk langkah ini (disamarkan)', 'Data for this step (masked)') }),
        h('div', { class: 'app-card' }, fields.length ? h('dl', { class: 'app-fields', 'data-testid': 'task-data' }, fields) : h('p', { class: 'app-muted', text: t('Langkah ini tidak memerlukan data permohonan.', 'This step needs no application data.') })),
        task.responses.length ? [h('h2', { text: t('Jawaban warga', 'Answers from the citizen') }), h('div', { class: 'app-card', 'data-testid': 'responses' }, task.responses.map(function (r) { return h('p', {}, h('span', { class: 'app-muted', text: when(r.at) + ': ' }), h('span', { 'data-testid': 'response', text: r.message })); }))] : null,
        h('h2', { text: t('Klaim', 'Claim') }), h('div', { class: 'app-card' }, claimBox),
        open && mine ? [h('h2', { text: t('Keputusan', 'Decision') }), h('div', { class: 'app-card' }, form)] : null,
        task.history.length ? [h('h2', { text: t('Riwayat', 'History') }), h('table', { 'data-testid': 'history' }, h('tbody', {}, task.history.map(function (a) {
          return h('tr', {}, h('td', { text: when(a.at) }), h('td', { text: a.action + (a.outcome && a.action === 'decision' ? ' ' + a.outcome : '') }), h('td', { text: a.by }), h('td', { text: a.reason || a.message || '' }));
        })))] : null);
    }, function (err) { show(h('p', {}, h('a', { href: '#/queue', text: t('← Antrean kerja', '← Work queue') })), h('p', { class: 'app-error', text: problemText(err) })); });
  }

  function route() {
    var role = (S.claims() || {}).role;
    document.title = 'Simpul · ' + t('Antrean kerja petugas', 'Officer work queue');
    if (!role) return S.signedOutPanel(main, S.auth().problem);
    // Operators and auditors have no work queue: their home is the operator console.
    if ((role === 'operator' || role === 'auditor') && !location.hash) return location.assign('/ui/operator/');
    var path = location.hash.replace(/^#/, '').split('?')[0];
    document.querySelectorAll('[data-nav]').forEach(function (a) { a.setAttribute('aria-current', path.indexOf('/' + a.getAttribute('data-nav')) === 0 ? 'page' : 'false'); });
    if (path.indexOf('/manual') === 0) return window.ManualTasks.route(main, path, toast);
    var m = /^\/tasks\/(.+)$/.exec(path);
    if (m) return taskPage(decodeURIComponent(m[1]));
    return queuePage();
  }

  window.addEventListener('hashchange', route);
  window.addEventListener('simpul:lang', route);
  // Starts once auth.js has signed in (silently, from the provider's session) or found no one signed in.
  S.ready.then(route);
})();
