// The abstract's live word count: the five sections' words (the title is not counted, as
// conferences count) against the limit the resident chose. Same rule as the server's
// capstone.documents.abstract.word_count: words are runs of non-space characters.
(function () {
  var form = document.querySelector("[data-word-count-form]");
  if (!form) { return; }
  var sections = ["background", "aim", "methods", "results", "conclusions"];
  var words = form.querySelector("[data-words]");
  var limitShown = form.querySelector("[data-limit]");
  var over = form.querySelector("[data-over]");
  var limitInput = form.querySelector("[name=word_limit]");

  function count(text) {
    var trimmed = text.trim();
    return trimmed ? trimmed.split(/\s+/).length : 0;
  }

  function update() {
    var total = 0;
    sections.forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) { total += count(field.value); }
    });
    var limit = parseInt(limitInput && limitInput.value, 10) || 300;
    words.textContent = total;
    limitShown.textContent = limit;
    over.textContent = total > limit ? " — over the limit by " + (total - limit) : "";
  }

  form.addEventListener("input", update);
  update();
})();
