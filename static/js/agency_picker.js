// The agency picker (procedure owner P1, handbook agency H9, procedure-list filter): a search box whose htmx
// results are a list of agencies; the one chosen writes its id into the hidden input and its name into the box.
// Markup: [data-agency-picker] holding [data-agency-input], [data-agency-id] and an [aria-live] results box.
// With the script the box is an ARIA combobox (WAI-ARIA APG "list autocomplete"): the focus stays in the box,
// ↓/↑ move through the agencies found (aria-activedescendant), Enter chooses, Escape closes; a mouse click chooses.
// No inline scripts (CSP): loaded by every page that shows a picker.
(function () {
  "use strict";

  function parts(picker) {
    return {
      input: picker.querySelector("[data-agency-input]"),
      id: picker.querySelector("[data-agency-id]"),
      results: picker.querySelector("[aria-live]"),
    };
  }

  function options(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll("[data-agency-choice]"));
  }

  function setActive(picker, option) {
    var input = parts(picker).input;
    options(picker).forEach(function (each) {
      var on = each === option;
      each.classList.toggle("active", on);
      each.setAttribute("aria-selected", on ? "true" : "false");
    });
    if (option) {
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function close(picker) {
    var p = parts(picker);
    if (p.results) { p.results.innerHTML = ""; }
    p.input.setAttribute("aria-expanded", "false");
    p.input.removeAttribute("aria-activedescendant");
  }

  function choose(picker, choice) {
    var p = parts(picker);
    p.id.value = choice.dataset.agencyChoice;
    p.input.value = choice.dataset.agencyName;
    close(picker);
    p.input.focus();
  }

  // The box announces itself as a combobox controlling the list of results.
  function enhance(picker) {
    var p = parts(picker);
    if (!p.input || !p.results || p.input.getAttribute("role") === "combobox") { return; }
    p.input.setAttribute("role", "combobox");
    p.input.setAttribute("aria-autocomplete", "list");
    p.input.setAttribute("aria-expanded", "false");
    p.input.setAttribute("aria-controls", p.results.id);
  }
  document.querySelectorAll("[data-agency-picker]").forEach(enhance);

  // New results: number the options for aria-activedescendant, keep them out of the Tab order (the box keeps it).
  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = event.target.closest && event.target.closest("[data-agency-picker]");
    if (!picker) { return; }
    enhance(picker);
    var p = parts(picker);
    var found = options(picker);
    found.forEach(function (option, index) {
      option.id = p.results.id + "-" + index;
      option.tabIndex = -1;
      option.setAttribute("aria-selected", "false");
    });
    p.input.setAttribute("aria-expanded", found.length ? "true" : "false");
    p.input.removeAttribute("aria-activedescendant");
  });

  document.addEventListener("keydown", function (event) {
    if (!event.target.matches("[data-agency-input]")) { return; }
    var picker = event.target.closest("[data-agency-picker]");
    var found = options(picker);
    var active = picker.querySelector("[data-agency-choice].active");
    var index = found.indexOf(active);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!found.length) { return; }
      event.preventDefault();
      var step = event.key === "ArrowDown" ? 1 : -1;
      setActive(picker, found[(index + step + found.length) % found.length]);
    } else if (event.key === "Enter" && active) {
      event.preventDefault();
      choose(picker, active);
    } else if (event.key === "Escape" && found.length) {
      event.preventDefault();
      close(picker);
    }
  });

  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-agency-choice]");
    var picker = choice && choice.closest("[data-agency-picker]");
    if (picker) { choose(picker, choice); }
  });

  // Typing a new agency name forgets the previous choice until one is picked again.
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-agency-input]")) {
      event.target.closest("[data-agency-picker]").querySelector("[data-agency-id]").value = "";
    }
  });
})();
