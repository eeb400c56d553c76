// Baton console: the live bell. Pages work without this script; with it, a new referral
// or a deadline alert the viewer may see shows at once (no sound): the bell's count goes
// up and lights, and a line under the header links to the matter.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var bell = document.getElementById("bell");
  var count = document.getElementById("bell-count");
  var live = document.getElementById("live");
  if (!bell || !count || !live) { return; }
  function show(e) {
    var data;
    try { data = JSON.parse(e.data); } catch (_) { return; }
    count.textContent = String((parseInt(count.textContent, 10) || 0) + 1);
    bell.classList.add("fresh");
    var link = document.createElement("a");
    link.href = data.href;
    link.textContent = data.text;
    var line = document.createElement("p");
    line.className = "live-item " + e.type;
    line.appendChild(link);
    live.prepend(line);
    live.hidden = false;
  }
  var source = new EventSource("/events");
  source.addEventListener("ready", function () {
    document.body.setAttribute("data-live", "on");
  });
  source.addEventListener("referral", show);
  source.addEventListener("alert", show);
})();
