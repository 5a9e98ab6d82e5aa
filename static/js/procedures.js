// Procedure form: the ordered list of laws (P5, P6). The owner-agency picker (P1) is static/js/agency_picker.js.
// No inline scripts (CSP): everything hooks in through data- attributes.
(function () {
  "use strict";

  function lawList() { return document.querySelector("[data-law-list]"); }

  function clearLawSearch() {
    var search = document.querySelector("[data-law-search]");
    var results = document.getElementById("law-search-results");
    if (search) { search.value = ""; search.focus(); }
    if (results) { results.innerHTML = ""; }
  }

  function button(label, cls, attr, value) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.setAttribute(attr, value);
    b.textContent = label;
    return b;
  }

  // Same markup as laws/includes/law_chosen_item.html.
  function addLaw(id, title, refreshUrl) {
    var list = lawList();
    if (!list) { return; }
    if (list.querySelector('[data-law-id="' + id + '"]')) { clearLawSearch(); return; }
    var li = document.createElement("li");
    li.className = "list-group-item d-flex flex-wrap align-items-center gap-2 law-item";
    li.dataset.lawId = id;
    var input = document.createElement("input");
    input.type = "hidden"; input.name = "laws"; input.value = id;
    var span = document.createElement("span");
    span.className = "law-title flex-grow-1"; span.textContent = title;
    var status = document.createElement("span");
    status.className = "law-refreshed small text-muted";
    status.dataset.lawRefreshed = id;
    li.append(input, span, status);
    // P7: "ปรับปรุงข้อมูล" beside the law, posted by htmx so the form keeps what was typed.
    if (refreshUrl) {
      var refresh = button("ปรับปรุงข้อมูล", "btn-outline-primary", "hx-post", refreshUrl);
      refresh.setAttribute("hx-target", "previous .law-refreshed");
      refresh.setAttribute("hx-swap", "outerHTML");
      refresh.setAttribute("aria-label", "ปรับปรุงข้อมูล " + title);
      li.append(refresh);
    }
    var up = button("▲", "btn-outline-secondary", "data-law-move", "up");
    up.setAttribute("aria-label", "เลื่อนขึ้น " + title);
    var down = button("▼", "btn-outline-secondary", "data-law-move", "down");
    down.setAttribute("aria-label", "เลื่อนลง " + title);
    var remove = button("นำออก", "btn-outline-danger", "data-law-remove", "");
    remove.setAttribute("aria-label", "นำออก " + title);  // the visible word first (WCAG 2.5.3), then which law
    li.append(up, down, remove);
    list.appendChild(li);
    if (window.htmx) { window.htmx.process(li); }
    clearLawSearch();
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-law-add], [data-law-move], [data-law-remove]");
    if (!target) { return; }
    if (target.hasAttribute("data-law-add")) {
      addLaw(target.dataset.lawAdd, target.dataset.lawTitle, target.dataset.lawRefreshUrl);
    } else if (target.hasAttribute("data-law-move")) {
      var item = target.closest("li");
      if (target.dataset.lawMove === "up" && item.previousElementSibling) {
        item.parentNode.insertBefore(item, item.previousElementSibling);
      } else if (target.dataset.lawMove === "down" && item.nextElementSibling) {
        item.parentNode.insertBefore(item.nextElementSibling, item);
      }
      target.focus();
    } else if (target.hasAttribute("data-law-remove")) {
      target.closest("li").remove();
    }
  });

  // Enter in a search box searches; it must not submit the whole procedure form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-no-submit]") && event.target.closest("#procedure-form")) {
      event.preventDefault();
    }
  });

  // A law created inline (P6) arrives as a new item of the list: empty the search box.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.matches("[data-law-list]")) {
      var search = document.querySelector("[data-law-search]");
      if (search) { search.value = ""; }
    }
  });
})();
