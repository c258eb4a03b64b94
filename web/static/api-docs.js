// Starts the vendored Swagger UI (/docs) or Redoc (/redoc) on the app's own OpenAPI document: no inline script, no CDN.
(function () {
  var swagger = document.getElementById("swagger-ui");
  if (swagger && window.SwaggerUIBundle) {
    // "Try it out" as the signed-in user: the session cookie goes along, and with it the page's CSRF token
    var csrf = swagger.dataset.csrf;
    window.SwaggerUIBundle({
      url: swagger.dataset.openapiUrl, dom_id: "#swagger-ui", deepLinking: true,
      requestInterceptor: function (request) {
        var local = new URL(request.url, window.location.href).origin === window.location.origin;
        if (csrf && local) { request.headers["X-CSRF-Token"] = csrf; }
        return request;
      }
    });
  }
  var redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) {
    window.Redoc.init(redoc.dataset.openapiUrl, { hideDownloadButton: false }, redoc);
  }
})();
