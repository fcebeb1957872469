// console.js: a progress bar for label exports. The export links are
// plain downloads; a click adds a token to the link's request, and while
// the browser saves the file this asks the server how far that export has
// got (GET /api/v1/exports/mine?token=) and shows it beside the link.
// Without JavaScript the download works the same, without the bar.
(function () {
  'use strict';
  var timer = null;
  function show(box, done, total) {
    var bar = box.querySelector('progress');
    var text = box.querySelector('.export-text');
    bar.max = total > 0 ? total : 1;
    bar.value = done;
    text.textContent = box.getAttribute('data-of')
      .replace('{1}', done.toLocaleString()).replace('{2}', total.toLocaleString());
  }
  function watch(box, token) {
    var seen = false;
    var tries = 0;
    box.hidden = false;
    show(box, 0, Number(box.getAttribute('data-total')));
    if (timer) window.clearInterval(timer);
    timer = window.setInterval(function () {
      tries++;
      fetch('/api/v1/exports/mine?token=' + token, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (p) {
          var mine = function (e) { return e && String(e.batch) === box.getAttribute('data-batch'); };
          if (p.running && mine(p)) {
            seen = true;
            show(box, p.done, p.total);
          } else if (mine(p.last) || seen || tries > 20) {
            // Ended: a short export may end before the first look.
            window.clearInterval(timer);
            timer = null;
            var ended = mine(p.last) && p.last.done === p.last.total;
            if (mine(p.last)) show(box, p.last.done, p.last.total);
            box.querySelector('.export-text').textContent = box.getAttribute(ended ? 'data-done' : 'data-gone');
          }
        })
        .catch(function () {});
    }, 500);
  }
  document.addEventListener('click', function (ev) {
    var link = ev.target.closest ? ev.target.closest('a[data-export]') : null;
    if (!link) return;
    var box = document.getElementById('export-' + link.getAttribute('data-export'));
    if (!box) return;
    // The export's request names a token the page then asks about.
    var token = Math.random().toString(36).slice(2, 14) + Date.now().toString(36);
    link.href = link.href.replace(/&progress=[A-Za-z0-9]*/, '') + '&progress=' + token;
    watch(box, token);
  });
})();
