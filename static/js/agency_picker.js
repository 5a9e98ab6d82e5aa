// The agency picker (procedure owner P1, handbook agency H9, procedure-list filter): a search box whose htmx
// results are buttons; the one clicked writes its id into the hidden input and its name into the box.
// Markup: [data-agency-picker] holding [data-agency-input], [data-agency-id] and an [aria-live] results box.
// No inline scripts (CSP): loaded by every page that shows a picker.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-agency-choice]");
    var picker = choice && choice.closest("[data-agency-picker]");
    if (!picker) { return; }
    picker.querySelector("[data-agency-id]").value = choice.dataset.agencyChoice;
    var input = picker.querySelector("[data-agency-input]");
    input.value = choice.dataset.agencyName;
    var results = picker.querySelector("[aria-live]");
    if (results) { results.innerHTML = ""; }
    input.focus();
  });

  // Typing a new agency name forgets the previous choice until one is picked again.
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-agency-input]")) {
      event.target.closest("[data-agency-picker]").querySelector("[data-agency-id]").value = "";
    }
  });
})();
