/* Paystead checkout: embeds the payment form of one transaction in a merchant's page
 * (IframeCheckoutHandler) or opens it over the page (LightboxCheckoutHandler).
 * Card data are typed into Paystead's own frame and go only to Paystead; this script only
 * exchanges commands and results with that frame, and checks the origin of every message. */
(function (config) {
  "use strict";
  var ORIGIN = config.origin;
  var frames = [];

  function formSource(mode, methodId) {
    var url = config.formUrl + "&mode=" + mode;
    if (methodId !== undefined && methodId !== null) {
      url += "&paymentMethodConfigurationId=" + encodeURIComponent(methodId);
    }
    return url;
  }

  function call(callback, value) {
    if (typeof callback === "function") { return callback(value); }
    return undefined;
  }

  function finish(entry, result) {
    var callback = result.success ? entry.callbacks.success : entry.callbacks.failure;
    if (typeof callback === "function") {
      callback(result);
      return;
    }
    window.location.assign(result.redirectUrl);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN || !event.data || typeof event.data.type !== "string") { return; }
    var entry = null;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].iframe.contentWindow === event.source) { entry = frames[i]; }
    }
    if (!entry) { return; }
    var data = event.data;
    switch (data.type) {
      case "paystead:initialized":
        call(entry.callbacks.initialize);
        call(entry.callbacks.heightChange, data.height);
        entry.resize(data.height);
        break;
      case "paystead:height":
        call(entry.callbacks.heightChange, data.height);
        entry.resize(data.height);
        break;
      case "paystead:validation":
        call(entry.callbacks.validation, { success: data.success, errors: data.errors || [] });
        call(data.success ? entry.callbacks.enableSubmit : entry.callbacks.disableSubmit);
        break;
      case "paystead:escape":
        if (entry.escape) { entry.escape(); }
        break;
      case "paystead:done":
        entry.close();
        finish(entry, { success: data.success, state: data.state, transactionId: data.transactionId,
                        redirectUrl: data.redirectUrl });
        break;
      default:
        break;
    }
  });

  function post(entry, type) {
    if (entry && entry.iframe.contentWindow) {
      entry.iframe.contentWindow.postMessage({ type: type }, ORIGIN);
    }
  }

  function makeFrame(mode, methodId) {
    var iframe = document.createElement("iframe");
    iframe.src = formSource(mode, methodId);
    iframe.title = config.texts.title;
    iframe.setAttribute("frameborder", "0");
    iframe.style.cssText = "width:100%;border:0;display:block;min-height:120px";
    return iframe;
  }

  /* wallee's iframe integration: handler = IframeCheckoutHandler(id); handler.create(container);
   * handler.validate(); handler.submit(); with the callbacks below. */
  window.IframeCheckoutHandler = function (paymentMethodConfigurationId) {
    var callbacks = {};
    var entry = null;
    var handler = {
      setValidationCallback: function (fn) { callbacks.validation = fn; return handler; },
      setInitializeCallback: function (fn) { callbacks.initialize = fn; return handler; },
      setHeightChangeCallback: function (fn) { callbacks.heightChange = fn; return handler; },
      setEnableSubmitCallback: function (fn) { callbacks.enableSubmit = fn; return handler; },
      setDisableSubmitCallback: function (fn) { callbacks.disableSubmit = fn; return handler; },
      /* Paystead: called with {success, state, transactionId, redirectUrl} instead of going to the URL. */
      setSuccessCallback: function (fn) { callbacks.success = fn; return handler; },
      setFailureCallback: function (fn) { callbacks.failure = fn; return handler; },
      create: function (container) {
        var element = typeof container === "string" ? document.getElementById(container) : container;
        if (!element) { throw new Error("Paystead: no element " + container + " to put the payment form in"); }
        var iframe = makeFrame("iframe", paymentMethodConfigurationId);
        entry = {
          iframe: iframe, callbacks: callbacks,
          resize: function (height) { if (height) { iframe.style.height = Math.ceil(height) + "px"; } },
          close: function () {}
        };
        frames.push(entry);
        element.appendChild(iframe);
        return handler;
      },
      validate: function () { post(entry, "paystead:validate"); },
      submit: function () { post(entry, "paystead:submit"); }
    };
    return handler;
  };

  /* wallee's lightbox integration: LightboxCheckoutHandler.startPayment(id, errorCallback). */
  window.LightboxCheckoutHandler = {
    startPayment: function (paymentMethodConfigurationId, errorCallback, options) {
      if (document.getElementById("paystead-lightbox")) {
        call(errorCallback, config.texts.alreadyOpen);
        return;
      }
      options = options || {};
      var opener = document.activeElement;
      var overlay = document.createElement("div");
      overlay.id = "paystead-lightbox";
      overlay.style.cssText = "position:fixed;inset:0;background:rgba(0,0,0,.55);z-index:2147483000;" +
        "display:flex;align-items:center;justify-content:center;padding:1rem";
      var dialog = document.createElement("div");
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.setAttribute("aria-label", config.texts.title);
      dialog.style.cssText = "background:#fff;border-radius:8px;width:100%;max-width:30rem;max-height:100%;" +
        "overflow:auto;position:relative;box-shadow:0 10px 40px rgba(0,0,0,.3)";
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "\u00d7";
      close.setAttribute("aria-label", config.texts.close);
      close.style.cssText = "position:absolute;top:.25rem;right:.25rem;font-size:1.5rem;line-height:1;" +
        "background:#fff;border:1px solid #767676;border-radius:4px;width:2.5rem;height:2.5rem;cursor:pointer;color:#1a1a1a";
      var iframe = makeFrame("lightbox", paymentMethodConfigurationId);
      iframe.style.height = "480px";
      var wrapper = document.createElement("div");
      wrapper.style.cssText = "padding:3rem .5rem .5rem";
      var formHeight = 480;
      // The frame is never taller than the screen leaves room for: a longer form scrolls inside
      // it, where its Pay button stays at the bottom, visible without scrolling.
      function fit() {
        var room = overlay.clientHeight - 32 - (wrapper.offsetHeight - iframe.offsetHeight);
        iframe.style.height = Math.max(120, Math.min(formHeight, room)) + "px";
      }
      wrapper.appendChild(iframe);
      dialog.appendChild(close);
      dialog.appendChild(wrapper);
      // Focus guards around the dialog: with the page behind it inert, Tab past either end of the
      // dialog would leave the document; it comes round to the other end instead.
      function guard(next) {
        var element = document.createElement("span");
        element.tabIndex = 0;
        element.addEventListener("focus", function () { next().focus(); });
        return element;
      }
      overlay.appendChild(guard(function () { return iframe; }));
      overlay.appendChild(dialog);
      overlay.appendChild(guard(function () { return close; }));

      var entry = {
        iframe: iframe,
        callbacks: { success: options.success, failure: options.failure, initialize: options.initialize,
                     validation: options.validation },
        resize: function (height) { if (height) { formHeight = Math.ceil(height); fit(); } },
        close: function () {
          if (!overlay.parentNode) { return; }
          window.removeEventListener("resize", fit);
          restoreBackground();
          document.removeEventListener("keydown", onKey, true);
          document.removeEventListener("focusin", onFocus, true);
          overlay.parentNode.removeChild(overlay);
          frames.splice(frames.indexOf(entry), 1);
          if (opener && opener.focus) { opener.focus(); }
        }
      };
      function onKey(event) {
        if (event.key === "Escape") { entry.escape(); }
      }
      entry.escape = function () { entry.close(); call(options.cancel); };
      // A modal dialog: focus that leaves it (Tab past the end) comes back to it.
      function onFocus(event) {
        if (overlay.parentNode && !overlay.contains(event.target)) { close.focus(); }
      }
      close.addEventListener("click", function () { entry.close(); call(options.cancel); });
      document.addEventListener("keydown", onKey, true);
      document.addEventListener("focusin", onFocus, true);
      iframe.addEventListener("error", function () { entry.close(); call(errorCallback, config.texts.formFailed); });
      // The page behind the dialog is inert while it is open: its own buttons (a second Pay
      // button) can be neither reached nor read.
      var background = [];
      for (var child = document.body.firstElementChild; child; child = child.nextElementSibling) {
        if (child.tagName !== "SCRIPT") {
          background.push({ element: child, inert: child.inert, hidden: child.getAttribute("aria-hidden") });
        }
      }
      function restoreBackground() {
        background.forEach(function (item) {
          item.element.inert = item.inert;
          if (item.hidden === null) { item.element.removeAttribute("aria-hidden"); }
          else { item.element.setAttribute("aria-hidden", item.hidden); }
        });
      }
      background.forEach(function (item) { item.element.inert = true; item.element.setAttribute("aria-hidden", "true"); });
      window.addEventListener("resize", fit);
      frames.push(entry);
      document.body.appendChild(overlay);
      fit();
      // Each page the frame shows (form, challenge, result) starts at its top.
      iframe.addEventListener("load", function () { dialog.scrollTop = 0; iframe.focus(); });
      close.focus();
    }
  };
})(__PAYSTEAD_CONFIG__);
