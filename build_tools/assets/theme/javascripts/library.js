/* The publications library: filter the cards by kind and year. Without JavaScript every
   card stays visible and the filters stay hidden. */
(function () {
  "use strict";
  function setUp(library) {
    var form = library.querySelector(".bdpub-filters");
    var cards = Array.prototype.slice.call(library.querySelectorAll(".bdpub-card"));
    var empty = library.querySelector(".bdpub-empty");
    var count = library.querySelector(".bdpub-count");
    var template = library.getAttribute("data-count") || "{count}";
    function apply() {
      var kind = form.elements.kind.value;
      var year = form.elements.year.value;
      var shown = 0;
      cards.forEach(function (card) {
        var visible = (!kind || card.dataset.kind === kind) && (!year || card.dataset.year === year);
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      empty.hidden = shown > 0;
      count.textContent = template.replace("{count}", String(shown));
    }
    form.hidden = false;
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    apply();
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-bdpub-library]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
