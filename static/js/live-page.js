// A member's or the chair's page of the live meeting follows it: on each event of the live
// stream (server-sent events) the page is loaded again, so a vote opened or closed, a speaker
// given the word or a yrkande put shows at once. While the user has started filling in a form
// the page is not reloaded (nothing typed is lost): a notice says that something changed.
// Without JavaScript the page works the same, with its "Uppdatera sidan" link. Events the page
// does not show (data-quiet, e.g. "röst" on a member's page: another member's vote) are
// passed over, and a burst of events (101 votes within seconds) reloads the page once, where
// the user had scrolled to.
(function () {
  "use strict";
  // Where the page was when this script loaded it again (below): a phone stays where its user
  // was reading, not sent to the top on each change. Only a reload the script made stored it.
  var SCROLL = "live-scroll:" + window.location.pathname;
  try {
    var kept = window.sessionStorage.getItem(SCROLL);
    if (kept !== null) {
      window.sessionStorage.removeItem(SCROLL);
      window.scrollTo(0, Number(kept) || 0);
    }
  } catch (error) { /* no sessionStorage (a private window): the page starts at the top */ }

  var follow = document.querySelector("[data-live]");
  if (!follow || !window.EventSource) return;
  var notice = document.querySelector(".live-notice");
  var quiet = (follow.dataset.quiet || "").split(" ");
  var pending = null;

  // Something typed and not sent: a reload would lose it (not text typed and then cleared).
  function typed() {
    var fields = document.querySelectorAll("textarea, input[type=text]");
    return Array.prototype.some.call(fields, function (field) {
      return field.value !== field.defaultValue;
    });
  }

  // Or a choice made and not sent (a vote, the member in the chair's hand-recorded vote): the
  // page made again would show the choice the server has, not this one.
  function typing() {
    if (typed()) return true;
    var choices = document.querySelectorAll("input[type=radio], input[type=checkbox]");
    var some = Array.prototype.some;
    return some.call(choices, function (choice) {
      return choice.checked !== choice.defaultChecked;
    }) || some.call(document.querySelectorAll("select"), chosen);
  }

  // A select the user changed. One whose options have no `selected` shows its first: that is
  // not a choice made (an option's defaultSelected alone would say it is).
  function chosen(select) {
    if (select.multiple) {
      return Array.prototype.some.call(select.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    var initial = 0;
    Array.prototype.forEach.call(select.options, function (option, index) {
      if (option.defaultSelected) initial = index;
    });
    return select.selectedIndex !== initial;
  }

  function reload() {
    try {
      window.sessionStorage.setItem(SCROLL, String(window.scrollY));
    } catch (error) { /* the page loads at the top */ }
    // A GET of the page itself (never a form sent again); without the "#fel" a refused form
    // left, which would only move within the page.
    window.location.assign(window.location.pathname + window.location.search);
  }

  function connect() {
    var url = follow.dataset.live;
    if (follow.dataset.since) url += "?sedan=" + encodeURIComponent(follow.dataset.since);
    var source = new EventSource(url);
    source.onmessage = function (event) {
      if (quiet.indexOf(event.data.split(" ")[0]) !== -1) return;  // "röst 47": a vote
      if (typing()) {
        if (notice) notice.hidden = false;
        return;
      }
      if (pending) return;
      pending = setTimeout(function () {  // what else comes within the moment joins this reload
        source.close();
        reload();
      }, 300);
    };
    source.onerror = function () {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 10000);
    };
  }
  connect();

  // The speaking time (data-talartid) runs on from the m:ss the server counted when the page was
  // made, so a device whose clock is wrong still shows it right.
  var timer = document.querySelector("[data-talartid]");
  if (timer) {
    var counted = timer.textContent.split(":");
    var start = Date.now() - (Number(counted[0]) * 60 + Number(counted[1])) * 1000;
    setInterval(function () {
      var seconds = Math.floor((Date.now() - start) / 1000);
      var rest = seconds % 60;
      timer.textContent = Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
    }, 1000);
  }

  // The vote is sent without leaving the page, over the page's socket (data-socket, opened
  // while the votering is shown: meetings/live_socket.py) or, without one, by fetch; the
  // answer is announced in place (#min-rost, a status region) with the yrkande voted for. A
  // vote sent on a socket that closes before answering (its server restarted) is sent again
  // by fetch: the same choice stored twice is one ballot. Without fetch, or if it fails, the
  // form is sent.
  var ballot = document.querySelector("form[data-vote]");
  // A votering not yet voted in: its button within the screen (a phone's first screen may end
  // above it), moving the page no more than that.
  if (ballot && ballot.hasAttribute("data-unvoted")) {
    ballot.querySelector("button[type=submit]").scrollIntoView({ block: "nearest" });
  }
  if (!ballot || !window.fetch) return;
  var answer = document.getElementById("min-rost");
  var socket = null;
  var unanswered = null;  // the choice sent on the socket, until it answers

  var choices = ballot.querySelectorAll("input[name=choice]");

  function shown(data) {
    if (data.fel) {
      answer.textContent = data.fel;
      // The page is out of date (the votering closed or changed, or the member signed out):
      // loaded again once the refusal has been read, unless text typed would be lost.
      if (data.ladda_om && !typed()) setTimeout(reload, 2500);
      return;
    }
    var input = ballot.querySelector('input[name=choice][value="' + data.choice + '"]');
    var label = document.querySelector('label[for="' + input.id + '"]').textContent;
    answer.textContent = "Din röst är registrerad: " + label +
      ". Du kan ändra den tills ordföranden avslutar voteringen.";
    ballot.querySelector("button[type=submit]").textContent = "Ändra min röst";
    Array.prototype.forEach.call(choices, function (choice) {  // what the server has now
      choice.defaultChecked = choice.value === data.choice;
    });
  }

  function post() {
    fetch(window.location.pathname, {
      method: "POST",
      body: new FormData(ballot),
      headers: { Accept: "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        if (response.status === 403) {  // signed out, or in again elsewhere: a new CSRF token
          return { fel: "Du är inte längre inloggad här. Logga in och rösta igen.", ladda_om: true };
        }
        return response.json();
      })
      .then(shown)
      .catch(function () { ballot.submit(); });
  }

  function open() {
    if (!ballot.dataset.socket || !window.WebSocket) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var opened = new WebSocket(scheme + window.location.host + ballot.dataset.socket);
    opened.onopen = function () { socket = opened; };
    opened.onmessage = function (event) {
      unanswered = null;
      shown(JSON.parse(event.data));
    };
    opened.onclose = function () {
      if (socket !== opened) return;  // never opened: the votes go by fetch
      socket = null;
      if (unanswered !== null) post();
      unanswered = null;
      setTimeout(open, 3000);
    };
  }
  open();

  ballot.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = ballot.querySelector("input[name=choice]:checked");
    if (!socket) {
      post();
      return;
    }
    unanswered = chosen ? chosen.value : "";
    socket.send(JSON.stringify({ votering: ballot.elements.votering.value, choice: unanswered }));
  });
})();
