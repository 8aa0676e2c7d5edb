/* The payment form: shows the chosen method's fields, checks card data as they are typed
 * (Luhn, brand, expiry, CVC length) and, inside a merchant's page, answers its validate and
 * submit commands and reports its height. The server checks everything again. */
(function () {
  "use strict";
  var texts = JSON.parse(document.getElementById("texts").textContent);
  var form = document.getElementById("payment-form");
  var embedded = window.parent !== window;

  function tell(message) {
    if (embedded) { window.parent.postMessage(message, "*"); }
  }
  // (embedded.js reports the page's height as it changes.)
  tell({ type: "paystead:initialized", height: Math.ceil(document.body.getBoundingClientRect().height) });
  if (!form) { return; }

  /* Issuer number ranges: [brand, low, high], most specific first (as the server's). */
  var RANGES = [
    ["AMERICAN_EXPRESS", 34, 34], ["AMERICAN_EXPRESS", 37, 37],
    ["DINERS_CLUB", 300, 305], ["DINERS_CLUB", 36, 36], ["DINERS_CLUB", 38, 39],
    ["JCB", 3528, 3589],
    ["DISCOVER", 6011, 6011], ["DISCOVER", 644, 649], ["DISCOVER", 65, 65],
    ["UNIONPAY", 62, 62],
    ["MASTERCARD", 51, 55], ["MASTERCARD", 2221, 2720],
    ["MAESTRO", 50, 50], ["MAESTRO", 56, 58], ["MAESTRO", 67, 67],
    ["VISA", 4, 4]
  ];
  var BRAND_NAMES = { VISA: "Visa", MASTERCARD: "Mastercard", AMERICAN_EXPRESS: "American Express",
    DINERS_CLUB: "Diners Club", DISCOVER: "Discover", JCB: "JCB", MAESTRO: "Maestro", UNIONPAY: "UnionPay" };

  function digitsOf(value) { return (value || "").replace(/[\s-]/g, ""); }
  function luhn(number) {
    if (!/^[0-9]{12,19}$/.test(number)) { return false; }
    var sum = 0;
    for (var i = 0; i < number.length; i++) {
      var digit = Number(number.charAt(number.length - 1 - i));
      if (i % 2 === 1) { digit = digit > 4 ? digit * 2 - 9 : digit * 2; }
      sum += digit;
    }
    return sum % 10 === 0;
  }
  function brandOf(number) {
    for (var i = 0; i < RANGES.length; i++) {
      var low = RANGES[i][1], width = String(low).length;
      if (number.length >= width) {
        var prefix = Number(number.slice(0, width));
        if (prefix >= low && prefix <= RANGES[i][2]) { return RANGES[i][0]; }
      }
    }
    return null;
  }
  function cvcLength(brand) { return brand === "AMERICAN_EXPRESS" ? 4 : 3; }

  function chosen() {
    return form.querySelector("input[name=paymentMethodConfigurationId]:checked") ||
      form.querySelector("input[type=hidden][name=paymentMethodConfigurationId]");
  }
  function kind() { var method = chosen(); return method ? method.getAttribute("data-kind") : null; }
  function showSections() {
    var current = kind();
    var sections = form.querySelectorAll("section.kind");
    for (var i = 0; i < sections.length; i++) {
      sections[i].hidden = sections[i].getAttribute("data-kind") !== current;
    }
  }
  function field(name) { return document.getElementById(name); }
  function setError(input, message) {
    var output = document.getElementById(input.id + "-error");
    // The message's line stays in place when empty: a layout that jumps while the buyer
    // clicks would move the button away from the pointer.
    if (output) { output.textContent = message || ""; }
    if (message) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
  }

  function parseExpiry(value) {
    var compact = (value || "").replace(/\s/g, "");
    var match = /^([0-9]{1,2})\/?([0-9]{2}|[0-9]{4})$/.exec(compact);
    if (!match) { return null; }
    var month = Number(match[1]), year = Number(match[2]);
    if (year < 100) { year += 2000; }
    if (month < 1 || month > 12) { return null; }
    return { year: year, month: month };
  }

  /* Returns [{field, message}] for the chosen method's fields, and marks them. */
  function check(only) {
    var problems = [];
    function report(name, message) {
      var input = field(name);
      if (!only || only === name) { setError(input, message); }
      if (message) { problems.push({ field: name, message: message }); }
    }
    var method = chosen();
    if (!method) {
      problems.push({ field: "paymentMethodConfigurationId", message: texts.method_required });
      return problems;
    }
    if (kind() !== "card") { return problems; }
    var holder = field("cardHolderName").value.trim();
    var holderRequired = method.getAttribute("data-holder") === "required";
    report("cardHolderName", holder || !holderRequired ? "" : texts.required);

    var number = digitsOf(field("cardNumber").value);
    var brand = brandOf(number);
    var accepted = (method.getAttribute("data-brands") || "").split(" ");
    var numberProblem = "";
    if (!number) { numberProblem = texts.required; }
    else if (!luhn(number)) { numberProblem = texts.card_number_invalid; }
    else if (accepted.indexOf(brand) < 0) { numberProblem = texts.card_brand_unsupported; }
    report("cardNumber", numberProblem);
    var brandLine = document.getElementById("card-brand");
    if (brandLine) { brandLine.textContent = brand && !numberProblem ? BRAND_NAMES[brand] : ""; }

    var expiryText = field("expiry").value;
    var expiry = parseExpiry(expiryText);
    var now = new Date();
    var expiryProblem = "";
    if (!expiryText.trim()) { expiryProblem = texts.required; }
    else if (!expiry) { expiryProblem = texts.expiry_invalid; }
    else if (expiry.year < now.getFullYear() ||
             (expiry.year === now.getFullYear() && expiry.month < now.getMonth() + 1)) {
      expiryProblem = texts.expiry_past;
    }
    report("expiry", expiryProblem);

    var cvc = field("cvc").value.trim();
    var digits = cvcLength(brand);
    report("cvc", /^[0-9]+$/.test(cvc) && cvc.length === digits ? "" : texts.cvc_invalid.replace("{digits}", digits));
    return problems;
  }

  function validate() {
    var problems = check();
    var alert = document.getElementById("alert");
    if (problems.length) {
      alert.textContent = texts.error_summary;
      alert.hidden = false;
      var first = field(problems[0].field);
      if (first && first.focus) { first.focus(); }
    } else {
      alert.hidden = true;
    }
    tell({ type: "paystead:validation", success: problems.length === 0,
           errors: problems.map(function (p) { return p.message; }) });
    return problems.length === 0;
  }

  /* After a decline the page comes back empty (it is a new page): the name and the expiry date
   * the buyer typed are kept for it in this tab's session storage, never the card number or the
   * CVC, and put back once. */
  var KEPT = "paystead:kept:" + form.getAttribute("data-transaction");
  var KEPT_FIELDS = ["cardHolderName", "expiry"];
  function keep() {
    var values = {};
    KEPT_FIELDS.forEach(function (name) { if (field(name)) { values[name] = field(name).value; } });
    try { window.sessionStorage.setItem(KEPT, JSON.stringify(values)); } catch (ignored) { /* storage off */ }
  }
  function restore() {
    var values = null;
    try {
      values = JSON.parse(window.sessionStorage.getItem(KEPT) || "null");
      window.sessionStorage.removeItem(KEPT);
    } catch (ignored) { values = null; }
    if (!values || form.getAttribute("data-declined") !== "true") { return; }
    KEPT_FIELDS.forEach(function (name) {
      if (field(name) && !field(name).value && typeof values[name] === "string") { field(name).value = values[name]; }
    });
  }
  restore();

  var submitting = false;
  form.addEventListener("submit", function (event) {
    if (submitting || !validate()) { event.preventDefault(); return; }
    submitting = true;
    keep();
    var button = form.querySelector("button.pay");
    if (button) { button.disabled = true; button.setAttribute("aria-busy", "true"); }
  });

  /* Formatting that helps typing: card numbers in groups, expiry as MM/YY. */
  var numberInput = field("cardNumber");
  if (numberInput) {
    numberInput.addEventListener("blur", function () {
      var number = digitsOf(numberInput.value);
      if (/^[0-9]+$/.test(number)) { numberInput.value = number.replace(/(.{4})(?=.)/g, "$1 "); }
      if (numberInput.value) { check("cardNumber"); }
    });
    field("expiry").addEventListener("blur", function () {
      var expiry = parseExpiry(field("expiry").value);
      if (expiry) {
        field("expiry").value = ("0" + expiry.month).slice(-2) + "/" + String(expiry.year).slice(-2);
      }
      if (field("expiry").value) { check("expiry"); }
    });
    field("cvc").addEventListener("blur", function () { if (field("cvc").value) { check("cvc"); } });
  }

  // A page that opens with a message (a declined try, errors the server found) starts there,
  // so that a screen reader reads it first.
  var opening = document.getElementById("alert");
  if (opening && !opening.hidden) { opening.focus(); }

  var radios = form.querySelectorAll("input[type=radio][name=paymentMethodConfigurationId]");
  for (var i = 0; i < radios.length; i++) { radios[i].addEventListener("change", showSections); }
  showSections();

  /* Commands from the merchant's page around the frame. */
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data) { return; }
    if (event.data.type === "paystead:validate") { validate(); }
    if (event.data.type === "paystead:submit" && !submitting && validate()) {
      submitting = true;
      keep();
      form.submit();
    }
  });
})();
