/* The demo shop's checkout: opens the lightbox, or embeds the form with the shop's own button.
 * One Pay button at a time: the embedded form's replaces the lightbox's, and back. The form
 * shows its own errors next to its fields; the shop does not repeat them. */
(function () {
  "use strict";
  var error = document.getElementById("demo-error");
  function fail(text) { error.textContent = text; error.hidden = false; }
  var lightboxChoice = document.getElementById("lightbox-choice");
  var iframeChoice = document.getElementById("iframe-choice");
  document.getElementById("pay-lightbox").addEventListener("click", function () {
    window.LightboxCheckoutHandler.startPayment(null, fail);
  });
  var handler = null;
  document.getElementById("show-iframe").addEventListener("click", function () {
    lightboxChoice.hidden = true;
    iframeChoice.hidden = false;
    if (!handler) {
      handler = window.IframeCheckoutHandler(null);
      handler.setValidationCallback(function (result) { if (result.success) { error.hidden = true; } });
      handler.create("payment-frame");
    }
    // The shown form takes the place of the hidden button, and the focus with it.
    document.querySelector("#payment-frame iframe").focus();
  });
  document.getElementById("show-lightbox").addEventListener("click", function () {
    iframeChoice.hidden = true;
    lightboxChoice.hidden = false;
    document.getElementById("pay-lightbox").focus();
  });
  document.getElementById("pay-iframe").addEventListener("click", function () { handler.submit(); });
})();
