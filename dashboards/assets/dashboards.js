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
