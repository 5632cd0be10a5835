// Person pickers. Without JavaScript they are a plain select and a list of checkboxes; with it,
// the select becomes GOV.UK's accessible autocomplete (type a few letters of the name) and the
// checkbox list gets a box that narrows it as one types.
// Names are matched without case and diacritics, as the search box does: "wanngard" finds Wanngård.
function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

document.addEventListener("DOMContentLoaded", function () {
  if (window.accessibleAutocomplete) {
    document.querySelectorAll("select[data-autocomplete]").forEach(function (select) {
      window.accessibleAutocomplete.enhanceSelectElement({
        selectElement: select,
        source: function (query, populate) {
          var words = fold(query);
          populate(Array.prototype.filter.call(select.options, function (option) {
            return option.value && fold(option.textContent).indexOf(words) !== -1;
          }).map(function (option) { return option.textContent; }));
        },
        defaultValue: "",
        showAllValues: true,
        dropdownArrow: function () { return ""; },
        tNoResults: function () { return "Ingen med det namnet"; },
        tStatusQueryTooShort: function (n) { return "Skriv minst " + n + " tecken för att få förslag"; },
        tStatusNoResults: function () { return "Inga förslag"; },
        tStatusSelectedOption: function (option, length, index) { return option + " " + (index + 1) + " av " + length + " är markerad"; },
        tStatusResults: function (length, content) { return length + " förslag finns. " + content; },
        tAssistiveHint: function () { return "När förslagen visas: välj med pil upp och pil ner och bekräfta med Enter."; }
      });
    });
  }
  // One box per picker: a picker's checkboxes belong to the innermost fieldset around them, not
  // to a formset row's fieldset that holds the picker too.
  document.querySelectorAll("fieldset").forEach(function (fieldset, index) {
    var options = Array.prototype.filter.call(
      fieldset.querySelectorAll("input[type=checkbox][data-filter]"),
      function (box) { return box.closest("fieldset") === fieldset; }
    );
    if (options.length < 8) { return; }
    var id = "filter-" + index;
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = "Visa bara namn som innehåller";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    input.addEventListener("input", function () {
      var words = fold(input.value);
      options.forEach(function (box) {
        var row = box.closest(".choice");
        row.hidden = Boolean(words) && fold(row.textContent).indexOf(words) === -1 && !box.checked;
      });
    });
    var legend = fieldset.querySelector("legend");
    legend.after(label, input);
  });
});
