/* The demo shop's checkout: opens the lightbox, or embeds the form with the merchant's own button. */
(function () {
  "use strict";
  var error = document.getElementById("demo-error");
  function fail(text) { error.textContent = text; error.hidden = false; }
  document.getElementById("pay-lightbox").addEventListener("click", function () {
    window.LightboxCheckoutHandler.startPayment(null, fail);
  });
  var handler = null;
  document.getElementById("show-iframe").addEventListener("click", function () {
    if (handler) { return; }
    document.getElementById("payment-frame").hidden = false;
    document.getElementById("pay-iframe").hidden = false;
    handler = window.IframeCheckoutHandler(null);
    handler.setValidationCallback(function (result) {
      if (!result.success) { fail(result.errors.join(" ")); } else { error.hidden = true; }
    });
    handler.create("payment-frame");
  });
  document.getElementById("pay-iframe").addEventListener("click", function () { handler.submit(); });
})();
