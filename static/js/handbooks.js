// Handbook authoring page: repeating rows (add, remove, move up/down, numbered "เอกสารที่ 3"), the sections' row
// counts and collapsed sections opened on a jump, hints, the "ขออนุมัติเผยแพร่" button held back while there are
// unsaved changes, the print button. The agency picker is static/js/agency_picker.js.
// No inline scripts (CSP).
(function () {
  "use strict";

  function rowsOf(formset) { return formset.querySelector("[data-rows]"); }

  // Positions follow the order on screen; hidden (removed) rows keep theirs after the visible ones. The visible
  // rows are headed "<noun>ที่ 1, 2, …" as the server numbers them (handbooks.forms.numbered), and the section's
  // counts (its heading, the jump menu) follow.
  function renumber(formset) {
    var n = 0, shown = 0;
    var noun = formset.dataset.rowNoun || "";
    rowsOf(formset).querySelectorAll(":scope > [data-row]").forEach(function (row) {
      var input = row.querySelector("[data-row-position]");
      if (input) { input.value = n; }
      n += 1;
      var label = row.querySelector("[data-row-label]");
      if (row.classList.contains("d-none")) { if (label) { label.textContent = noun; } return; }
      shown += 1;
      if (label) { label.textContent = noun + "ที่ " + shown; }
      // The row's buttons say which row they act on: "เลื่อนขึ้น เอกสารที่ 3" (screen readers, voice control).
      row.querySelectorAll("[data-action-label]").forEach(function (button) {
        button.setAttribute("aria-label", button.dataset.actionLabel + " " + noun + "ที่ " + shown);
      });
    });
    document.querySelectorAll("[data-row-count='" + formset.dataset.formset + "']").forEach(function (count) {
      count.textContent = String(shown);
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
    // The new row's first field the official sees takes the focus (not the hidden "removed" box).
    var first = Array.prototype.find.call(row.querySelectorAll("input:not([type=hidden]), select, textarea"),
      function (field) { return field.offsetParent !== null; });
    if (first) { first.focus(); }
  }

  function removeRow(row) {
    var box = row.querySelector("input[type=checkbox][name$='-DELETE']");
    if (box) { box.checked = true; }
    var hadFocus = row.contains(document.activeElement);
    row.classList.add("d-none");
    var formset = row.closest("[data-formset]");
    renumber(formset);
    // A keyboard user is not dropped at the top of the page: the focus goes to the section's "+ เพิ่ม…" button.
    if (hadFocus) { formset.querySelector("[data-row-add]").focus(); }
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
    var focused = row.contains(document.activeElement) ? document.activeElement : null;
    if (direction < 0) { other.before(row); } else { other.after(row); }
    renumber(row.closest("[data-formset]"));
    if (focused) { focused.focus(); }  // moving a node blurs it: the pressed button keeps the focus
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

  // A document's name is labelled by its group (the group option's own words; data-label-empty when none).
  function labelDocumentName(select) {
    var row = select.closest("[data-row]");
    var label = row && row.querySelector("[data-field=name] label");
    if (!label || !label.firstChild || label.firstChild.nodeType !== Node.TEXT_NODE) { return; }
    var option = select.options[select.selectedIndex];
    label.firstChild.nodeValue = select.value && option ? option.text : (select.dataset.labelEmpty || "");
  }

  // What the page shows is no longer what is saved: "ขออนุมัติเผยแพร่" would publish the saved handbook, not the
  // official's typing, so it waits (with a hint) until the form is saved.
  var dirty = false;
  function markUnsaved() {
    if (dirty) { return; }
    dirty = true;
    document.querySelectorAll("[data-submit-button]").forEach(function (button) { button.disabled = true; });
    document.querySelectorAll("[data-submit-hint]").forEach(function (hint) { hint.classList.remove("d-none"); });
  }
  function inHandbookForm(element) {
    return !!(element && element.form && element.form.matches("[data-handbook-form]"));
  }

  // Open every collapsed section (<details>) around an element the page jumps to (the jump menu, the list of what is
  // still missing), then bring it into view.
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) { return; }
    var opened = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; opened = true; }
    }
    if (opened) { target.scrollIntoView(); }
  }
  function hashTarget() { return decodeURIComponent(window.location.hash.slice(1)); }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (link) { reveal(decodeURIComponent(link.getAttribute("href").slice(1))); return; }
    var target = event.target.closest("button");
    if (!target) { return; }
    if (target.hasAttribute("data-agency-choice")) {  // agency_picker.js chooses the agency
      if (target.closest("[data-handbook-form]")) { markUnsaved(); }
      return;
    }
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
    } else if (target.hasAttribute("data-print")) { window.print(); return; }
    else { return; }
    markUnsaved();
    checkStepSum();
  });

  document.addEventListener("change", function (event) {
    var row = event.target.closest("[data-formset=channels] [data-row]");
    if (row) { syncChannel(row); }
    if (event.target.matches("select[data-document-group]")) { labelDocumentName(event.target); }
    if (inHandbookForm(event.target)) { markUnsaved(); }
    checkStepSum();
  });
  document.addEventListener("input", function (event) {
    if (inHandbookForm(event.target)) { markUnsaved(); }
    if (event.target.matches("[data-step-duration], #id_total_time_value")) { checkStepSum(); }
    if (event.target.matches("[data-document-name]")) { houseHint(event.target); }
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

  window.addEventListener("hashchange", function () { reveal(hashTarget()); });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-formset=channels] [data-rows] > [data-row]").forEach(syncChannel);
    reveal(hashTarget());
  });
})();
