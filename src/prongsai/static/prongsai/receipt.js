// The complaint receipt page: "copy" puts the receipt number on the clipboard (or, where the
// browser refuses, selects it so a long press copies it); "print" opens the print dialog (the
// print stylesheet keeps only the organisation, the heading and the number). Without JavaScript
// the buttons stay hidden and the number is plain text to select.
(function () {
  "use strict";
  var actions = document.querySelector("[data-receipt-actions]");
  if (!actions) { return; }
  actions.hidden = false;
  var status = actions.querySelector("[data-copy-status]");

  function select(node) {
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  var copy = actions.querySelector("[data-copy]");
  copy.addEventListener("click", function () {
    var node = document.getElementById(copy.dataset.copy);
    var text = node.textContent.trim();
    select(node);
    function fallback() {
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      status.textContent = copied ? copy.dataset.copied : copy.dataset.selected;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = copy.dataset.copied;
      }, fallback);
    } else {
      fallback();
    }
  });

  actions.querySelector("[data-print]").addEventListener("click", function () {
    window.print();
  });
})();
