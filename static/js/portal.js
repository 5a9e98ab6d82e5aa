// Portal-wide behaviour. No inline scripts anywhere (CSP): pages hook in through data- attributes.
(function () {
  "use strict";
  // htmx requests carry the CSRF token from the cookie-less meta/hidden input rendered by Django.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
  // A form that came back with errors: its summary (templates/includes/error_summary.html) takes the focus, so a
  // screen reader reads it and Tab goes on to its links to the fields.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  });
  // Buttons that ask for confirmation before submitting: data-confirm="ข้อความ".
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
