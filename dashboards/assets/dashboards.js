// Optional enhancement of the dashboards: a filter form submits as soon as a choice changes
// (the Apply button still works without this script), and an embed snippet is selected on focus.
// Nothing on the pages requires it.
(function () {
  'use strict';
  document.querySelectorAll('form[data-autosubmit]').forEach(function (form) {
    form.addEventListener('change', function (event) {
      // Comparing a wave with itself or a later one means nothing: move "from" before "to".
      var from = form.querySelector('select[name=from]');
      var to = form.querySelector('select[name=to]');
      if (from && to && event.target === to) {
        var toYear = Number(to.selectedOptions[0].dataset.year);
        if (Number(from.selectedOptions[0].dataset.year) >= toYear) {
          var earlier = Array.prototype.find.call(from.options, function (o) {
            return Number(o.dataset.year) < toYear;
          });
          if (earlier) from.value = earlier.value;
        }
      }
      form.setAttribute('aria-busy', 'true');
      form.requestSubmit();
    });
  });
  document.querySelectorAll('.embed-code textarea').forEach(function (area) {
    area.addEventListener('focus', function () {
      area.select();
    });
  });
})();

// Values on hover and from the keyboard: every mark that carries a <title> (a dot, a bar, a
// country) shows it in a tooltip when pointed at; with the chart's box focused, the arrow keys
// step through the marks and the tooltip (a live region) reads each one. Without this script
// the browser's own title tooltips and the table under each chart carry the same numbers.
(function () {
  'use strict';
  document.querySelectorAll('figure > .svg').forEach(function (box) {
    var figure = box.parentNode;
    var tip = document.createElement('p');
    tip.className = 'tip';
    tip.setAttribute('role', 'status');
    tip.hidden = true;
    figure.appendChild(tip);
    if (box.dataset.tipHint) {
      var hint = document.createElement('span');
      hint.className = 'visually-hidden';
      hint.id = (figure.closest('section') || box).id + '-tip-hint';
      hint.textContent = box.dataset.tipHint;
      figure.appendChild(hint);
      box.setAttribute('aria-describedby', hint.id);
    }
    box.querySelectorAll('svg title').forEach(function (t) {
      var mark = t.parentNode;
      if (mark.tagName.toLowerCase() === 'svg') return;
      mark.setAttribute('data-tip', t.textContent);
      mark.classList.add('has-tip');
      // A link (a country on the map) keeps its title as its accessible name.
      var link = mark.closest('a');
      if (link && !link.getAttribute('aria-label')) link.setAttribute('aria-label', t.textContent);
      t.remove();
    });
    var current = -1;
    var shown = null;
    function marks() {
      var visible = Array.prototype.filter.call(box.querySelectorAll('svg'), function (s) {
        return s.getClientRects().length > 0 && s.parentNode.closest('svg') === null;
      })[0];
      return visible ? Array.prototype.slice.call(visible.querySelectorAll('[data-tip]')) : [];
    }
    function show(mark) {
      if (shown) shown.classList.remove('tip-on');
      shown = mark;
      mark.classList.add('tip-on');
      tip.textContent = mark.getAttribute('data-tip');
      tip.hidden = false;
      var f = figure.getBoundingClientRect();
      var m = mark.getBoundingClientRect();
      var left = Math.min(Math.max(0, m.left - f.left + m.width / 2 - tip.offsetWidth / 2), f.width - tip.offsetWidth);
      tip.style.left = Math.max(0, left) + 'px';
      tip.style.top = Math.max(0, m.top - f.top - tip.offsetHeight - 6) + 'px';
    }
    function hide() {
      if (shown) shown.classList.remove('tip-on');
      shown = null;
      tip.hidden = true;
    }
    box.addEventListener('pointerover', function (event) {
      var mark = event.target.closest && event.target.closest('[data-tip]');
      if (mark && box.contains(mark)) show(mark);
    });
    box.addEventListener('pointerleave', hide);
    box.addEventListener('blur', hide);
    box.addEventListener('keydown', function (event) {
      var all = marks();
      if (!all.length) return;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') current = (current + 1) % all.length;
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') current = (current - 1 + all.length) % all.length;
      else if (event.key === 'Escape') return hide();
      else return;
      event.preventDefault();
      show(all[current]);
    });
  });
  // Copy a page's address (the share link): the button is hidden until this script can work.
  document.querySelectorAll('button.copy-link').forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(new URL(button.dataset.url || '', location.href).href).then(function () {
        var status = button.nextElementSibling;
        if (status) status.textContent = button.dataset.copied || '';
      });
    });
  });
})();
