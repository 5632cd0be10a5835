// A form that came back with errors: move focus to the summary at the top, so a screen reader
// reads it and a keyboard user starts from it. The page works without this.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("fel");
  if (summary) { summary.focus(); }
});
