// The big screen follows the meeting: on each event of the live stream (server-sent events) it
// fetches the part of the page that changes and puts it in place; aria-live announces it.
// Without JavaScript the page is the same, with its "Uppdatera" link.
(function () {
  "use strict";
  var main = document.querySelector("main[data-live]");
  if (!main || !window.EventSource || !window.fetch) return;
  var region = document.getElementById("screen");
  var fetching = null;
  var again = false;

  function refresh() {
    if (fetching) { again = true; return; }
    fetching = fetch(main.dataset.part, { headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) region.innerHTML = html;
      })
      .catch(function () {})
      .then(function () {
        fetching = null;
        if (again) { again = false; refresh(); }
      });
  }

  function connect() {
    var url = main.dataset.live;
    if (main.dataset.since) url += "?sedan=" + encodeURIComponent(main.dataset.since);
    var source = new EventSource(url);
    source.onmessage = function (event) {
      main.dataset.since = event.lastEventId;
      // A vote cast ("röst 47": how many have voted) is shown from the event itself: 101 votes
      // within seconds fetch nothing. Counted as each vote was committed, two at once may come
      // in either order: the highest stands.
      var vote = /^röst (\d+)$/.exec(event.data);
      var voted = region.querySelector("[data-voted]");
      if (vote && voted && !fetching) {
        voted.textContent = String(Math.max(Number(voted.textContent), Number(vote[1])));
        return;
      }
      refresh();
    };
    source.onerror = function () {
      // The browser retries by itself; a refusal (503, or no live server) closes the stream.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 10000);
    };
  }
  connect();
})();
