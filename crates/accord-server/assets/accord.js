// Accord's one script. Every page works without it; it adds the quick exit's shortcut
// (press Shift three times) and makes the exit leave nothing to go back to.
(function () {
  'use strict';
  var form = document.getElementById('exit-form');
  if (!form) return;
  var target = form.getAttribute('data-exit-url');
  var leaving = false;
  function leave() {
    if (leaving) return;
    leaving = true;
    var body = new URLSearchParams(new FormData(form));
    // Hide the page at once, end the session on the server, then replace this page in the
    // history with the neutral one, so Back does not return here.
    document.documentElement.style.display = 'none';
    document.title = 'Loading';
    var go = function () { window.location.replace(target); };
    var timer = setTimeout(go, 600);
    fetch('/exit', { method: 'POST', body: body, keepalive: true, credentials: 'same-origin',
      headers: { 'Accept': 'application/json' } })
      .then(function () { clearTimeout(timer); go(); }, function () { clearTimeout(timer); go(); });
  }
  form.addEventListener('submit', function (e) { e.preventDefault(); leave(); });
  var presses = 0;
  var reset;
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Shift') { presses = 0; return; }
    if (e.repeat) return;
    presses += 1;
    clearTimeout(reset);
    reset = setTimeout(function () { presses = 0; }, 5000);
    if (presses >= 3) leave();
  });
})();

// Confirm buttons that need it (data-confirm="…"): without script, the action happens at once.
document.addEventListener('click', function (e) {
  var b = e.target.closest ? e.target.closest('[data-confirm]') : null;
  if (b && !window.confirm(b.getAttribute('data-confirm'))) e.preventDefault();
});
