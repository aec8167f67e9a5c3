// Buttons marked data-print open the browser's print dialog (the report has print styles).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
