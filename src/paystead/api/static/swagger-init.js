/* Starts Swagger UI with the settings its page carries as JSON (#swagger-ui-settings), so that
 * the page runs no inline script and its Content-Security-Policy can allow only this server's. */
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-ui-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  window.ui = SwaggerUIBundle(settings);
})();
