/* Starts Swagger UI with the settings its page carries as JSON (#swagger-ui-settings), so that
 * the page runs no inline script and its Content-Security-Policy can allow only this server's.
 *
 * It also lets "Try it out" call the API. wallee's token is computed per request, so a token
 * cannot be pasted once: the Authorize dialog takes the application user id and authentication
 * key instead (the page's copy of the document offers them as an HTTP Basic scheme, the one
 * Swagger UI 4 form with two fields, a masked one for the key), and the request interceptor
 * replaces the Basic header Swagger UI attaches with `Authorization: Bearer <JWT>`, signed here
 * with Web Crypto exactly as the wallee SDKs sign. The key never leaves the browser: the Basic
 * header is removed before the request is sent; when signing fails nothing is sent at all.
 * It is held in Swagger UI's memory only (persistAuthorization is off): a reload forgets it.
 */
(function () {
  "use strict";

  var SCHEME_NAME = "applicationUser";
  var SCHEME = {
    type: "http",
    scheme: "basic",
    description:
      "Enter the **application user id** as *Username* and its **authentication key** as " +
      "*Password*.\n\n" +
      "They are not sent to the server: for every \"Try it out\" request this page computes " +
      "wallee's JWT in your browser, as the wallee SDKs do (HS256 with the base64-decoded key; " +
      "header `ver: 1`; claims `sub`, `iat`, `requestPath`, `requestMethod`), and sends only " +
      "`Authorization: Bearer <JWT>`. The key stays in this page's memory until you log out or " +
      "reload; it is not stored."
  };

  /* The page's copy of the document: the one scheme above instead of the bearer token the
   * document declares (a token pasted there would be valid for a single request, and a key
   * pasted there by mistake would be sent). The served documents are left as they are. */
  function withSigningScheme(spec) {
    var document_ = spec;
    if (typeof spec === "string") {
      try {
        document_ = JSON.parse(spec);
      } catch (notJson) {
        return spec;
      }
    }
    if (!document_ || typeof document_ !== "object" || !document_.openapi) {
      return spec;
    }
    var requirement = {};
    requirement[SCHEME_NAME] = [];
    document_.components = document_.components || {};
    document_.components.securitySchemes = {};
    document_.components.securitySchemes[SCHEME_NAME] = SCHEME;
    document_.security = [requirement];
    Object.keys(document_.paths || {}).forEach(function (path) {
      var item = document_.paths[path];
      Object.keys(item).forEach(function (method) {
        if (item[method] && Array.isArray(item[method].security) && item[method].security.length) {
          item[method].security = [requirement];
        }
      });
    });
    return typeof spec === "string" ? JSON.stringify(document_) : document_;
  }

  function SigningSchemePlugin() {
    return {
      statePlugins: {
        spec: {
          wrapActions: {
            updateSpec: function (original) {
              return function (spec) {
                return original(withSigningScheme(spec));
              };
            }
          }
        }
      }
    };
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  function base64url(bytes) {
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function decodeBase64(text, what) {
    var binary;
    try {
      binary = atob(text.replace(/\s+/g, ""));
    } catch (invalid) {
      throw new Error(what + " is not valid base64");
    }
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  /* The header Swagger UI attached for the scheme, removed from the request whatever its case. */
  function takeBasicCredentials(request) {
    var credentials = null;
    Object.keys(request.headers || {}).forEach(function (name) {
      var value = request.headers[name];
      if (name.toLowerCase() === "authorization" && /^basic /i.test(String(value))) {
        delete request.headers[name];
        credentials = String(value).slice(6).trim();
      }
    });
    return credentials;
  }

  function signingError(message) {
    return new Error("Not sent: " + message + ". Authorize again with the application user id " +
                     "and its authentication key.");
  }

  /* wallee's token: HS256 over header.claims with the base64-decoded authentication key. */
  function walleeToken(userId, key, method, url) {
    if (!window.crypto || !window.crypto.subtle) {
      return Promise.reject(new Error(
        "Not sent: signing needs the browser's Web Crypto, which browsers offer only to pages " +
        "served over https:// or from localhost"));
    }
    var target = new URL(url, window.location.href);
    // What the browser will send as the request target: path and query, as the server reads them.
    var requestPath = target.pathname + target.search;
    var header = {alg: "HS256", typ: "JWT", ver: 1};
    var claims = {sub: userId, iat: Math.floor(Date.now() / 1000), requestPath: requestPath,
                  requestMethod: method.toUpperCase()};
    var signingInput = base64url(utf8(JSON.stringify(header))) + "." +
                       base64url(utf8(JSON.stringify(claims)));
    return window.crypto.subtle
      .importKey("raw", key, {name: "HMAC", hash: "SHA-256"}, false, ["sign"])
      .then(function (cryptoKey) {
        return window.crypto.subtle.sign("HMAC", cryptoKey, utf8(signingInput));
      })
      .then(function (signature) {
        return signingInput + "." + base64url(new Uint8Array(signature));
      });
  }

  /* A request that fails in the browser with `error` and sends nothing: its fetch is aborted
   * before it starts. (Rejecting instead would leave Swagger UI without the request it shows.) */
  function notSent(request, error) {
    var controller = new AbortController();
    controller.abort(error);
    request.signal = controller.signal;
    return request;
  }

  function signRequest(request) {
    var basic = takeBasicCredentials(request);
    if (basic === null) {
      return request; // not authorized: sent as it is, and the server answers 401
    }
    var userId, key;
    try {
      var pair = new TextDecoder().decode(decodeBase64(basic, "The Authorization header"));
      var colon = pair.indexOf(":");
      var userText = pair.slice(0, colon).trim();
      if (colon < 0 || !/^[0-9]{1,16}$/.test(userText) || !Number.isSafeInteger(Number(userText)) ||
          Number(userText) <= 0) {
        throw signingError("the application user id (Username) must be a positive number");
      }
      userId = Number(userText); // a JSON number, as the SDKs send it
      key = decodeBase64(pair.slice(colon + 1).trim(), "The authentication key (Password)");
      if (key.length === 0) {
        throw signingError("the authentication key (Password) is empty");
      }
    } catch (error) {
      return notSent(request, /^Not sent/.test(error.message) ? error : signingError(error.message));
    }
    return walleeToken(userId, key, request.method || "GET", request.url).then(
      function (token) {
        request.headers.Authorization = "Bearer " + token;
        return request;
      },
      function (error) {
        return notSent(request, /^Not sent/.test(error.message) ? error : signingError(error.message));
      });
  }

  var settings = JSON.parse(document.getElementById("swagger-ui-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  settings.plugins = [SigningSchemePlugin];
  settings.requestInterceptor = signRequest;
  window.ui = SwaggerUIBundle(settings);
})();
