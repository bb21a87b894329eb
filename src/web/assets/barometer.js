// Barometer respondent pages: small enhancements over plain forms, which work without it.
// - records the time spent on the page in the hidden "seconds" field;
// - hints at unanswered required questions before "Next" (the server checks again);
// - makes "Don't know" / "Prefer not to answer" exclusive of the other answers;
// - moves focus to the error summary; ignores a second click on a submit button;
// - shows a copy button beside the resume link (hidden without JavaScript: the link can be selected).
(function () {
  'use strict';
  var started = Date.now();

  var summary = document.querySelector('.summary');
  if (summary) summary.focus();

  function answered(scope) {
    var inputs = scope.querySelectorAll('input, select, textarea');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if (el.type === 'hidden') continue;
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked) return true;
      } else if (el.value.trim() !== '') return true;
    }
    return false;
  }

  function complete(q) {
    var items = q.querySelectorAll('.item');
    if (items.length === 0) return answered(q);
    for (var i = 0; i < items.length; i++) if (!answered(items[i])) return false;
    return true;
  }

  function setHint(q, text) {
    var id = q.id + '-hint';
    var hint = document.getElementById(id);
    var target = q.matches('fieldset') ? q : q.querySelector('input, textarea, select');
    var described = (target.getAttribute('aria-describedby') || '').split(' ').filter(function (x) {
      return x && x !== id;
    });
    if (text === null) {
      if (hint) hint.remove();
    } else {
      if (!hint) {
        hint = document.createElement('p');
        hint.id = id;
        hint.className = 'error';
        var anchor = q.querySelector('legend, .qtext');
        anchor.insertAdjacentElement('afterend', hint);
      }
      hint.textContent = text;
      described.push(id);
    }
    if (described.length) target.setAttribute('aria-describedby', described.join(' '));
    else target.removeAttribute('aria-describedby');
  }

  function checkRequired(form) {
    var first = null;
    form.querySelectorAll('[data-required]').forEach(function (q) {
      if (complete(q)) {
        setHint(q, null);
        return;
      }
      setHint(q, q.getAttribute('data-required'));
      if (!first) first = q.querySelector('input:not([type=hidden]), select, textarea');
    });
    return first;
  }

  document.querySelectorAll('form[data-once]').forEach(function (form) {
    var sent = false;
    form.addEventListener('submit', function (ev) {
      var action = ev.submitter ? ev.submitter.value : 'next';
      if (form.hasAttribute('data-page') && action === 'next') {
        var missing = checkRequired(form);
        if (missing) {
          ev.preventDefault();
          missing.focus();
          return;
        }
      }
      if (sent) {
        ev.preventDefault();
        return;
      }
      sent = true;
      var seconds = form.querySelector('input[name="seconds"]');
      if (seconds) seconds.value = String(Math.round((Date.now() - started) / 100) / 10);
    });
    // A page restored from the back/forward cache may be sent again.
    window.addEventListener('pageshow', function () {
      sent = false;
    });
  });

  // "Don't know" and "Prefer not to answer" exclude every other answer of their question.
  document.addEventListener('change', function (ev) {
    var el = ev.target;
    var q = el.closest && el.closest('.q');
    if (!q) return;
    var scope = el.closest('.item') || q;
    var all = scope.querySelectorAll('input, select, textarea');
    var isMissing = el.hasAttribute('data-missing');
    if (isMissing && !el.checked) return;
    if (!isMissing && (el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
    all.forEach(function (other) {
      if (other === el || other.type === 'hidden' || other.type === 'radio') return;
      if (isMissing) {
        if (other.type === 'checkbox') other.checked = false;
        else other.value = '';
      } else if (other.hasAttribute('data-missing')) {
        other.checked = false;
      }
    });
  });
  document.addEventListener('input', function (ev) {
    var el = ev.target;
    if (!(el.matches && el.matches('.q input[type=text], .q textarea')) || el.value === '') return;
    el.closest('.q')
      .querySelectorAll('[data-missing]')
      .forEach(function (m) {
        m.checked = false;
      });
  });

  // The resume link's copy button: revealed only where the clipboard can be written.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    var link = document.getElementById(button.getAttribute('data-copy'));
    var wrapper = button.closest('.copy');
    if (!link || !wrapper || !navigator.clipboard) return;
    wrapper.hidden = false;
    var status = wrapper.querySelector('[role=status]');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(link.href).then(function () {
        if (status) status.textContent = button.getAttribute('data-copied');
      });
    });
  });
})();
