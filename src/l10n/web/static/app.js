// Keyboard shortcuts and focus for the post page. Plain JS (no build step); htmx does the saving.
(function () {
  "use strict";
  const units = () => Array.from(document.querySelectorAll(".unit"));
  const pending = (u) => u.classList.contains("draft") || u.classList.contains("stale");
  let current = null;

  function focusUnit(unit) {
    if (!unit) return;
    if (current) current.classList.remove("current");
    current = unit;
    unit.classList.add("current");
    unit.focus({ preventScroll: true });
    unit.scrollIntoView({ block: "nearest" });
  }
  function currentUnit() {
    const inside = document.activeElement && document.activeElement.closest(".unit");
    return inside || (current && document.contains(current) ? current : null);
  }
  function move(step, onlyPending) {
    const all = units();
    let i = all.indexOf(currentUnit());
    for (let n = 0; n < all.length; n++) {
      i += step;
      if (i < 0 || i >= all.length) return;
      if (!onlyPending || pending(all[i])) { focusUnit(all[i]); return; }
    }
  }
  function edit(unit) {
    const editor = unit.querySelector(".editor");
    if (editor.hidden) {
      editor.hidden = false;
      const shown = unit.querySelector(".shown-en");
      if (shown) shown.hidden = true;
      const actions = unit.querySelector(".actions");
      if (!actions.querySelector(".approve")) {
        const save = document.createElement("button");
        save.type = "submit";
        save.className = "approve";
        save.textContent = "Save";
        actions.prepend(save);
      }
    }
    const box = unit.querySelector("textarea");
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }
  function approve(unit) {
    const form = unit.querySelector("form.en");
    if (unit.querySelector(".editor").hidden) return;  // a reviewed unit: press e to change it
    if (form.querySelector("textarea").value.trim()) form.requestSubmit();
  }
  function toggleHelp() {
    const keys = document.getElementById("keys");
    const button = document.querySelector(".help-toggle");
    if (!keys) return;
    keys.hidden = !keys.hidden;
    if (button) button.setAttribute("aria-expanded", String(!keys.hidden));
  }
  function labelFor(form) {
    const box = form.querySelector("textarea");
    const button = form.querySelector("button.approve");
    if (!button) return;
    const edited = box.value !== form.querySelector("input[name=base]").value;
    const unit = form.closest(".unit");
    button.textContent = edited || !pending(unit) ? "Save" : "Approve";
  }

  document.addEventListener("input", (e) => {
    if (e.target.matches(".unit textarea")) labelFor(e.target.form);
  });
  document.addEventListener("click", (e) => {
    const button = e.target.closest("button");
    if (!button) return;
    if (button.classList.contains("help-toggle")) toggleHelp();
    const unit = button.closest(".unit");
    if (!unit) return;
    if (button.classList.contains("edit")) edit(unit);
    if (button.classList.contains("skip")) { focusUnit(unit); move(1, true); }
  });
  document.addEventListener("keydown", (e) => {
    const typing = e.target.matches("textarea, input, select");
    if (typing) {
      const unit = e.target.closest(".unit");
      if (unit && e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); approve(unit); }
      if (unit && e.key === "Escape") {
        e.target.value = unit.querySelector("input[name=base]").value;
        labelFor(e.target.form);
        focusUnit(unit);
      }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const unit = currentUnit();
    const actions = {
      j: () => move(1, false), k: () => move(-1, false), n: () => move(1, true), "?": toggleHelp,
      a: () => unit && approve(unit), e: () => unit && edit(unit), s: () => unit && move(1, true),
      p: () => {
        const form = unit && unit.closest(".para").querySelector("form.para-approve");
        if (form) form.requestSubmit();
      },
    };
    if (actions[e.key] && document.querySelector(".unit")) { e.preventDefault(); actions[e.key](); }
  });
  // After a save, go on with the next unit that needs review (the saved unit is a new element).
  let saving = null;
  document.addEventListener("htmx:beforeRequest", (e) => {
    const where = e.detail.elt.closest(".unit, .para");
    saving = where ? where.id : null;
  });
  document.addEventListener("htmx:afterSettle", () => {
    const swapped = saving && document.getElementById(saving);
    saving = null;
    const unit = swapped && (swapped.matches(".unit") ? swapped : swapped.querySelector(".unit"));
    if (!unit) return;
    focusUnit(unit);
    if (!pending(unit) && !unit.querySelector(".notice")) move(1, true);
  });
  document.addEventListener("DOMContentLoaded", () => {
    const first = units().find(pending);
    if (first && !location.hash) current = first;
  });
})();
