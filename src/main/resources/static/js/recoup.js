// Charts are drawn from JSON data blocks the server renders into the page (no inline scripts, so
// the Content-Security-Policy can forbid them). Amounts arrive as exact strings; they become
// numbers only to draw bars, never for arithmetic.
(function () {
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function money(v, currency) {
    return Number(v).toLocaleString(undefined, { maximumFractionDigits: 0 }) + ' ' + currency;
  }
  document.addEventListener('DOMContentLoaded', function () {
    if (typeof Chart === 'undefined') return;
    var aging = data('aging-data');
    if (aging && document.getElementById('aging-chart')) {
      var colors = ['#2e7d32', '#9ccc65', '#ffca28', '#ffa726', '#ef6c00', '#c62828', '#8e0000', '#4a0000'];
      new Chart(document.getElementById('aging-chart'), {
        type: 'bar',
        data: {
          labels: aging.labels,
          datasets: [{ label: 'Open AR (' + aging.currency + ')', data: aging.values.map(Number),
            backgroundColor: aging.labels.map(function (_, i) { return colors[Math.min(i, colors.length - 1)]; }) }]
        },
        options: {
          maintainAspectRatio: false, animation: false,
          plugins: { legend: { display: false },
            tooltip: { callbacks: { label: function (c) { return money(c.raw, aging.currency); } } } },
          scales: { y: { ticks: { callback: function (v) { return money(v, aging.currency); } } } }
        }
      });
    }
    var trend = data('trend-data');
    if (trend && document.getElementById('trend-chart')) {
      new Chart(document.getElementById('trend-chart'), {
        type: 'line',
        data: { labels: trend.labels, datasets: [{ label: 'Avg days beyond terms', data: trend.values.map(Number),
          borderColor: '#1f5eff', backgroundColor: 'rgba(31,94,255,.15)', fill: true, tension: 0.25 }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
          scales: { y: { title: { display: true, text: 'days' } } } }
      });
    }
  });
})();

// Tables with class "sortable" sort by a click on a header (a cell's data-sort value, else its
// text; numbers compare as numbers). An input with data-filter="tableId" keeps the rows whose text
// contains what is typed. Both work on the rows the server rendered: lists that page on the server
// sort and filter there instead.
(function () {
  function key(cell) {
    var v = cell.getAttribute('data-sort');
    if (v === null) v = cell.textContent.trim();
    var n = v.replace(/[^0-9.\-]/g, '');
    return n !== '' && /^-?[0-9.,\s]*[A-Z]{0,3}\s*[0-9.,\-]*$/.test(v) && !isNaN(Number(n)) ? Number(n) : v.toLowerCase();
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('table.sortable').forEach(function (table) {
      table.querySelectorAll('thead th').forEach(function (th, col) {
        th.classList.add('sort-head');
        th.addEventListener('click', function () {
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > col; });
          var asc = th.getAttribute('aria-sort') !== 'ascending';
          table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
          rows.sort(function (a, b) {
            var x = key(a.cells[col]), y = key(b.cells[col]);
            if (typeof x === 'number' && typeof y === 'number') return asc ? x - y : y - x;
            return asc ? String(x).localeCompare(String(y)) : String(y).localeCompare(String(x));
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
    document.querySelectorAll('input[data-filter]').forEach(function (input) {
      var table = document.getElementById(input.getAttribute('data-filter'));
      if (!table) return;
      input.addEventListener('input', function () {
        var q = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
          r.style.display = !q || r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
        });
      });
    });
  });
})();
