/* The attempt page: autosave each answer, reorder items by keyboard, count down to the server's deadline,
   confirm before submitting. No inline script anywhere (the site runs under a strict CSP): everything the
   script needs comes from data- attributes. The server stays the authority on time and on what is saved. */
(function () {
  "use strict";

  var form = document.getElementById("attempt");
  if (!form) return;
  var texts = document.getElementById("quiz-texts").dataset;
  var saveUrl = form.dataset.saveUrl;
  var version = parseInt(form.dataset.version, 10);
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var statusText = form.querySelector("[data-save-status]");
  var retryButton = form.querySelector("[data-retry]");
  var announcer = form.querySelector("[data-announce]");
  var pending = new Map(); // question id -> answer (null clears), saved one question at a time, oldest first
  var draining = null;
  var failed = false;
  var blocked = false; // a stale copy or a closed attempt: nothing more can be saved from this page
  var submitting = false;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  function fieldsetOf(questionId) {
    return form.querySelector('fieldset[data-question="' + questionId + '"]');
  }

  function checkedValues(fs) {
    return Array.prototype.map.call(fs.querySelectorAll("input:checked"), function (i) { return i.value; });
  }

  /* The answer in the API's shape; null clears the answer; undefined means "not a valid answer yet". */
  function answerOf(fs) {
    var checked = checkedValues(fs);
    switch (fs.dataset.type) {
      case "single": return checked.length ? { choice: parseInt(checked[0], 10) } : null;
      case "multiple": return checked.length ? { choices: checked.map(Number) } : null;
      case "true_false": return checked.length ? { value: checked[0] === "true" } : null;
      case "short_answer":
      case "essay": {
        var text = fs.querySelector("input, textarea").value;
        return text.trim() ? { text: text } : null;
      }
      case "numerical": {
        var input = fs.querySelector("input");
        if (input.validity.badInput) return undefined;
        if (input.value === "") return null;
        var value = Number(input.value);
        return isFinite(value) ? { value: value } : undefined;
      }
      case "matching": {
        var pairs = [];
        fs.querySelectorAll("select[data-left]").forEach(function (s) {
          if (s.value) pairs.push({ left: parseInt(s.dataset.left, 10), right: parseInt(s.value, 10) });
        });
        return pairs.length ? { pairs: pairs } : null;
      }
      case "ordering":
        return { order: Array.prototype.map.call(fs.querySelectorAll("[data-item]"), function (li) {
          return parseInt(li.dataset.item, 10);
        }) };
    }
    return undefined;
  }

  function setState(fs, state, message) {
    var el = fs.querySelector("[data-state]");
    el.className = "q-state " + state;
    el.textContent = message || { saving: texts.saving, saved: texts.saved, failed: texts.failed }[state] || "";
  }

  function showOverall() {
    retryButton.hidden = !failed || blocked;
    if (blocked) return;
    if (failed) statusText.textContent = texts.failed;
    else if (pending.size || draining) statusText.textContent = texts.saving;
    else statusText.textContent = texts.allSaved;
    form.classList.toggle("has-failed", failed);
  }

  function queue(fs) {
    if (blocked || submitting) return;
    var answer = answerOf(fs);
    if (answer === undefined) {
      setState(fs, "failed", texts.invalid);
      return;
    }
    fs.toggleAttribute("data-answered", answer !== null);
    var hint = fs.querySelector("[data-unanswered-hint]");
    if (hint) hint.hidden = answer !== null;
    pending.set(parseInt(fs.dataset.question, 10), answer);
    setState(fs, "saving");
    drain();
  }

  function block(message) {
    blocked = true;
    var box = form.querySelector("[data-conflict]");
    box.querySelector("[data-conflict-text]").textContent = message;
    box.hidden = false;
    statusText.textContent = message;
    form.querySelectorAll("fieldset").forEach(function (fs) { fs.disabled = true; });
  }

  /* POST one answer. Resolves true when saved; false when it must wait (network) or cannot be saved. */
  function sendOne() {
    var first = pending.entries().next().value;
    var questionId = first[0], answer = first[1];
    pending.delete(questionId);
    var fs = fieldsetOf(questionId);
    return fetch(saveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify({ version: version, responses: [{ question: questionId, answer: answer }] }),
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          version = body.version;
          if (!pending.has(questionId)) setState(fs, "saved");
          return true;
        }
        if (response.status === 409) {
          block(body.code === "stale" ? texts.stale : texts.closed);
          return false;
        }
        if (response.status === 400) { // this answer is refused as it is; the others can still be saved
          setState(fs, "failed", body.error || texts.failed);
          return true;
        }
        throw new Error("save failed: " + response.status);
      });
    }).catch(function () {
      if (!pending.has(questionId)) pending.set(questionId, answer); // keep it for the retry
      setState(fs, "failed");
      failed = true;
      return false;
    });
  }

  /* Save everything pending, one request at a time (each save bumps the attempt version). */
  function drain() {
    if (draining) return draining;
    failed = false;
    showOverall();
    draining = (async function () {
      try {
        while (pending.size && !blocked) {
          if (!(await sendOne())) return false;
        }
        return !blocked;
      } finally {
        draining = null;
        showOverall();
      }
    })();
    return draining;
  }

  // ---------------------------------------------------------------- answering

  var typingTimers = new Map();
  form.addEventListener("change", function (event) {
    var fs = event.target.closest("fieldset[data-question]");
    if (!fs) return;
    clearTimeout(typingTimers.get(fs));
    queue(fs);
  });
  form.addEventListener("input", function (event) { // long answers are saved while typing, not only on blur
    var fs = event.target.closest("fieldset[data-question]");
    if (!fs || !/^(short_answer|essay|numerical)$/.test(fs.dataset.type)) return;
    clearTimeout(typingTimers.get(fs));
    typingTimers.set(fs, setTimeout(function () { queue(fs); }, 1200));
  });
  retryButton.addEventListener("click", drain);

  form.addEventListener("click", function (event) { // "Keep this order": the order shown is the answer
    var keep = event.target.closest("button[data-keep-order]");
    if (keep) queue(keep.closest("fieldset"));
  });

  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    var li = button.closest("li[data-item]");
    var list = li.parentElement;
    var items = Array.prototype.slice.call(list.children);
    var index = items.indexOf(li);
    var target = index + parseInt(button.dataset.move, 10);
    if (target < 0 || target >= items.length) return;
    if (target < index) list.insertBefore(li, items[target]);
    else list.insertBefore(li, items[target].nextSibling);
    // Keep the keyboard where it was: the same button of the moved item (or its other one at an end).
    var again = li.querySelector('button[data-move="' + button.dataset.move + '"]');
    var atEnd = target === 0 || target === items.length - 1;
    (atEnd ? li.querySelector('button[data-move="' + -parseInt(button.dataset.move, 10) + '"]') : again).focus();
    var fs = li.closest("fieldset");
    fs.querySelector("[data-order-live]").textContent = format(texts.moved, {
      item: li.querySelector(".ord-text").textContent, pos: target + 1, total: items.length,
    });
    queue(fs);
  });

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && (pending.size || draining)) event.preventDefault();
  });

  // ---------------------------------------------------------------- submitting

  var dialog = document.querySelector("[data-confirm-dialog]");

  function submitNow() {
    submitting = true;
    form.submit(); // form.submit() skips the submit event, so the confirm is not asked again
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (submitting) return;
    var all = form.querySelectorAll("fieldset[data-question]");
    var answered = form.querySelectorAll("fieldset[data-answered]").length;
    dialog.querySelector("[data-confirm-summary]").textContent = format(texts.summary, {
      answered: answered, total: all.length,
    });
    var missing = [];
    all.forEach(function (fs, index) { if (!fs.hasAttribute("data-answered")) missing.push(index + 1); });
    dialog.querySelector("[data-confirm-unanswered]").textContent = !missing.length ? "" :
      format(missing.length === 1 ? texts.unansweredOne : texts.unansweredMany, { list: missing.join(", ") });
    dialog.showModal();
  });
  dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () { dialog.close(); });
  dialog.querySelector("[data-confirm-submit]").addEventListener("click", function () {
    dialog.close();
    drain().then(function (ok) {
      if (ok || blocked) submitNow(); // a closed attempt submits to see its result; a network failure waits
      else showOverall();
    });
  });

  // ---------------------------------------------------------------- the countdown

  function clock(seconds) { // 4:05, 1:04:05, or 3 d 01:04 when the deadline is days away (a due date)
    var d = Math.floor(seconds / 86400), h = Math.floor((seconds % 86400) / 3600);
    var m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    var pad = function (n) { return String(n).padStart(2, "0"); };
    if (d) return d + " d " + pad(h) + ":" + pad(m);
    return (h ? h + ":" + pad(m) : m) + ":" + pad(s);
  }

  var timer = form.querySelector("[data-timer]");
  if (timer && form.dataset.deadline) {
    // Count from the server's clock: the difference to this device's clock is measured once, at load.
    var skew = Date.parse(form.dataset.now) - Date.now();
    var deadline = Date.parse(form.dataset.deadline);
    var warned = {}; // each warning is spoken once, when its moment passes (not on load)
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - (Date.now() + skew)) / 1000));
      timer.textContent = clock(left);
      timer.parentElement.classList.toggle("urgent", left <= 60);
      [5, 1].forEach(function (minutes) {
        if (left <= minutes * 60 && left > minutes * 60 - 5 && !warned[minutes]) { // just crossed it
          warned[minutes] = true;
          announcer.textContent = minutes === 1 ? texts.oneMinute : format(texts.minutesLeft, { n: minutes });
        }
      });
      if (left > 0) return;
      clearInterval(interval);
      announcer.textContent = texts.timeUp;
      statusText.textContent = texts.timeUp;
      if (dialog.open) dialog.close();
      // Save what is pending (the server accepts saves for a short grace period), then submit anyway.
      Promise.race([drain(), new Promise(function (resolve) { setTimeout(resolve, 5000); })]).then(submitNow);
    };
    var interval = setInterval(tick, 1000);
    tick();
  }
})();
