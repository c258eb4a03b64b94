// Starts the vendored Swagger UI (/docs) or Redoc (/redoc) on the app's own OpenAPI document: no inline script, no CDN.
(function () {
  var swagger = document.getElementById("swagger-ui");
  if (swagger && window.SwaggerUIBundle) {
    window.SwaggerUIBundle({ url: swagger.dataset.openapiUrl, dom_id: "#swagger-ui", deepLinking: true });
  }
  var redoc = document.getElementById("redoc");
  if (redoc && window.Redoc) {
    window.Redoc.init(redoc.dataset.openapiUrl, { hideDownloadButton: false }, redoc);
  }
})();
