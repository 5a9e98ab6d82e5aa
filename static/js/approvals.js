// Approval workflow and public pages. No inline scripts (CSP): everything hooks in through data- attributes.
(function () {
  "use strict";
  // Print button: <button data-print>.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) { event.preventDefault(); window.print(); }
  });
  // Search-or-select: <input data-filter-select="id_of_select"> narrows the options of a long <select>.
  document.querySelectorAll("[data-filter-select]").forEach(function (input) {
    var select = document.getElementById(input.dataset.filterSelect);
    if (!select) { return; }
    input.addEventListener("input", function () {
      var text = input.value.trim().toLowerCase();
      var firstMatch = null;
      Array.prototype.forEach.call(select.options, function (option) {
        var show = !option.value || !text || option.text.toLowerCase().indexOf(text) !== -1;
        option.hidden = !show;
        if (show && option.value && !firstMatch) { firstMatch = option; }
      });
      var current = select.selectedOptions.length ? select.selectedOptions[0] : null;
      if (text && firstMatch && (!current || !current.value || current.hidden)) {
        firstMatch.selected = true;
      }
    });
  });
})();
