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
