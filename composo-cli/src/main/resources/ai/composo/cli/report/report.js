(function () {
  'use strict';
  var table = document.getElementById('rows');
  if (!table) { return; }
  function el(id) { return document.getElementById(id); }
  var body = table.tBodies[0], heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var rows = Array.prototype.slice.call(body.rows);
  var filter = el('filter'), view = el('view'), failed = el('failed'), errors = el('errors'), internals = el('internals');
  var shown = el('shown'), reading = el('view-reading'), panel = el('panel');
  var texts = [];
  function detail(r) { return el('detail-' + r.getAttribute('data-row')); }
  function text(r) {
    var i = +r.getAttribute('data-row');
    if (texts[i] === undefined) {
      var d = detail(r);
      texts[i] = (r.textContent + ' ' + (d ? d.textContent : '')).toLowerCase();
    }
    return texts[i];
  }
  function apply() {
    var q = filter.value.trim().toLowerCase(), f = failed.checked, e = errors.checked, n = 0;
    rows.forEach(function (r) {
      var ok = (!f || r.getAttribute('data-failed') === 'true') && (!e || r.getAttribute('data-error') === 'true')
        && (!q || text(r).indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = n + ' of ' + rows.length + ' rows shown';
  }
  function column(key) {
    for (var i = 0; i < heads.length; i++) { if (heads[i].getAttribute('data-sort') === key) { return i; } }
    return -1;
  }
  function value(r, i) {
    var v = r.cells[i].getAttribute('data-v'), x = Number(v);
    return v !== '' && !isNaN(x) ? x : v.toLowerCase();
  }
  function sortBy(key, asc) {
    var i = column(key);
    if (i < 0) { return; }
    heads.forEach(function (h) { h.classList.remove('asc', 'desc'); });
    heads[i].classList.add(asc ? 'asc' : 'desc');
    var order = rows.map(function (r, k) { return { r: r, k: k, v: value(r, i) }; });
    order.sort(function (a, b) {
      var x = a.v, y = b.v;
      if (typeof x !== typeof y) { x = typeof x === 'number' ? 0 : 1; y = typeof y === 'number' ? 0 : 1; }
      var c = x < y ? -1 : x > y ? 1 : 0;
      return (asc ? c : -c) || a.k - b.k;
    });
    rows = order.map(function (o) { return o.r; });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function focus(c) {
    rows.forEach(function (r) {
      Array.prototype.forEach.call(r.cells, function (td) { td.classList.toggle('focus', !!c && td.getAttribute('data-c') === c); });
    });
  }
  function open(r) {
    Array.prototype.forEach.call(panel.querySelectorAll('.detail'), function (d) { d.hidden = true; });
    rows.forEach(function (x) { x.classList.remove('open'); });
    var d = detail(r);
    if (!d) { return; }
    d.hidden = false;
    r.classList.add('open');
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function close() {
    panel.hidden = true;
    rows.forEach(function (x) { x.classList.remove('open'); });
  }
  heads.forEach(function (th) {
    var key = th.getAttribute('data-sort');
    if (!key) { return; }
    th.addEventListener('click', function () { sortBy(key, !th.classList.contains('asc')); });
  });
  view.addEventListener('change', function () {
    var c = view.value, o = view.options[view.selectedIndex];
    sortBy(c ? 'c' + c : 'worst', true);
    focus(c);
    reading.textContent = c ? o.getAttribute('data-reading') : '';
  });
  [filter, failed, errors].forEach(function (x) { x.addEventListener('input', apply); x.addEventListener('change', apply); });
  // the panel covers the controls, so it has its own internals checkbox; both show the same state
  [internals, el('panel-internals')].forEach(function (box, k, boxes) {
    box.addEventListener('change', function () {
      boxes.forEach(function (b) { b.checked = box.checked; });
      document.body.classList.toggle('show-internals', box.checked);
    });
  });
  body.addEventListener('click', function (ev) {
    var r = ev.target.closest('tr');
    if (r && r.parentNode === body) { open(r); }
  });
  body.addEventListener('keydown', function (ev) {
    var r = ev.target.closest('tr');
    if (r && ev.key === 'Enter') { open(r); }
  });
  el('close').addEventListener('click', close);
  document.addEventListener('keydown', function (ev) { if (ev.key === 'Escape') { close(); } });
  apply();
})();
