/*
 * A form generated from a life event's JSON Schema (GET /v1/life-events) and its field labels, so a new life event
 * needs no portal code: objects become fieldsets, enums selects, dates date pickers, NIK and KK numbers numeric
 * fields. Labels, option names and pre-fill sources come from the catalog's `fields`; a field without a label shows
 * the schema's description. Text only, never HTML.
 */
(function () {
  'use strict';
  var S = window.Simpul;
  var NUMERIC = { nik: true, 'nik-female': true, kk: true, npsn: true, 'region-code': true };

  function idOf(path) {
    return 'f-' + path.replace(/[^A-Za-z0-9]/g, '-');
  }

  /** The catalog's presentation of one field (label, options), in the page's language. */
  function labelOf(fields, path, schema) {
    var f = fields[path];
    if (f && f.label) return S.t(f.label.id, f.label.en);
    return schema.description || path.split('.').pop();
  }

  function optionLabel(fields, path, value) {
    var o = fields[path] && fields[path].options && fields[path].options[value];
    return o ? S.t(o.id, o.en) : String(value);
  }

  function control(path, schema, required, value, fields) {
    var id = idOf(path);
    var attrs = { id: id, name: path, 'aria-describedby': id + '-problem', 'data-path': path };
    if (required) attrs.required = true;
    var input;
    if (schema.enum) {
      input = S.h('select', attrs, S.h('option', { value: '', text: S.t('— pilih —', '— choose —') }),
        schema.enum.map(function (v) { return S.h('option', { value: v, text: optionLabel(fields, path, v), selected: value === v }); }));
    } else if (schema.type === 'boolean') {
      input = S.h('input', Object.assign(attrs, { type: 'checkbox', checked: value === true }));
    } else if (schema.type === 'integer' || schema.type === 'number') {
      input = S.h('input', Object.assign(attrs, { type: 'number', value: value === undefined ? '' : value }));
    } else if (schema.maxLength > 200) {
      input = S.h('textarea', Object.assign(attrs, { maxlength: schema.maxLength, text: value || '' }));
    } else {
      var date = /date/.test(schema.format || '');
      var numeric = NUMERIC[schema.format];
      input = S.h('input', Object.assign(attrs, {
        type: date ? 'date' : 'text', value: value === undefined ? '' : value, inputmode: numeric ? 'numeric' : undefined,
        maxlength: numeric ? 16 : schema.maxLength, autocomplete: 'off',
      }));
    }
    return S.h('div', { class: 'field' },
      S.h('label', { for: id, text: labelOf(fields, path, schema) + (required ? ' *' : '') }),
      input,
      S.h('span', { class: 'problem', id: id + '-problem' }));
  }

  function group(path, schema, required, values, fields) {
    var children = Object.keys(schema.properties).map(function (key) {
      var sub = schema.properties[key];
      var subPath = path ? path + '.' + key : key;
      var isRequired = (schema.required || []).indexOf(key) >= 0;
      var value = values ? values[key] : undefined;
      return sub.properties ? group(subPath, sub, isRequired, value, fields) : control(subPath, sub, isRequired, value, fields);
    });
    if (!path) return S.h('div', {}, children);
    return S.h('fieldset', {}, S.h('legend', { text: labelOf(fields, path, schema) }), children);
  }

  function valueOf(el, schema) {
    if (schema.type === 'boolean') return el.checked;
    if (el.value === '') return undefined;
    if (schema.type === 'integer' || schema.type === 'number') return Number(el.value);
    return el.value;
  }

  /** The data the form holds, shaped like the schema (empty fields left out, so the server names what is missing). */
  function read(root, schema, path) {
    var out = {};
    Object.keys(schema.properties).forEach(function (key) {
      var sub = schema.properties[key];
      var subPath = path ? path + '.' + key : key;
      var v = sub.properties ? read(root, sub, subPath) : valueOf(root.querySelector('#' + idOf(subPath)), sub);
      if (v !== undefined && !(sub.properties && Object.keys(v).length === 0)) out[key] = v;
    });
    return out;
  }

  /**
   * Renders the form for `item` (a catalog entry) with `values` filled in. Returns the node, read() and showErrors()
   * (the problem's `errors`, each naming `data.<path>`: shown at the field, the first one focused).
   */
  function render(item, values) {
    var fields = {};
    (item.fields || []).forEach(function (f) { fields[f.path] = f; });
    var node = group('', item.dataSchema, true, values, fields);
    return {
      node: node,
      read: function () { return read(node, item.dataSchema, ''); },
      showErrors: function (errors) {
        node.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
        node.querySelectorAll('.problem').forEach(function (el) { el.textContent = ''; });
        var first = null;
        var unplaced = [];
        (errors || []).forEach(function (e) {
          // A field, or a whole group left empty (`data.child`): then its first field.
          var path = String(e.field).replace(/^data\./, '').replace(/"/g, '');
          var el = node.querySelector('[data-path="' + path + '"]') || node.querySelector('[data-path^="' + path + '."]');
          if (!el) return unplaced.push(e);
          el.setAttribute('aria-invalid', 'true');
          node.querySelector('#' + el.id + '-problem').textContent = e.message;
          first = first || el;
        });
        if (first) first.focus();
        return unplaced;
      },
    };
  }

  window.SimpulForm = { render: render };
})();
