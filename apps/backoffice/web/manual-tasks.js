/*
 * The manual lane for officers of a regional office not connected yet (#/manual, #/manual/<id>): the steps their
 * office does by hand, most urgent first, and the form that records the outcome (the document number the office
 * issued, or a refusal with its reason). GET/POST /v1/manual-tasks; texts from the server via textContent only.
 */
(function () {
  'use strict';
  var S = window.Simpul;
  var h = S.h;
  var append = S.append;

  function when(iso) { return iso ? new Date(iso).toLocaleString() : '—'; }
  function problemText(err) {
    var p = err && err.problem;
    if (!p) return String((err && err.message) || err);
    var fields = (p.errors || []).map(function (e) { return e.field + ': ' + e.message; }).join('; ');
    return (p.title || 'Error') + (p.detail ? ': ' + p.detail : '') + (fields ? ' (' + fields + ')' : '');
  }
  function show(main, nodes) { main.textContent = ''; append(main, nodes); }

  function listPage(main) {
    show(main, [h('h1', { text: S.t('Tugas manual', 'Manual tasks') }), h('p', { class: 'app-muted', text: 'Loading…' })]);
    S.api('GET', '/v1/manual-tasks?limit=100').then(function (page) {
      show(main, [h('h1', { text: S.t('Tugas manual', 'Manual tasks') }),
        h('p', { class: 'app-muted', text: S.t('Langkah yang dikerjakan kantor Anda secara manual (belum terhubung dengan Simpul).', 'Steps your office does by hand (not connected to Simpul yet).') }),
        page.items.length === 0 ? h('p', { 'data-testid': 'manual-empty', text: S.t('Tidak ada tugas.', 'No tasks.') }) :
          h('table', { 'data-testid': 'manual-tasks' }, h('thead', {}, h('tr', {}, [S.t('Jatuh tempo', 'Due'), S.t('Langkah', 'Step'), S.t('Kantor', 'Office'), ''].map(function (t) { return h('th', { text: t }); }))),
            h('tbody', {}, page.items.map(function (t) {
              return h('tr', { 'data-testid': 'manual-task-row' }, h('td', { text: when(t.dueAt) + (t.overdue ? ' ⚠' : '') }), h('td', { text: t.stepId }), h('td', { text: t.office }),
                h('td', {}, h('a', { href: '#/manual/' + t.id, text: S.t('Buka', 'Open') })));
            })))]);
    }, function (err) { show(main, [h('p', { class: 'app-error', text: problemText(err) })]); });
  }

  function recordForm(task, main, toast) {
    var outcome = h('select', { name: 'outcome', 'data-testid': 'manual-outcome' }, [h('option', { value: 'COMPLETED', text: S.t('Selesai', 'Done') }), h('option', { value: 'REJECTED', text: S.t('Ditolak', 'Refused') })]);
    var documentNumber = h('input', { name: 'documentNumber', 'data-testid': 'manual-document', maxlength: 64, placeholder: S.t('nomor dokumen', 'document number') });
    var reason = h('input', { name: 'reason', 'data-testid': 'manual-reason', maxlength: 500, placeholder: S.t('alasan (wajib jika ditolak)', 'reason (required for a refusal)') });
    var button = h('button', { type: 'button', 'data-testid': 'manual-record', text: S.t('Catat', 'Record'), onclick: function () {
      button.disabled = true;
      var body = { outcome: outcome.value };
      if (documentNumber.value) body.documentNumber = documentNumber.value;
      if (reason.value) body.reason = reason.value;
      S.api('POST', '/v1/manual-tasks/' + task.id + '/outcome', body).then(function () { toast(S.t('Tercatat', 'Recorded')); taskPage(task.id, main, toast); },
        function (err) { toast(problemText(err), 'error'); }).then(function () { button.disabled = false; });
    } });
    return h('div', { class: 'app-card app-decision' }, h('h2', { text: S.t('Catat hasil', 'Record the outcome') }), h('div', { class: 'app-actions' }, outcome, documentNumber, reason, button));
  }

  function taskPage(id, main, toast) {
    S.api('GET', '/v1/manual-tasks/' + id).then(function (t) {
      var data = Object.keys(t.data || {}).map(function (k) { return h('tr', {}, h('th', { text: k }), h('td', { text: String(t.data[k]) })); });
      show(main, [h('p', {}, h('a', { href: '#/manual', text: '← ' + S.t('Tugas manual', 'Manual tasks') })),
        h('h1', { text: t.stepId + ' · ' + t.office }),
        h('p', { 'data-testid': 'manual-status', text: t.status + ' · ' + S.t('jatuh tempo ', 'due ') + when(t.dueAt) }),
        h('table', { 'data-testid': 'manual-data' }, h('tbody', {}, data)),
        t.status === 'OPEN' ? recordForm(t, main, toast) : h('p', { 'data-testid': 'manual-record-done', text: (t.record.documentNumber || t.record.reason || '') + ' · ' + t.record.by + ' · ' + when(t.record.at) })]);
    }, function (err) { show(main, [h('p', {}, h('a', { href: '#/manual', text: '←' })), h('p', { class: 'app-error', text: problemText(err) })]); });
  }

  function route(main, path, toast) {
    var m = /^\/manual\/([0-9a-f-]{36})$/.exec(path);
    return m ? taskPage(m[1], main, toast) : listPage(main);
  }

  window.ManualTasks = { route: route };
})();
