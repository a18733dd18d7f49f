// Question change form: show only the sections the chosen type uses. Without JavaScript every
// section stays visible, each saying which type it is for. A file, not inline: the CSP forbids those.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const select = document.getElementById("id_type");
  if (!select) return;
  const optionless = ["true_false", "numerical", "essay"];
  function sectionTypes(el) {
    if (el.dataset.types) return el.dataset.types.split(" ");
    return [...el.classList].filter((c) => c.startsWith("type-") && c !== "type-section").map((c) => c.slice(5));
  }
  function show() {
    const type = select.value;
    document.querySelectorAll("fieldset.type-section, .type-help").forEach(function (el) {
      el.style.display = !type || sectionTypes(el).includes(type) ? "" : "none";
    });
    const options = document.getElementById("options-group");
    if (options) options.style.display = optionless.includes(type) ? "none" : "";
  }
  select.addEventListener("change", show);
  show();
});
