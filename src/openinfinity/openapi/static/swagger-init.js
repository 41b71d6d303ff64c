// Starts Swagger UI on /docs (a file, not an inline script: the page's CSP allows scripts from
// this server only). A signed-in browser calls the API with its session: the cookie goes along on
// its own, and writes carry the session's CSRF token from <meta name="csrf-token">, as in the
// web app. A token set under "Authorize" is sent instead (the server then ignores the cookie).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : null;
  var SAFE = { GET: true, HEAD: true, OPTIONS: true };

  function hasToken(headers) {
    return Object.keys(headers).some(function (name) {
      var lower = name.toLowerCase();
      return lower === "authorization" || lower === "x-api-token";
    });
  }

  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    deepLinking: true,
    displayOperationId: true,
    persistAuthorization: true,
    tryItOutEnabled: Boolean(csrf),
    validatorUrl: null,
    oauth2RedirectUrl: window.location.origin + "/docs/oauth2-redirect",
    requestInterceptor: function (request) {
      request.headers = request.headers || {};
      request.credentials = "same-origin";
      var method = (request.method || "GET").toUpperCase();
      if (csrf && !SAFE[method] && !hasToken(request.headers)) {
        request.headers["X-CSRF-Token"] = csrf;
      }
      return request;
    },
  });
  window.ui.initOAuth({ usePkceWithAuthorizationCodeGrant: true });
})();
