// Behaviour that templates used to write inline (onclick, onchange), which the
// Content-Security-Policy no longer runs: marked with data- attributes instead.
document.querySelectorAll("[data-select-on-click]").forEach(function (field) {
  field.addEventListener("click", function () { field.select(); });
});
document.querySelectorAll("[data-autosubmit]").forEach(function (field) {
  field.addEventListener("change", function () { field.form.submit(); });
});
