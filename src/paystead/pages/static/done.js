/* The end of an embedded payment: tell the merchant's page (which decides where to go), or go
 * to the result URL when the form is not embedded. */
(function () {
  "use strict";
  var done = document.getElementById("done");
  var result = {
    type: "paystead:done",
    success: done.getAttribute("data-success") === "true",
    state: done.getAttribute("data-state"),
    transactionId: Number(done.getAttribute("data-transaction-id")),
    redirectUrl: done.getAttribute("data-redirect-url")
  };
  if (window.parent !== window) {
    window.parent.postMessage(result, "*");
  } else {
    window.location.replace(result.redirectUrl);
  }
})();
