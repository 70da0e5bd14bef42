// Documents take a few seconds to make (the PDF is laid out by LibreOffice): while one is being
// made, say so and count the seconds. The server answers with a cookie naming the token the link
// carried, which tells this script the file has arrived. Without JavaScript the link works as is.
(function () {
  "use strict";
  var COOKIE = "prongsai_dl";

  function cookieValue() {
    var found = document.cookie.split("; ").filter(function (c) { return c.indexOf(COOKIE + "=") === 0; });
    return found.length ? found[0].slice(COOKIE.length + 1) : "";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-download]");
    if (!link) { return; }
    var status = document.getElementById("download-status");
    if (!status) { return; }
    var token = Math.random().toString(36).slice(2, 12);
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("dl", token);
    link.href = url.toString();
    var started = Date.now();
    var label = status.dataset.making + " " + link.dataset.download;
    status.hidden = false;
    status.textContent = label;
    var timer = window.setInterval(function () {
      var seconds = Math.round((Date.now() - started) / 1000);
      if (cookieValue() === token) {
        window.clearInterval(timer);
        status.textContent = status.dataset.done;
        window.setTimeout(function () { status.hidden = true; }, 4000);
        return;
      }
      status.textContent = label + " (" + seconds + " " + status.dataset.seconds + ")";
      if (seconds > 120) { window.clearInterval(timer); status.hidden = true; }
    }, 500);
  });
})();
