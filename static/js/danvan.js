/* danvan — progressive enhancement only: every page works without this file. */
(function () {
  "use strict";

  /* --- menu button on narrow screens --- */
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest("[data-menu-toggle]");
    if (!toggle) return;
    var menu = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("open", open);
  });

  /* --- tables scroll inside a box of their own --- */
  Array.prototype.forEach.call(document.querySelectorAll("main table"), function (table) {
    if (table.parentNode.classList.contains("table-wrap") || table.closest(".table-wrap")) return;
    var wrap = document.createElement("div");
    wrap.className = "table-wrap";
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
    var row = table.querySelector("tr");
    if (row && row.children.length >= 5) table.classList.add("wide");
  });

  /* --- long filter forms fold behind a button on phones --- */
  if (window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
    Array.prototype.forEach.call(document.querySelectorAll("form.filters[method=get], form.filters:not([method])"), function (form, i) {
      if (form.querySelectorAll("input:not([type=hidden]), select").length < 3) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "filters-toggle";
      button.textContent = document.documentElement.lang === "en" ? "Search and filters ▾" : "Tìm kiếm và lọc ▾";
      form.id = form.id || "filters-" + i;
      button.setAttribute("aria-controls", form.id);
      button.setAttribute("aria-expanded", "false");
      form.classList.add("collapsible");
      if (window.location.search.length > 1) { form.classList.add("open"); button.setAttribute("aria-expanded", "true"); }
      form.parentNode.insertBefore(button, form);
      button.addEventListener("click", function () {
        var open = form.classList.toggle("open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    });
  }

  /* --- amounts written in words under money fields ("Bằng chữ: năm mươi triệu đồng"), as
     danvan.core.formatting.number_to_words does on the server --- */
  var DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
  function threeDigits(n, full) {
    var h = Math.floor(n / 100), t = Math.floor(n / 10) % 10, u = n % 10, w = [];
    if (h || full) w.push(DIGITS[h], "trăm");
    if (t === 0) { if (u && (h || full)) w.push("linh"); }
    else if (t === 1) w.push("mười");
    else w.push(DIGITS[t], "mươi");
    if (u) w.push(u === 1 && t >= 2 ? "mốt" : u === 5 && t >= 1 ? "lăm" : u === 4 && t >= 2 ? "tư" : DIGITS[u]);
    return w.join(" ");
  }
  function lowerGroups(n, full) {
    var groups = [], names = ["", "nghìn", "triệu"], w = [];
    while (n > 0) { groups.push(n % 1000); n = Math.floor(n / 1000); }
    for (var i = groups.length - 1; i >= 0; i--) {
      if (!groups[i]) continue;
      w.push(threeDigits(groups[i], full || i < groups.length - 1));
      if (names[i]) w.push(names[i]);
    }
    return w.join(" ");
  }
  function toWords(n) {
    if (n === 0) return "không";
    if (n >= 1e9) {
      var b = Math.floor(n / 1e9), rest = n % 1e9;
      var tail = rest ? (rest < 1e8 ? lowerGroups(rest, true) : toWords(rest)) : "";
      return (toWords(b) + " tỷ" + (tail ? " " + tail : "")).trim();
    }
    return lowerGroups(n, false);
  }
  function parseAmount(text) {
    text = (text || "").replace(/[\s\u00a0]/g, "");
    if (!/^\d{1,3}(\.\d{3})*$|^\d+$/.test(text)) return null;
    var n = Number(text.replace(/\./g, ""));
    return Number.isSafeInteger(n) ? n : null;
  }
  function showWords(input) {
    var line = input.parentNode.querySelector(".money-words");
    if (!line) {
      line = document.createElement("small");
      line.className = "money-words";
      line.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", line);
    }
    var n = parseAmount(input.value);
    line.textContent = n === null ? "" : "Bằng chữ: " + toWords(n).replace(/^./, function (c) { return c.toUpperCase(); }) + " đồng";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-money-words]"), function (input) {
    showWords(input);
    input.addEventListener("input", function () { showWords(input); });
  });

  /* --- picker: htmx fills the list; keyboard and mouse choose --- */
  function listOf(input) { return document.getElementById(input.getAttribute("aria-controls")); }
  function options(list) { return Array.prototype.slice.call(list.querySelectorAll('[role="option"]')); }
  function close(input) {
    var list = listOf(input);
    if (!list) return;
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function choose(input, option) {
    var value = option.getAttribute("data-value");
    var list = input.getAttribute("data-append-to") && document.getElementById(input.getAttribute("data-append-to"));
    if (list) {  /* a list picker: the chosen match becomes one more line of the box */
      var lines = list.value.split("\n").filter(function (l) { return l.trim(); });
      if (lines.indexOf(value) < 0) lines.push(value);
      list.value = lines.join("\n");
      input.value = "";
      close(input);
      list.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    input.value = value;
    close(input);
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function activate(input, step) {
    var list = listOf(input), items = options(list);
    if (list.hidden || !items.length) return;
    var current = items.findIndex(function (o) { return o.getAttribute("aria-selected") === "true"; });
    var next = (current + step + items.length) % items.length;
    if (current < 0) next = step > 0 ? 0 : items.length - 1;
    items.forEach(function (o, i) { o.setAttribute("aria-selected", i === next ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[next].id);
    items[next].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    if (!list.classList || !list.classList.contains("picker-options")) return;
    var input = list.parentNode.querySelector('[role="combobox"]');
    var has = list.children.length > 0 && document.activeElement === input;
    list.hidden = !has;
    input.setAttribute("aria-expanded", has ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches('[data-picker] [role="combobox"]')) return;
    var list = listOf(input);
    if (event.key === "ArrowDown") { activate(input, 1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { activate(input, -1); event.preventDefault(); }
    else if (event.key === "Escape") { close(input); }
    else if (event.key === "Enter" && list && !list.hidden) {
      var active = list.querySelector('[aria-selected="true"]') || (options(list).length === 1 ? options(list)[0] : null);
      if (active) { choose(input, active); event.preventDefault(); }
    }
  });
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest('.picker-options [role="option"]');
    if (!option) return;
    event.preventDefault();  /* keep the focus in the field */
    choose(option.closest("[data-picker]").querySelector('[role="combobox"]'), option);
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches('[data-picker] [role="combobox"]')) close(event.target);
  });

  /* --- confirmations: a <dialog> naming what will happen; the server asks itself without JS --- */
  var dialog = null, pending = null;
  function ensureDialog() {
    if (dialog) return dialog;
    dialog = document.getElementById("confirm-dialog");
    dialog.querySelector("[data-confirm-yes]").addEventListener("click", function () {
      var form = pending.form, submitter = pending.submitter;
      form.querySelector('input[name="confirmed"]').value = "1";
      dialog.close();
      pending = null;
      if (submitter && form.requestSubmit) form.requestSubmit(submitter); else form.submit();
    });
    dialog.querySelector("[data-confirm-no]").addEventListener("click", function () { dialog.close(); pending = null; });
    return dialog;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target, message = form.querySelector('input[name="confirm_message"]');
    if (!message || form.querySelector('input[name="confirmed"]').value === "1") return;
    var when = form.querySelector('input[name="confirm_when"]');
    if (when) {
      var parts = when.value.split("="), s = event.submitter;
      if (!s || s.name !== parts[0] || s.value !== parts.slice(1).join("=")) return;
    }
    if (!document.getElementById("confirm-dialog") || typeof HTMLDialogElement !== "function") return;
    event.preventDefault();
    var d = ensureDialog();
    pending = { form: form, submitter: event.submitter };
    d.querySelector("[data-confirm-text]").textContent = message.value;
    var label = event.submitter ? event.submitter.textContent.trim() : "";
    d.querySelector("[data-confirm-yes]").textContent = label || d.querySelector("[data-confirm-yes]").dataset.default;
    d.showModal();
  });
})();
