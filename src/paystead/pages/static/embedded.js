/* Inside a merchant's page (iframe or lightbox), every Paystead page reports its height, so
 * that the frame around it fits. Outside a frame it does nothing. */
(function () {
  "use strict";
  if (window.parent === window) { return; }
  // The body's own height: the document's would never shrink below the frame's.
  function report() {
    window.parent.postMessage({ type: "paystead:height",
                                height: Math.ceil(document.body.getBoundingClientRect().height) }, "*");
  }
  report();
  if (window.ResizeObserver) { new ResizeObserver(report).observe(document.body); }
  // Escape typed inside the frame reaches this document, not the merchant's: pass it on, so
  // that a lightbox closes wherever the focus is.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { window.parent.postMessage({ type: "paystead:escape" }, "*"); }
  });
})();
