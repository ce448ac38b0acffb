// The dispute-trend chart: disputes raised per month, stacked by reason, from the JSON data block
// the server renders into the page (no inline script, so the Content-Security-Policy forbids them).
(function () {
  var palette = ['#1f5eff', '#ef6c00', '#2e7d32', '#c62828', '#8e24aa', '#00897b', '#f9a825', '#6d4c41',
    '#546e7a', '#d81b60'];
  document.addEventListener('DOMContentLoaded', function () {
    var el = document.getElementById('dispute-trend-data');
    var canvas = document.getElementById('dispute-trend-chart');
    if (!el || !canvas || typeof Chart === 'undefined') return;
    var data = JSON.parse(el.textContent);
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: palette[i % palette.length], stack: 'reasons' };
        })
      },
      options: {
        maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: 'bottom' },
          tooltip: { mode: 'index', intersect: false } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true,
          title: { display: true, text: 'disputes raised' }, ticks: { precision: 0 } } }
      }
    });
  });
})();
