// Imports: the progress bar of a running import polls its progress every second and shows the
// report (by reloading the page, whose state is in the database) once the run is done; the upload
// form offers only the saved mappings of the kind chosen. No inline scripts (Content-Security-Policy).
(function () {
  function poll(section) {
    var url = section.getAttribute('data-progress-url');
    var bar = document.getElementById('import-progress');
    var text = document.getElementById('progress-text');
    function tick() {
      fetch(url, { headers: { 'Accept': 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(function (p) {
          if (bar) bar.value = p.percent;
          if (text) {
            text.textContent = p.percent + '% of the file read · ' +
              Number(p.rowsRead).toLocaleString() + ' rows' + (p.phase ? ' · ' + p.phase : '');
          }
          if (!p.active) {
            window.location.reload();
            return;
          }
          setTimeout(tick, 1000);
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    setTimeout(tick, 1000);
  }

  function filterMappings(select) {
    var kindSelect = document.getElementById(select.getAttribute('data-kind-select'));
    if (!kindSelect) return;
    function apply() {
      var kind = kindSelect.value;
      Array.prototype.forEach.call(select.options, function (o) {
        var k = o.getAttribute('data-kind');
        var hide = k !== null && k !== kind;
        o.hidden = hide;
        o.disabled = hide;
        if (hide && o.selected) select.selectedIndex = 0;
      });
    }
    kindSelect.addEventListener('change', apply);
    apply();
  }

  document.addEventListener('DOMContentLoaded', function () {
    var section = document.getElementById('progress');
    if (section && section.getAttribute('data-progress-url')) poll(section);
    document.querySelectorAll('select[data-kind-select]').forEach(filterMappings);
  });
})();
