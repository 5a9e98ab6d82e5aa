// Handbook authoring page: repeating rows (add, remove, move up/down), hints, the print button. The agency picker
// is static/js/agency_picker.js.
// No inline scripts (CSP).
(function () {
  "use strict";

  function rowsOf(formset) { return formset.querySelector("[data-rows]"); }

  // Positions follow the order on screen; hidden (removed) rows keep theirs after the visible ones.
  function renumber(formset) {
    var n = 0;
    rowsOf(formset).querySelectorAll(":scope > [data-row]").forEach(function (row) {
      var input = row.querySelector("[data-row-position]");
      if (input) { input.value = n; }
      n += 1;
    });
  }

  function addRow(formset) {
    var prefix = formset.dataset.formset;
    var total = formset.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var index = parseInt(total.value, 10);
    // The server refuses more rows than a section's maximum (a forged count): say so before the official types.
    var max = formset.querySelector("#id_" + prefix + "-MAX_NUM_FORMS");
    if (max && index >= parseInt(max.value, 10)) {
      window.alert("ส่วนนี้เพิ่มได้ไม่เกิน " + max.value + " รายการ");
      return;
    }
    var template = formset.querySelector("template[data-empty-form]");
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var row = holder.firstElementChild;
    rowsOf(formset).appendChild(row);
    total.value = String(index + 1);
    renumber(formset);
    syncChannel(row);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  }

  function removeRow(row) {
    var box = row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (box) { box.checked = true; }
    row.classList.add("d-none");
    renumber(row.closest("[data-formset]"));
  }

  function visibleSibling(row, direction) {
    var node = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
    while (node && node.classList.contains("d-none")) {
      node = direction < 0 ? node.previousElementSibling : node.nextElementSibling;
    }
    return node;
  }

  function moveRow(row, direction) {
    var other = visibleSibling(row, direction);
    if (!other) { return; }
    if (direction < 0) { other.before(row); } else { other.after(row); }
    renumber(row.closest("[data-formset]"));
  }

  // H1.3: postal and online channels are open 24 hours: hide days and times, tick "ตลอด 24 ชั่วโมง".
  var ALWAYS_OPEN = ["postal", "online"];
  function syncChannel(row) {
    var kind = row.querySelector("select[data-channel-kind]");
    if (!kind) { return; }
    var always = ALWAYS_OPEN.indexOf(kind.value) >= 0;
    var box = row.querySelector("input[name$='-hours_24']");
    if (box && always) { box.checked = true; }
    var hide = always || (box && box.checked);
    ["day_from", "day_to", "except_holidays", "open_time", "close_time", "lunch_break"].forEach(function (name) {
      var cell = row.querySelector("[data-field='" + name + "']");
      if (cell) { cell.classList.toggle("d-none", hide); }
    });
  }

  // Warn (never block) when every step uses the total's unit and the durations do not add up to the total.
  function checkStepSum() {
    var warning = document.querySelector("[data-step-warning]");
    var totalInput = document.getElementById("id_total_time_value");
    var totalUnit = document.getElementById("id_total_time_unit");
    if (!warning || !totalInput || !totalUnit) { return; }
    var sum = 0, count = 0, sameUnit = true;
    document.querySelectorAll("[data-formset=steps] [data-row]:not(.d-none)").forEach(function (row) {
      var value = row.querySelector("[data-step-duration]");
      var unit = row.querySelector("[data-step-unit]");
      if (!value || value.value === "") { return; }
      count += 1;
      sum += parseInt(value.value, 10) || 0;
      if (!unit || unit.value !== totalUnit.value) { sameUnit = false; }
    });
    var total = parseInt(totalInput.value, 10);
    var show = count > 0 && sameUnit && !isNaN(total) && sum !== total;
    warning.classList.toggle("d-none", !show);
    if (show) {
      warning.textContent = "ผลรวมระยะเวลาของขั้นตอน (" + sum + ") ไม่เท่ากับระยะเวลาดำเนินการรวม (" + total + ") กรุณาตรวจสอบ";
    }
  }

  // H5's note: suggest the wording "สำเนาทะเบียนบ้าน" while typing (advice, never an error). The hint's text comes
  // from the server (data-house-hint), which shows the same hint as the field's help text after a save.
  function houseHint(input) {
    var cell = input.closest("[data-field]");
    var hint = cell.querySelector(".house-hint");
    if (!hint) {
      var shown = document.getElementById(input.id + "_helptext");
      if (shown && shown.textContent.trim() === input.dataset.houseHint) { hint = shown; hint.classList.add("house-hint"); }
    }
    var value = input.value.replace(/\s+/g, "");
    var advise = /ทะเบียนบ้าน/.test(value) && value.indexOf("สำเนาทะเบียนบ้าน") < 0;
    if (advise && !hint) {
      hint = document.createElement("div");
      hint.className = "form-text house-hint";
      hint.textContent = input.dataset.houseHint;
      cell.appendChild(hint);
    }
    if (hint) { hint.classList.toggle("d-none", !advise); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) { return; }
    if (target.hasAttribute("data-agency-choice")) { return; }  // agency_picker.js
    var formset = target.closest("[data-formset]");
    var row = target.closest("[data-row]");
    if (target.hasAttribute("data-row-add") && formset) { addRow(formset); }
    else if (target.hasAttribute("data-row-remove") && row) { removeRow(row); }
    else if (target.hasAttribute("data-row-up") && row) { moveRow(row, -1); }
    else if (target.hasAttribute("data-row-down") && row) { moveRow(row, 1); }
    else if (target.hasAttribute("data-insert-text")) {
      var area = document.querySelector(target.dataset.insertText);
      var text = target.dataset.text || "";
      if (area && area.value.indexOf(text) < 0) {
        area.value = area.value.trim() ? area.value.replace(/\s+$/, "") + "\n\n" + text : text;
        area.dispatchEvent(new Event("input", { bubbles: true }));
      }
    } else if (target.hasAttribute("data-print")) { window.print(); }
    else { return; }
    checkStepSum();
  });

  document.addEventListener("change", function (event) {
    var row = event.target.closest("[data-formset=channels] [data-row]");
    if (row) { syncChannel(row); }
    checkStepSum();
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-document-name]")) { houseHint(event.target); }
    if (event.target.matches("[data-step-duration], #id_total_time_value")) { checkStepSum(); }
  });

  // Enter in the agency search box searches; it must not submit the whole handbook form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-no-submit]") && event.target.closest("[data-handbook-form]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.matches("[data-handbook-form]")) {
      event.target.querySelectorAll("[data-formset]").forEach(renumber);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset=channels] [data-rows] > [data-row]").forEach(syncChannel);
  });
})();
