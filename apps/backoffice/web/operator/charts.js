/*
 * Inline SVG charts for the operator dashboard, drawn with DOM calls (no library, no innerHTML): horizontal bars,
 * one row per label, one or more bars per row (e.g. median and p95).
 */
(function () {
  'use strict';
  var SVG = 'http://www.w3.org/2000/svg';

  function el(name, attrs, text) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  /**
   * rows: [{ label, values: [{ name, value, cls }] }]; unit: text after each value.
   * Returns an <svg> with role="img" and a <title>, so the chart is readable by assistive tools and tests.
   */
  function bars(title, rows, unit) {
    var labelWidth = 240, barArea = 300, rowHeight = 14, gap = 8, top = 24;
    var perRow = Math.max(1, rows.reduce(function (m, r) { return Math.max(m, r.values.length); }, 1));
    var height = top + rows.length * (perRow * rowHeight + gap) + 10;
    var max = rows.reduce(function (m, r) { return r.values.reduce(function (n, v) { return Math.max(n, v.value); }, m); }, 0) || 1;
    var svg = el('svg', { viewBox: '0 0 ' + (labelWidth + barArea + 90) + ' ' + height, role: 'img', 'aria-label': title });
    svg.appendChild(el('title', {}, title));
    svg.appendChild(el('text', { x: 0, y: 14, 'font-weight': 'bold' }, title));
    if (rows.length === 0) svg.appendChild(el('text', { x: 0, y: top + 12 }, window.Simpul.t('belum ada data', 'no data yet')));
    rows.forEach(function (row, i) {
      var y = top + i * (perRow * rowHeight + gap);
      svg.appendChild(el('text', { x: 0, y: y + rowHeight - 3 }, row.label));
      row.values.forEach(function (v, j) {
        var w = Math.max(1, Math.round((v.value / max) * barArea));
        var by = y + j * rowHeight;
        var rect = el('rect', { x: labelWidth, y: by + 1, width: w, height: rowHeight - 2, class: 'bar ' + (v.cls || ''), 'data-label': row.label, 'data-series': v.name, 'data-value': v.value });
        rect.appendChild(el('title', {}, row.label + ' · ' + v.name + ': ' + v.value + (unit || '')));
        svg.appendChild(rect);
        svg.appendChild(el('text', { x: labelWidth + w + 4, y: by + rowHeight - 3 }, v.value + (unit || '') + (row.values.length > 1 ? ' ' + v.name : '')));
      });
    });
    svg.appendChild(el('line', { x1: labelWidth, y1: top - 4, x2: labelWidth, y2: height - 6, class: 'axis' }));
    return svg;
  }

  window.OperatorCharts = { bars: bars };
})();
