// Optional enhancement of the dashboards: a filter form submits as soon as a choice changes
// (the Apply button still works without this script), and an embed snippet is selected on focus.
// Nothing on the pages requires it.
(function () {
  'use strict';
  document.querySelectorAll('form[data-autosubmit]').forEach(function (form) {
    form.addEventListener('change', function () {
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
